"""The document cache: a public download is built once per version of its data and then served from
storage; any change to what it shows, or to the Word template, makes the next download a new file;
a signed-in reader's document is never cached, so neither reader ever gets the other's file.

Builds are counted with ``registry.BUILDS``, which the registry and the .pdf views increment as they
render: a cached download that rendered anything would show up there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage

from tests.conftest import client_for, make_user
from tests.private_fixture import add_private_records, find_markers
from tests.web.test_documents_docx import make_template
from wellboard.core.models import Role
from wellboard.outputs import document_cache, page_data, registry, word_templates
from wellboard.plans.models import ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db

PROGRESS = "nottingham-jhws-2013"  # seed 001
ACTION_PLAN = "nottingham-healthy-culture-2016"  # seed 000


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # each test starts with an empty cache of its own
    return settings.MEDIA_ROOT


def builds() -> int:
    return sum(registry.BUILDS.values())


def get(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.content


def cached_files() -> list[str]:
    found = []

    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        found.extend(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}")

    walk(document_cache.PREFIX)
    return found


@pytest.mark.parametrize("url", [f"/plans/{PROGRESS}/progress-report.xlsx", f"/plans/{ACTION_PLAN}/action-plan.csv",
                                 f"/plans/{PROGRESS}/progress-report.pdf"])
def test_a_second_public_download_is_the_same_file_and_builds_nothing(client, url):
    before = builds()
    first = get(client, url)
    assert builds() == before + 1
    assert len(cached_files()) == 1
    second = get(client, url)
    assert second == first
    assert builds() == before + 1  # served from storage, not rebuilt


def test_a_changed_update_is_in_the_next_download(client):
    url = f"/plans/{PROGRESS}/progress-report.html"
    strategy = Strategy.objects.get(code=PROGRESS)
    period = page_data.progress_context_for(strategy, AnonymousUser(), {})["period"]
    update = ProgressUpdate.objects.filter(item__strategy=strategy, period=period, status="approved"
                                           ).exclude(commentary="").order_by("pk").first()
    old = get(client, url)
    assert update.commentary.split()[0] in old.decode()
    update.commentary = "Commentary rewritten after the report was first downloaded"
    update.save()
    before = builds()
    new = get(client, url)
    assert new != old and "Commentary rewritten after the report was first downloaded" in new.decode()
    assert builds() == before + 1
    assert get(client, url) == new and builds() == before + 1
    assert len(cached_files()) == 1  # the stale version was removed when the new one was stored


def test_a_changed_word_template_makes_a_new_word_file(client):
    url = f"/plans/{ACTION_PLAN}/action-plan.docx"
    old = get(client, url)
    assert get(client, url) == old
    admin = make_user("cache-admin", Role.ADMINISTRATOR, is_staff=True)
    word_templates.install("westmoor.docx", make_template(), admin)
    before = builds()
    new = get(client, url)
    assert new != old and builds() == before + 1
    assert b"westmoor" not in old.lower()
    word_templates.stop_using(admin)
    assert get(client, url) != new  # back to the built-in template: not the Westmoor file


def _private_setup(tmp_path):
    fx = add_private_records(tmp_path)
    admin = client_for(make_user("cache-reader", Role.ADMINISTRATOR, is_staff=True))
    return fx, admin, f"/plans/{fx.objects['public_plan'].code}/progress-report.html"


def test_a_signed_in_reader_never_gets_the_public_file(client, tmp_path):
    fx, admin, url = _private_setup(tmp_path)
    public = get(client, url)
    assert not find_markers(public.decode(), set(fx.markers))
    before = builds()
    private = get(admin, url)
    assert builds() == before + 1  # built for this reader, not taken from the cache
    assert find_markers(private.decode(), set(fx.markers))  # and it shows what only they may see
    files = cached_files()
    get(admin, url)
    assert cached_files() == files and builds() == before + 2  # nothing of theirs is kept


def test_the_public_never_gets_a_signed_in_readers_file(client, tmp_path):
    fx, admin, url = _private_setup(tmp_path)
    private = get(admin, url)
    assert find_markers(private.decode(), set(fx.markers))
    assert cached_files() == []
    public = get(client, url)
    assert not find_markers(public.decode(), set(fx.markers))


def test_made_up_options_are_built_but_not_kept(client):
    get(client, f"/plans/{PROGRESS}/progress-report.xlsx?period=no-such-period")
    get(client, f"/plans/{PROGRESS}/progress-report.xlsx?table=no-such-table")  # ignored by xlsx
    get(client, f"/plans/{PROGRESS}/progress-report.xlsx")
    names = cached_files()
    assert len(names) == 1, names  # one file, the plain one, served for ?table= too
