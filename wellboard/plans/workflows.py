"""Named steps a coordinator takes on a plan and its tree, shared by pages, tests and the CLI.

Every step runs in one transaction, re-reads the rows it changes under a lock and checks the
state again there. A refused step raises ValidationError keyed by the form field it concerns; a
user without the right gets PermissionDenied. Saves go through the models (audited one by one),
and moving or reordering re-saves the whole moved subtree so its sort keys and depths follow.
"""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from wellboard.core import permissions
from wellboard.core.concurrency import check_unchanged, locked, mirror, refused_on_conflict
from wellboard.core.models import RagRating, RagScale
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body

from .models import ItemLead, MeasureYear, PlanItem, Strategy
from .wording import placement_error

# Codes the plan URLs use for pages of their own (plans/new/).
RESERVED_CODES = {"new"}
PLAN_FIELDS = ("title", "kind", "start", "end", "rag_scale", "statement_label", "statement", "year_columns",
               "published")
ITEM_FIELDS = ("title", "number", "description", "outcome_type", "lead_text")


def _require(user, action, obj):
    if not permissions.can(user, action, obj):
        raise PermissionDenied("You do not have permission to do this.")


def bodies_coordinated(user):
    """The bodies whose plans ``user`` may create: those they coordinate (administrators: all)."""
    scope = permissions.scope_of(user, Body, roles=permissions.EDITORS["plans"])
    return Body.objects.all() if scope.everything else Body.objects.filter(pk__in=scope.ids)


def _clean_year_columns(columns) -> list[str]:
    if isinstance(columns, str):
        columns = columns.replace("\n", ",").split(",")
    cleaned = [" ".join(c.split()) for c in columns or [] if c and c.strip()]
    if any(len(c) > 10 for c in cleaned):
        raise ValidationError({"year_columns": "Each year column must be 10 characters or fewer, for example 16/17."})
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError({"year_columns": "A year column is listed twice."})
    return cleaned


def _check_plan(fields: dict) -> dict:
    fields = dict(fields)
    fields["title"] = " ".join((fields.get("title") or "").split())
    if not fields["title"]:
        raise ValidationError({"title": "Enter the plan's title."})
    if fields.get("kind") not in Strategy.Kind.values:
        raise ValidationError({"kind": "Choose what kind of plan this is."})
    if fields.get("rag_scale") is not None and not isinstance(fields.get("rag_scale"), RagScale):
        raise ValidationError({"rag_scale": "Choose one of the RAG scales, or none."})
    fields["year_columns"] = _clean_year_columns(fields.get("year_columns"))
    return fields


@transaction.atomic
def create_plan(by, *, code: str, body: Body, **fields) -> Strategy:
    """A new plan of a body the user coordinates; it starts unpublished unless they say otherwise."""
    if body is None:
        raise ValidationError({"body": "Choose the board or group that owns the plan."})
    _require(by, "change", Strategy(body=body))
    code = (code or "").strip().lower()
    if not code:
        raise ValidationError({"code": "Enter a short code for the plan's web address, for example jhws-2016."})
    if not re.fullmatch(r"[-a-z0-9_]+", code) or len(code) > 100:
        raise ValidationError({"code": "Use only lower-case letters, digits and hyphens in the code (at most 100)."})
    if code in RESERVED_CODES:
        raise ValidationError({"code": f"\u201c{code}\u201d is used by Wellboard's own pages: choose another code."})
    fields = _check_plan(fields)
    if Strategy.objects.filter(code=code).exists():
        raise ValidationError({"code": f"A plan with the code \u201c{code}\u201d already exists."})
    with refused_on_conflict({"code": f"A plan with the code \u201c{code}\u201d already exists."}):
        return Strategy.objects.create(code=code, body=body, **{k: fields[k] for k in PLAN_FIELDS if k in fields})


@transaction.atomic
def edit_plan(strategy: Strategy, by, drawn_at="", **fields) -> Strategy:
    given, strategy = strategy, locked(Strategy, pk=strategy.pk)
    _require(by, "change", strategy)
    check_unchanged(strategy, drawn_at)
    fields = _check_plan(fields)
    new_scale_id = fields["rag_scale"].pk if fields.get("rag_scale") else None
    if new_scale_id != strategy.rag_scale_id and (
            strategy.items.filter(updates__rag__isnull=False).exists()
            or MeasureYear.objects.filter(item__strategy=strategy, rag__isnull=False).exists()):
        raise ValidationError({"rag_scale": "The plan already has RAG ratings on its scale: its scale cannot change."})
    dropped = set(strategy.year_columns or []) - set(fields["year_columns"])
    ticked = sorted(set(MeasureYear.objects.filter(item__strategy=strategy, year__in=dropped)
                        .values_list("year", flat=True)))
    if ticked:
        raise ValidationError({"year_columns": f"Success measures have ticks or ratings for {', '.join(ticked)}: "
                                               "keep those year columns, or clear them on the measures first."})
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(strategy, name, fields[name])
    strategy.save()
    mirror(given, strategy)
    return strategy


# --- the tree ------------------------------------------------------------------------------

def _check_kind(parent: PlanItem | None, kind: str, field="kind"):
    allowed = PlanItem.ALLOWED_CHILDREN[parent.kind if parent else None]
    if kind not in allowed:
        message = placement_error(PlanItem.Kind(kind).label.lower(),
                                  parent.get_kind_display().lower() if parent else None,
                                  (PlanItem.Kind(k).label.lower() for k in allowed))
        raise ValidationError({field: message[0].upper() + message[1:] + "."})


def _check_item(fields: dict) -> dict:
    fields = {k: (fields.get(k) or "").strip() for k in ITEM_FIELDS}
    if not fields["title"]:
        raise ValidationError({"title": "Enter the item's title."})
    if "\x00" in "".join(fields.values()):
        raise ValidationError({"title": "The text contains a character that cannot be stored."})
    if fields["outcome_type"] and fields["outcome_type"] not in PlanItem.OutcomeType.values:
        raise ValidationError({"outcome_type": "Choose headline or secondary outcome, or neither."})
    return fields


def _next_position(strategy_id, parent_id) -> int:
    top = PlanItem.objects.filter(strategy_id=strategy_id, parent_id=parent_id).aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def _resave_subtree(item: PlanItem) -> None:
    """Give the item and everything below it the sort keys and depths of where it now sits."""
    item.save()
    for child in PlanItem.objects.filter(parent=item).order_by("position", "pk"):
        child.parent = item
        _resave_subtree(child)


@transaction.atomic
def add_item(strategy: Strategy, parent: PlanItem | None, by, *, kind: str, **fields) -> PlanItem:
    strategy = locked(Strategy, pk=strategy.pk)  # one insert at a time per plan: positions stay distinct
    _require(by, "change", strategy)
    if parent is not None:
        parent = locked(PlanItem, pk=parent.pk)
        if parent.strategy_id != strategy.pk:
            raise ValidationError("That item belongs to another plan.")
    if kind not in PlanItem.Kind.values:
        raise ValidationError({"kind": "Choose what kind of item this is."})
    _check_kind(parent, kind)
    fields = _check_item(fields)
    item = PlanItem(strategy=strategy, parent=parent, kind=kind, ref=f"{kind}-{uuid.uuid4().hex[:10]}",
                    position=_next_position(strategy.pk, parent.pk if parent else None), **fields)
    item.save()
    return item


@transaction.atomic
def edit_item(item: PlanItem, by, drawn_at="", **fields) -> PlanItem:
    given, item = item, locked(PlanItem.objects.select_related("strategy"), pk=item.pk)
    _require(by, "change", item)
    check_unchanged(item, drawn_at)
    fields = _check_item(fields)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    mirror(given, item)
    return item


@transaction.atomic
def move_item(item: PlanItem, new_parent: PlanItem | None, by) -> PlanItem:
    """Put the item (with everything under it) last under another parent, or at the top of the plan."""
    # The plan's row first: two moves in one plan run one after the other, so neither can build a
    # cycle out of the other's half-done move, and they cannot deadlock on each other's items.
    locked(Strategy, pk=item.strategy_id)
    given, item = item, locked(PlanItem.objects.select_related("strategy"), pk=item.pk)
    _require(by, "change", item)
    if new_parent is not None:
        new_parent = locked(PlanItem, pk=new_parent.pk)
        if new_parent.strategy_id != item.strategy_id:
            raise ValidationError({"parent": "Choose a parent in the same plan."})
        ancestor = new_parent
        while ancestor is not None:
            if ancestor.pk == item.pk:
                raise ValidationError({"parent": "An item cannot move under itself or under an item within it."})
            ancestor = ancestor.parent
    if (new_parent.pk if new_parent else None) == item.parent_id:
        raise ValidationError({"parent": "The item is already there: choose a different parent."})
    _check_kind(new_parent, item.kind, field="parent")
    item.parent = new_parent
    item.position = _next_position(item.strategy_id, new_parent.pk if new_parent else None)
    _resave_subtree(item)
    mirror(given, item)
    return item


@transaction.atomic
def shift_item(item: PlanItem, direction: str, by) -> PlanItem:
    """Swap the item with the sibling before ("up") or after ("down") it."""
    locked(Strategy, pk=item.strategy_id)  # as in move_item: tree changes of one plan run in turn
    given, item = item, locked(PlanItem.objects.select_related("strategy"), pk=item.pk)
    _require(by, "change", item)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Choose up or down."})
    siblings = list(PlanItem.objects.filter(strategy_id=item.strategy_id, parent_id=item.parent_id)
                    .select_for_update(of=("self",)).order_by("position", "pk"))
    at = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = at - 1 if direction == "up" else at + 1
    if not 0 <= other < len(siblings):
        raise ValidationError({"direction": f"The item is already {'first' if direction == 'up' else 'last'} "
                                            "among its siblings."})
    siblings[at], siblings[other] = siblings[other], siblings[at]
    # Positions may have gaps or ties (imports): number the siblings afresh, re-keying what moved.
    for position, sibling in enumerate(siblings):
        if sibling.position != position or sibling.pk in (item.pk, siblings[at].pk):
            sibling.position = position
            _resave_subtree(sibling)
    item.refresh_from_db()
    mirror(given, item)
    return item


# --- leads and measure years ----------------------------------------------------------------

@transaction.atomic
def add_lead(item: PlanItem, by, *, person: Person | None = None, organisation: Organisation | None = None) -> ItemLead:
    item = locked(PlanItem.objects.select_related("strategy"), pk=item.pk)
    _require(by, "change", item)
    if person is None and organisation is None:
        raise ValidationError({"person": "Choose a person, an organisation, or both."})
    if item.leads.filter(person=person, organisation=organisation).exists():
        raise ValidationError({"person": "That lead is already named on this item."})
    top = item.leads.aggregate(m=Max("position"))["m"]
    return ItemLead.objects.create(item=item, person=person, organisation=organisation,
                                   position=0 if top is None else top + 1)


@transaction.atomic
def remove_lead(lead: ItemLead, by) -> None:
    item = locked(PlanItem.objects.select_related("strategy"), pk=lead.item_id)
    _require(by, "change", item)
    current = ItemLead.objects.select_for_update().filter(pk=lead.pk, item=item).first()
    if current is None:
        raise ValidationError("That lead has already been removed.")
    current.delete()


@transaction.atomic
def set_measure_years(item: PlanItem, by, years: dict[str, tuple[bool, RagRating | None]]) -> list[MeasureYear]:
    """The per-year tick (due that year) and RAG of a success measure, for the plan's year columns.

    A year neither due nor rated is removed, so the table shows only what the plan says."""
    item = locked(PlanItem.objects.select_related("strategy"), pk=item.pk)
    _require(by, "change", item)
    strategy = item.strategy
    if item.kind != PlanItem.Kind.SUCCESS_MEASURE:
        raise ValidationError("Only a success measure has years to be achieved.")
    columns = list(strategy.year_columns or [])
    if not columns:
        raise ValidationError("The plan has no year columns: add them on the plan's edit page first.")
    unknown = sorted(set(years) - set(columns))
    if unknown:
        raise ValidationError(f"Not a year column of this plan: {', '.join(unknown)}.")
    for year, (_, rag) in years.items():
        if rag is not None and rag.scale_id != strategy.rag_scale_id:
            raise ValidationError({f"rag_{columns.index(year)}": f"{year}: choose a rating from the plan's RAG scale."})
    existing = {y.year: y for y in MeasureYear.objects.select_for_update().filter(item=item)}
    kept = []
    for year in columns:
        due, rag = years.get(year, (False, None))
        row = existing.get(year)
        if not due and rag is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = MeasureYear.objects.create(item=item, year=year, due=due, rag=rag)
        elif row.due != due or row.rag_id != (rag.pk if rag else None):
            row.due, row.rag = due, rag
            row.save()
        kept.append(row)
    return kept
