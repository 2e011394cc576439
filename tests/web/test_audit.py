"""The audit trail: every write recorded with who, when, before and after; history pages; export; immutability."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for, make_user
from wellboard.core.audit import AuditEntryImmutable, audited_update, record_bulk, system_actor
from wellboard.directory.models import Organisation, Person
from wellboard.plans.models import ItemLead, PlanItem

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def entries(obj):
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))


def history_url(obj):
    return reverse("core:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("h5-admin", "admin@example.org", "pw-for-tests-only")


def test_every_domain_model_is_audited():
    """Each Wellboard app registers its models in its AppConfig.ready() with core.audit.register_app_models."""
    missing = [model._meta.label for config in apps.get_app_configs() if config.name.startswith("wellboard.")
               for model in config.get_models() if not auditlog.contains(model)]
    assert not missing, f"not audited: {missing}"
    assert auditlog.contains(get_user_model())


def test_an_admin_edit_is_recorded_with_actor_and_before_after(admin_user):
    org = Organisation.objects.get(code="NCC")
    old_name = org.name
    c = client_for(admin_user)
    response = c.post(reverse("admin:directory_organisation_change", args=[org.pk]),
                      {"code": "NCC", "name": "Nottingham City Council (renamed)"})
    assert response.status_code == 302
    last = entries(org)[-1]
    assert last.action == LogEntry.Action.UPDATE
    assert last.actor == admin_user and last.actor_email == "h5-admin"
    assert last.changes["name"] == [old_name, "Nottingham City Council (renamed)"]
    assert last.remote_addr == "127.0.0.1"


def test_create_and_delete_are_recorded_and_the_deleted_record_keeps_its_history(admin_user):
    org = Organisation.objects.create(code="H5-TMP", name="Temporary")
    pk = org.pk
    org.delete()
    logged = list(LogEntry.objects.filter(content_type__model="organisation", object_pk=str(pk)).order_by("pk"))
    assert [e.action for e in logged] == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    assert logged[1].changes["name"] == ["Temporary", "None"]
    page = client_for(admin_user).get(reverse("core:history", args=["directory", "organisation", pk]))
    assert page.status_code == 200
    assert "Deleted" in page.content.decode() and "Temporary" in page.content.decode()


def test_queryset_delete_is_recorded_row_by_row():
    item = PlanItem.objects.filter(leads__isnull=False).first()
    leads = list(item.leads.all())
    item.leads.all().delete()
    for lead in leads:
        assert [e.action for e in entries(lead)][-1] == LogEntry.Action.DELETE


def test_loader_writes_are_attributed_to_the_command(tmp_path):
    path = ROOT / "data" / "nottingham" / "common.yaml"
    Organisation.objects.filter(code="NCC").update(name="Changed behind the loader's back")
    before = LogEntry.objects.count()
    call_command("load", str(path), stdout=io.StringIO())
    new = LogEntry.objects.filter(pk__gt=LogEntry.objects.order_by("pk")[before - 1].pk) if before else LogEntry.objects
    assert new.exists()
    entry = new.filter(content_type__model="organisation").latest("pk")
    assert entry.actor is None
    assert entry.actor_email.endswith("(command line)")
    assert entry.additional_data["via"] == f"wellboard load {path}"


def test_bulk_writes_are_recorded_through_the_helpers():
    item = PlanItem.objects.filter(leads__isnull=True).first()
    org = Organisation.objects.first()
    with system_actor("test bulk"):
        made = record_bulk("create", ItemLead.objects.bulk_create([ItemLead(item=item, organisation=org, position=0)]))
        assert made == 1
        changed = audited_update(Person.objects.filter(pk=Person.objects.first().pk), job_title="H5 bulk title")
    assert changed == 1
    lead = item.leads.get()
    assert entries(lead)[-1].action == LogEntry.Action.CREATE
    update = entries(Person.objects.get(job_title="H5 bulk title"))[-1]
    assert update.changes["job_title"][1] == "H5 bulk title"
    assert update.additional_data["via"] == "test bulk"


def test_no_unrecorded_bulk_write_in_the_code():
    """bulk_create/bulk_update/queryset.update skip model signals: each must go through record_bulk/audited_update."""
    offenders = []
    for path in (ROOT / "wellboard").rglob("*.py"):
        if "migrations" in path.parts or path.name == "audit.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            bulk = re.search(r"\.bulk_(create|update)\(", line) and "record_bulk(" not in line
            update = re.search(r"\.objects\..*\.update\(", line) and "audited_update(" not in line
            if (bulk or update) and "audit: recorded" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_entries_cannot_be_changed_or_deleted(admin_user):
    org = Organisation.objects.create(code="H5-IMM", name="Immutable")
    entry = entries(org)[-1]
    entry.object_repr = "forged"
    forged = LogEntry(pk=entry.pk, content_type=entry.content_type, object_pk="1", action=0, object_repr="x")
    for attempt in (entry.save, forged.save, entry.delete, LogEntry.objects.filter(pk=entry.pk).delete):
        with pytest.raises(AuditEntryImmutable), transaction.atomic():
            attempt()
    assert LogEntry.objects.get(pk=entry.pk).object_repr == "Immutable"
    c = client_for(admin_user)
    assert c.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert c.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert c.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    change = c.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"object_repr": "forged"})
    assert change.status_code in (200, 403)
    assert LogEntry.objects.get(pk=entry.pk).object_repr == "Immutable"


def test_history_page_shows_every_entry_to_an_administrator(admin_user):
    org = Organisation.objects.create(code="H5-HIST", name="Before <b>")
    org.name = "After & more"
    org.save()
    page = client_for(admin_user).get(history_url(org))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Created" in html and "Changed" in html
    assert "by system (no signed-in user)" in html  # written outside a request
    assert "Before &lt;b&gt;" in html and "After &amp; more" in html
    assert '<th scope="col" class="govuk-table__header">Before</th>' in html


def test_admin_change_form_links_to_the_history(admin_user):
    org = Organisation.objects.get(code="NCC")
    page = client_for(admin_user).get(reverse("admin:directory_organisation_change", args=[org.pk]))
    assert history_url(org) in page.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "no role", "staff only"])
def test_history_is_hidden_from_those_who_may_not_edit(client, who):
    org = Organisation.objects.get(code="NCC")
    if who == "no role":
        client = client_for(make_user("h5-nobody"))
    elif who == "staff only":
        client = client_for(make_user("h5-staff", is_staff=True))
    assert client.get(history_url(org)).status_code == 404
    assert client.get(reverse("core:history", args=["directory", "organisation", 999999])).status_code == 404
    assert client.get("/history/auth/permission/1/").status_code == 404
    assert client.get("/history/nope/nothing/1/").status_code == 404


def test_export_csv_for_a_date_range(admin_user):
    Organisation.objects.create(code="H5-EXP", name="Exported")
    today = timezone.localdate()
    c = client_for(admin_user)
    response = c.get(reverse("core:audit-export"), {"from": today.isoformat(), "to": today.isoformat()})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["timestamp", "actor", "action", "model", "object_id", "object_repr", "changes"]
    mine = [r for r in rows[1:] if r[5] == "Exported"]
    assert mine and mine[0][2] == "create" and mine[0][3] == "directory.organisation"
    assert datetime.datetime.fromisoformat(mine[0][0]).date() == today
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    empty = c.get(reverse("core:audit-export"), {"from": yesterday, "to": yesterday})
    assert b"".join(empty.streaming_content).decode().strip().splitlines()[1:] == []


@pytest.mark.parametrize("params,expected", [
    ({}, "from: a date is required"),
    ({"from": "2020-13-01", "to": "2020-01-01"}, "from: '2020-13-01' is not a date"),
    ({"from": "2020-02-01", "to": "yesterday"}, "to: 'yesterday' is not a date"),
    ({"from": "2020-02-01", "to": "2020-01-01"}, "is before"),
    ({"from": "2020-02-01\x00", "to": "2020-03-01"}, "contains a NUL character"),  # refused for every URL by the request guard
])
def test_export_refuses_bad_dates(admin_user, params, expected):
    response = client_for(admin_user).get(reverse("core:audit-export"), params)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_export_is_for_administrators_only(client):
    url = reverse("core:audit-export") + "?from=2020-01-01&to=2030-01-01"
    assert client.get(url).status_code == 404
    assert client_for(make_user("h5-staff2", is_staff=True)).get(url).status_code == 404


def test_audit_export_command(tmp_path):
    Organisation.objects.create(code="H5-CLI", name="From the CLI test")
    out = tmp_path / "audit.csv"
    today = timezone.localdate().isoformat()
    call_command("audit-export", "--from", today, "--to", today, "-o", str(out), stderr=io.StringIO())
    text = out.read_text(encoding="utf-8")
    assert text.startswith("timestamp,actor,action,model,object_id,object_repr,changes")
    assert "From the CLI test" in text
    with pytest.raises(CommandError) as exc:
        call_command("audit-export", "--from", "31/01/2020", "--to", today)
    assert exc.value.returncode == 2 and "--from" in str(exc.value)


def test_auditlogs_own_flush_command_is_disabled():
    Organisation.objects.create(code="H5-FLUSH", name="Kept")
    count = LogEntry.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("auditlogflush", "--yes", "--truncate")
    assert exc.value.returncode == 2
    assert LogEntry.objects.count() == count


def test_a_create_records_the_record_s_own_values_only():
    org = Organisation.objects.create(code="H5-OWN", name="Own values")
    assert set(entries(org)[-1].changes) == {"id", "code", "name", "created_at", "updated_at"}
