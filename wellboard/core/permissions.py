"""Who may see or do what. Pages, the API, exports, feeds, the admin and the CLI all ask here.

Built on `rules`: predicates in plain Python, no extra tables, combined with `&`/`|`, and
registered as Django permissions so that `user.has_perm("wellboard.change", obj)`, the
`{% has_perm %}` template tag and the admin answer the same as `can()` does. Roles live in
`RoleAssignment` rows (a user, a role, a body or plan or the whole site); a lead officer's
power comes from being named as the lead (their `Person` is linked to their sign-in).

Records decide their own privacy. A model that the module protects defines:

- ``access_domain``: "plans", "meetings" or "governance" — which role edits it;
- ``access_scopes()``: the objects a role may be assigned over (its plan, its body);
- ``is_public()``: whether anyone, signed in or not, may see it, from its own fields;
- ``lead_person_ids()`` (optional): the people who lead it.

`is_staff` grants nothing here; it only lets an administrator into the Django admin.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist

from .models import Role, RoleAssignment

# Roles that read everything of their scope, drafts and Part B included.
READERS = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.COMMITTEE_ADMIN, Role.BOARD_MEMBER})
# Which role changes the records of each domain (administrators change everything).
EDITORS = {
    "plans": frozenset({Role.COORDINATOR}),
    "meetings": frozenset({Role.COMMITTEE_ADMIN}),
    "governance": frozenset({Role.COMMITTEE_ADMIN}),
}


@dataclass(frozen=True)
class Grant:
    role: str
    scope_type_id: int | None
    scope_id: int | None


def _grants(user) -> tuple[Grant, ...]:
    """A user's role assignments, read once per user object (one query per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_wellboard_grants", None)
    if cached is None:
        cached = tuple(Grant(*row) for row in RoleAssignment.objects.filter(user=user)
                       .values_list("role", "scope_type_id", "scope_id"))
        user._wellboard_grants = cached
    return cached


def forget(user) -> None:
    """Drop the cached grants (after assigning a role to a user object already in memory)."""
    if hasattr(user, "_wellboard_grants"):
        del user._wellboard_grants
    if hasattr(user, "_wellboard_person_id"):
        del user._wellboard_person_id


def is_administrator(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(g.role == Role.ADMINISTRATOR and g.scope_type_id is None for g in _grants(user))


def _key(obj) -> tuple[int, int]:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True).pk, obj.pk


def roles_over(user, obj) -> set[str]:
    """The roles the user holds over ``obj`` through any of its scopes."""
    grants = _grants(user)
    if not grants:
        return set()
    scopes = obj.access_scopes() if hasattr(obj, "access_scopes") else []
    keys = {_key(scope) for scope in scopes if scope is not None}
    return {g.role for g in grants if g.scope_type_id is not None and (g.scope_type_id, g.scope_id) in keys}


def person_id(user) -> int | None:
    """The directory person a signed-in user is, if any (lead officers)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_wellboard_person_id"):
        # Through the reverse one-to-one that directory's Person declares, so core imports nothing above it.
        try:
            user._wellboard_person_id = user.person.pk
        except ObjectDoesNotExist:
            user._wellboard_person_id = None
    return user._wellboard_person_id


def leads(user, obj) -> bool:
    pid = person_id(user)
    return pid is not None and hasattr(obj, "lead_person_ids") and pid in obj.lead_person_ids()


@rules.predicate
def may_see_private(user, obj) -> bool:
    if obj is None:
        return is_administrator(user)
    return is_administrator(user) or bool(roles_over(user, obj) & READERS) or leads(user, obj)


@rules.predicate
def may_view(user, obj) -> bool:
    if obj is None:
        return True
    # A model that does not say it is public is not: only those with rights over it see it.
    public = obj.is_public() if hasattr(obj, "is_public") else False
    return public or may_see_private(user, obj)


@rules.predicate
def may_change(user, obj) -> bool:
    if is_administrator(user):
        return True
    if obj is None:
        return False
    # Records outside the role domains (e.g. organisations) are changed by administrators only.
    return bool(roles_over(user, obj) & EDITORS.get(getattr(obj, "access_domain", None), frozenset()))


@rules.predicate
def may_update(user, obj) -> bool:
    """Write a progress update or a new value: the coordinator, or the lead of that item."""
    return may_change(user, obj) or leads(user, obj)


@rules.predicate
def may_administer(user, obj=None) -> bool:
    return is_administrator(user)


ACTIONS = {
    "view": may_view,
    "view_private": may_see_private,
    "change": may_change,
    "update": may_update,
    "administer": may_administer,
}

for _name, _predicate in ACTIONS.items():
    rules.add_perm(f"wellboard.{_name}", _predicate)


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` ("view", "view_private", "change", "update", "administer") to ``obj``?"""
    try:
        predicate = ACTIONS[action]
    except KeyError:
        raise ValueError(f"Unknown action {action!r}; expected one of {sorted(ACTIONS)}") from None
    return bool(predicate(user, obj))


@dataclass(frozen=True)
class Scope:
    """For list queries: every object of a kind (``everything``) or only these ids."""

    everything: bool
    ids: frozenset[int]


def scope_of(user, model, roles=READERS) -> Scope:
    """The objects of ``model`` (e.g. Body, Strategy) over which the user holds one of ``roles``."""
    if is_administrator(user):
        return Scope(True, frozenset())
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    return Scope(False, frozenset(g.scope_id for g in _grants(user) if g.scope_type_id == ct and g.role in roles))


def has_any_role(user, roles=READERS) -> bool:
    return is_administrator(user) or any(g.role in roles for g in _grants(user))


def editor_anywhere(user, domain: str) -> bool:
    """Whether the user edits some records of ``domain`` (to show them the clerk or coordinator menu)."""
    return is_administrator(user) or any(g.role in EDITORS.get(domain, ()) for g in _grants(user))
