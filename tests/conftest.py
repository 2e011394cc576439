"""Shared fixtures: the demo data is loaded once per test database, through the real loader."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from wellboard.imports.datafile import load_files
from wellboard.imports.demo_data import demo_files


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_files(demo_files())


@pytest.fixture
def staff_client(db):
    """A second browser, signed in as staff; the plain `client` fixture stays anonymous."""
    user = get_user_model().objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    staff = Client()
    staff.force_login(user)
    return staff
