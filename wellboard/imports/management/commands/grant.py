from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from wellboard.core.models import Role, RoleAssignment
from wellboard.governance.models import Body
from wellboard.plans.models import Strategy


class Command(BaseCommand):
    help = ("Give a user a role over a body or plan (or site-wide for administrators), or take it away. "
            "Example: wellboard grant jsmith committee_admin --body norfolk-hwb")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[r.value for r in Role])
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--body", help="body code")
        scope.add_argument("--plan", help="plan code")
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    def handle(self, *args, username, role, body, plan, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}: create it first, e.g. with "
                               "`wellboard createsuperuser` or in the admin.")
        scope = None
        if body:
            scope = Body.objects.filter(code=body).first()
            if scope is None:
                raise CommandError(f"No body with the code {body!r}.")
        elif plan:
            scope = Strategy.objects.filter(code=plan).first()
            if scope is None:
                raise CommandError(f"No plan with the code {plan!r}.")
        if role == Role.ADMINISTRATOR and scope is not None:
            raise CommandError("Administrators hold their role over the whole site: give no --body or --plan.")
        if role != Role.ADMINISTRATOR and scope is None:
            raise CommandError(f"Say where the {role} role applies: --body CODE or --plan CODE.")
        key = {"user": user, "role": role,
               "scope_type": ContentType.objects.get_for_model(scope) if scope else None,
               "scope_id": scope.pk if scope else None}
        where = f"{scope}" if scope else "the whole site"
        if revoke:
            deleted, _ = RoleAssignment.objects.filter(**key).delete()
            self.stdout.write(f"{username} is no longer {role} of {where}." if deleted else
                              f"{username} was not {role} of {where}; nothing changed.")
            return
        _, created = RoleAssignment.objects.get_or_create(**key)
        self.stdout.write(f"{username} is now {role} of {where}." if created else
                          f"{username} was already {role} of {where}; nothing changed.")
