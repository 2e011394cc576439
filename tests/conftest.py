"""Shared fixtures: the demo data is loaded once per test database, through the real loader."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings

from wellboard.core.models import Role, RoleAssignment
from wellboard.imports.datafile import load_files
from wellboard.imports.demo_data import demo_files


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Real hashing costs about a second per password on this machine; tests do not need its strength."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_files(demo_files())


@pytest.fixture
def staff_client(db):
    """A second browser, signed in as a site administrator; the plain `client` fixture stays anonymous."""
    user = get_user_model().objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR)
    staff = Client()
    staff.force_login(user)
    return staff


def make_user(username, role=None, scope=None, person=None, **fields):
    """A user holding ``role`` over ``scope`` (a body or plan; None for site-wide), optionally a lead ``person``."""
    user = get_user_model().objects.create_user(username, password="pw-for-tests-only", **fields)
    if role:
        RoleAssignment.objects.create(
            user=user, role=role, scope_type=ContentType.objects.get_for_model(scope) if scope else None,
            scope_id=scope.pk if scope else None)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def client_for(user):
    c = Client()
    c.force_login(user)
    return c
