"""One demo account per role, so that anyone trying Wellboard can sign in as each kind of user."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wellboard.core.audit import audited_update
from wellboard.core.models import Role, RoleAssignment
from wellboard.directory.models import Person
from wellboard.governance.models import Body

DEMO_PASSWORD = "wellboard-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    role: str
    scope_body: str | None  # body code, or None for the whole site
    person: str | None = None  # the directory person a lead officer is
    note: str = ""


ACCOUNTS = [
    DemoAccount("admin", "Administrator", Role.ADMINISTRATOR, None, note="everything, and the Django admin"),
    DemoAccount("coordinator", "Coordinator", Role.COORDINATOR, "nottingham-hwb",
                note="Nottingham plans and indicators"),
    DemoAccount("lead", "Helene", Role.LEAD, "nottingham-hwb", person="Helene Denness",
                note="the Healthy Culture items Helene Denness leads"),
    DemoAccount("clerk", "Committee", Role.COMMITTEE_ADMIN, "norfolk-hwb",
                note="Norfolk Health and Wellbeing Board meetings"),
    DemoAccount("member", "Board", Role.BOARD_MEMBER, "norfolk-hwb",
                note="reads all of the Norfolk board, Part B and drafts included"),
]


@transaction.atomic
def refresh_demo_accounts() -> list[DemoAccount]:
    """Create or reset each demo account with exactly its one role; idempotent."""
    User = get_user_model()
    body_type = ContentType.objects.get_for_model(Body)
    for account in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name, user.last_name = account.first_name, "(demo)"
        user.is_active = True
        # Only the administrator may open the Django admin; nobody is a superuser.
        user.is_staff = account.role == Role.ADMINISTRATOR
        user.is_superuser = False
        user.set_password(DEMO_PASSWORD)
        user.save()
        for old in RoleAssignment.objects.filter(user=user):
            old.delete()  # one by one, so the audit trail records each
        scope = {}
        if account.scope_body:
            body = Body.objects.filter(code=account.scope_body).first()
            if body is None:
                continue
            scope = {"scope_type": body_type, "scope_id": body.pk}
        RoleAssignment.objects.create(user=user, role=account.role, **scope)
        if account.person:
            audited_update(Person.objects.filter(user=user).exclude(name=account.person), user=None)
            audited_update(Person.objects.filter(name=account.person), user=user)
    return ACCOUNTS
