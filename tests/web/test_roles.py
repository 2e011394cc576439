"""The permission module: what each role may do, and where. `is_staff` alone grants nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import make_user
from wellboard.core import permissions
from wellboard.core.models import Role, RoleAssignment
from wellboard.directory.models import Person
from wellboard.governance.models import Body
from wellboard.imports.demo_accounts import ACCOUNTS, refresh_demo_accounts
from wellboard.meetings.models import Meeting
from wellboard.plans.models import PlanItem, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    nottingham = Body.objects.get(code="nottingham-hwb")
    norfolk = Body.objects.get(code="norfolk-hwb")
    plan = Strategy.objects.get(code="nottingham-healthy-culture-2016")
    meeting = Meeting.objects.filter(body=norfolk).first()
    helene = Person.objects.get(name="Helene Denness")
    led = PlanItem.objects.filter(strategy=plan, leads__person=helene).first()
    other = PlanItem.objects.filter(strategy=plan, kind="action").exclude(leads__person=helene).first()
    return locals()


def test_each_role_does_what_it_may_and_no_more(world):
    w = world
    coordinator = make_user("co", Role.COORDINATOR, w["nottingham"])
    clerk = make_user("cl", Role.COMMITTEE_ADMIN, w["norfolk"])
    member = make_user("me", Role.BOARD_MEMBER, w["norfolk"])
    lead = make_user("le", Role.LEAD, w["nottingham"], person=w["helene"])
    staff_only = make_user("st", is_staff=True)
    admin = make_user("ad", Role.ADMINISTRATOR)
    superuser = make_user("su", is_superuser=True)
    can = permissions.can
    assert can(coordinator, "change", w["plan"]) and can(coordinator, "change", w["led"])
    assert not can(coordinator, "change", w["meeting"])
    assert can(clerk, "change", w["meeting"]) and not can(clerk, "change", w["plan"])
    assert can(member, "view_private", w["meeting"]) and not can(member, "change", w["meeting"])
    assert not can(member, "view_private", w["plan"])
    assert can(lead, "update", w["led"]) and not can(lead, "update", w["other"])
    assert not can(lead, "change", w["plan"]) and not can(lead, "change", w["led"])
    for obj in (w["plan"], w["led"], w["meeting"], w["norfolk"]):
        assert not can(staff_only, "change", obj) and not can(staff_only, "view_private", obj)
        assert can(admin, "change", obj) and can(superuser, "change", obj)
    assert can(admin, "administer") and not can(coordinator, "administer") and not can(staff_only, "administer")
    # The same answers through Django's permission API, as the admin and templates use it.
    assert clerk.has_perm("wellboard.change", w["meeting"]) and not clerk.has_perm("wellboard.change", w["plan"])


def test_unknown_action_is_a_programming_error(world):
    with pytest.raises(ValueError):
        permissions.can(make_user("x"), "delete_everything", world["plan"])


def test_unpublished_plans_reach_only_readers_of_their_body(world):
    w = world
    Strategy.objects.filter(pk=w["plan"].pk).update(published=False)
    reader = make_user("r", Role.BOARD_MEMBER, w["nottingham"])
    outsider = make_user("o", Role.BOARD_MEMBER, w["norfolk"])
    plan_coordinator = make_user("p", Role.COORDINATOR, w["plan"])
    assert w["plan"] in Strategy.objects.visible_to(reader)
    assert w["plan"] in Strategy.objects.visible_to(plan_coordinator)
    assert w["plan"] not in Strategy.objects.visible_to(outsider)
    assert w["plan"] not in Strategy.objects.visible_to(make_user("s", is_staff=True))


def test_admin_is_for_administrators_only(client, world):
    staff_only = make_user("st", is_staff=True)
    client.force_login(staff_only)
    assert client.get("/admin/").status_code == 302  # back to the admin sign-in
    admin = make_user("ad", Role.ADMINISTRATOR, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/plans/strategy/").status_code == 200


def test_grant_and_revoke_from_the_command_line(world):
    make_user("newclerk")
    out = io.StringIO()
    call_command("grant", "newclerk", "committee_admin", "--body", "norfolk-hwb", stdout=out)
    assert "is now committee_admin" in out.getvalue()
    assert RoleAssignment.objects.filter(user__username="newclerk", role="committee_admin").count() == 1
    call_command("grant", "newclerk", "committee_admin", "--body", "norfolk-hwb", stdout=out)
    assert RoleAssignment.objects.filter(user__username="newclerk").count() == 1
    call_command("grant", "newclerk", "committee_admin", "--body", "norfolk-hwb", "--revoke", stdout=out)
    assert not RoleAssignment.objects.filter(user__username="newclerk").exists()
    for bad in (["nobody", "lead", "--body", "norfolk-hwb"], ["newclerk", "lead", "--body", "no-such-body"],
                ["newclerk", "administrator", "--body", "norfolk-hwb"], ["newclerk", "coordinator"]):
        with pytest.raises(CommandError):
            call_command("grant", *bad, stdout=out)
    assert not RoleAssignment.objects.filter(user__username="newclerk").exists()


def test_demo_has_one_account_per_role_and_is_idempotent(world):
    refresh_demo_accounts()
    refresh_demo_accounts()
    assert {a.role for a in ACCOUNTS} == set(Role.values)
    for account in ACCOUNTS:
        assignments = RoleAssignment.objects.filter(user__username=account.username)
        assert [a.role for a in assignments] == [account.role]
    assert Person.objects.get(name="Helene Denness").user.username == "lead"


@pytest.mark.parametrize("url, status", [
    ("/api/v1/meetings/?body=%00", 422), ("/api/v1/plans/%00/", 404), ("/plans/%00/", 404),
    ("/bodies/?q=%00", 400), ("/meetings/x%00y/", 404), ("/api/v1/indicators/?strategy=%ff%fe", 422),
    ("/plans/%ff/", 404), ("/api/v1/meetings/?anything=a%00b", 422),
])
def test_nul_or_undecodable_addresses_are_refused_on_every_url(client, url, status):
    """Whatever the view: never a 500 (PostgreSQL refuses NUL in text), never reaching the database."""
    assert client.get(url).status_code == status
