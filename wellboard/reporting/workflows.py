"""Named workflow steps of a reporting cycle, shared by pages, the API and tests.

open_cycle → (lead) save_draft → submit → (coordinator) approve | return_with_comment → close_cycle.

Every step runs in one transaction, re-reads what it changes under a row lock and checks the
state again there, so two people clicking at once cannot both succeed. A step that is not
allowed raises ValidationError with a message fit to show; one the user has no right to take
raises PermissionDenied.

An update may carry indicator values and is checked against the indicators' calculated RAG,
which is why reporting sits above both plans and indicators.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from wellboard.core import permissions
from wellboard.core.audit import record_bulk
from wellboard.core.concurrency import locked
from wellboard.core.periods import PeriodError, parse_period
from wellboard.core.richtext import clean_html, plain_text
from wellboard.directory.models import Person
from wellboard.indicators.models import Indicator, IndicatorNote, Value
from wellboard.indicators.series import build_series

from .models import (
    PlanVersion,
    ProgressUpdate,
    ReportingCycle,
    ReportingPeriod,
    Strategy,
    UpdateRequest,
)

Status = UpdateRequest.Status
# Worst first: an item measured by several indicators is as good as its worst one.
_SEVERITY = ["red", "amber", "green"]


def _require(user, action, obj):
    if not permissions.can(user, action, obj):
        raise PermissionDenied("You do not have permission to do this.")


def _person(user) -> Person | None:
    pid = permissions.person_id(user)
    return Person.objects.filter(pk=pid).first() if pid else None


# --- opening -------------------------------------------------------------------------------

@dataclass
class Opened:
    cycle: ReportingCycle
    requests: int
    skipped: list[str]


def _period_for(strategy: Strategy, label: str) -> ReportingPeriod:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"period": "Enter the reporting period, for example Update March 2019."})
    if len(label) > 200:
        raise ValidationError({"period": "The reporting period must be 200 characters or fewer."})
    existing = ReportingPeriod.objects.filter(strategy=strategy, label__iexact=label).first()
    if existing:
        return existing
    key = slugify(label)[:80] or "period"
    if ReportingPeriod.objects.filter(strategy=strategy, key=key).exists():
        raise ValidationError({"period": f"A period with a label like \u201c{label}\u201d already exists; "
                                         "use its exact label."})
    position = (strategy.reporting_periods.aggregate(m=Max("position"))["m"] or 0) + 1
    return ReportingPeriod.objects.create(strategy=strategy, key=key, label=label, position=position)


@transaction.atomic
def open_cycle(strategy: Strategy, period_label: str, due: dt.date | None, by) -> Opened:
    """Open a cycle: one request per reportable item and per indicator of the plan, for each named lead."""
    _require(by, "change", strategy)
    strategy = locked(Strategy, pk=strategy.pk)
    if due is None:
        raise ValidationError({"due": "Enter the date updates are due."})
    period = _period_for(strategy, period_label)
    if ReportingCycle.objects.filter(strategy=strategy, period=period, status=ReportingCycle.Status.OPEN).exists():
        raise ValidationError({"period": f"A cycle for \u201c{period.label}\u201d is already open for this plan."})
    cycle = ReportingCycle.objects.create(strategy=strategy, period=period, due=due, opened_by=by)
    already = set(ProgressUpdate.objects.filter(item__strategy=strategy, period=period).values_list("item_id", flat=True))
    made, skipped = [], []
    items = strategy.items.filter(retired=False).prefetch_related("leads").order_by("sort_key")
    for item in items:
        if not item.reportable:
            continue
        people = {lead.person_id for lead in item.leads.all() if lead.person_id}
        if people and item.pk in already:
            skipped.append(f"{item.number or ''} {item.title[:60]}".strip())
            continue
        made += [UpdateRequest(cycle=cycle, item=item, lead_id=pid) for pid in sorted(people)]
    for ind in Indicator.objects.filter(strategy=strategy, lead_person__isnull=False).order_by("position", "code"):
        made.append(UpdateRequest(cycle=cycle, indicator=ind, lead_id=ind.lead_person_id))
    record_bulk("create", UpdateRequest.objects.bulk_create(made))
    return Opened(cycle, len(made), skipped)


# --- the lead's draft --------------------------------------------------------------------------

@dataclass
class NewValue:
    period: str
    value: str = ""
    text: str = ""
    note: str = ""


def _check_values(indicator: Indicator, rows: list[NewValue]) -> list[dict]:
    """Each new actual: a period the period module can read and a number (or a text for text units)."""
    checked, errors, seen = [], [], set()
    for n, row in enumerate(rows, start=1):
        if not (row.period or row.value or row.text or row.note):
            continue
        try:
            period = parse_period(row.period.strip())
        except PeriodError as exc:
            errors.append(f"Value {n}: the period is not one Wellboard can read ({exc}).")
            continue
        if period.label in seen:
            errors.append(f"Value {n}: {period.label} is given twice.")
            continue
        seen.add(period.label)
        number = None
        if row.value.strip():
            try:
                number = Decimal(row.value.strip().replace(",", "").rstrip("%"))
            except InvalidOperation:
                errors.append(f"Value {n}: \u201c{row.value}\u201d is not a number.")
                continue
            if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
                errors.append(f"Value {n}: \u201c{row.value}\u201d is out of range.")
                continue
        elif not row.text.strip():
            errors.append(f"Value {n}: enter a number or a text value for {period.label}.")
            continue
        checked.append({"period": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
                        "value": str(number) if number is not None else None, "text": row.text.strip()[:300],
                        "note": row.note.strip()})
    if errors:
        raise ValidationError({"values": errors})
    return checked


def _unsaved_values(indicator: Indicator, rows: list[dict]) -> list[Value]:
    return [Value(indicator=indicator, kind=Value.Kind.ACTUAL, period=r["period"],
                  period_start=dt.date.fromisoformat(r["start"]), period_end=dt.date.fromisoformat(r["end"]),
                  value=Decimal(r["value"]) if r["value"] is not None else None, text=r["text"], note=r["note"])
            for r in rows]


def calculated_rag(req: UpdateRequest, rows: list[dict] | None = None) -> str | None:
    """The RAG the indicators give ("red", "amber", "green"), or None when none is rated.

    For an indicator: its latest actual (counting the values being written). For an item: the worst
    of the latest rated actuals of the indicators that measure it."""
    if req.indicator_id:
        indicators, extra = [req.indicator], {req.indicator_id: _unsaved_values(req.indicator, rows or [])}
    else:
        indicators, extra = list(req.item.indicators.all()), {}
    found = []
    for ind in indicators:
        new = extra.get(ind.pk, [])
        new_keys = {(v.kind, v.period) for v in new}
        values = [v for v in ind.values.all() if (v.kind, v.period) not in new_keys] + new
        latest = build_series(ind, values).latest
        if latest and latest.rag and latest.rag.rated:
            found.append(latest.rag.status)
    return min(found, key=_SEVERITY.index) if found else None


@transaction.atomic
def save_draft(req: UpdateRequest, by, *, commentary: str, rag=None, reason: str = "",
               values: list[NewValue] | None = None) -> UpdateRequest:
    """The lead (or the coordinator) writes or rewrites the update; it stays a draft."""
    req = locked(UpdateRequest.objects.select_related("cycle__strategy__rag_scale", "item", "indicator"), pk=req.pk)
    _require(by, "update", req.target)
    if not req.cycle.is_open:
        raise ValidationError("This cycle is closed: its updates can no longer be changed.")
    if req.status not in UpdateRequest.EDITABLE:
        raise ValidationError(f"This update is {req.get_status_display().lower()}: it cannot be changed now.")
    errors: dict[str, list[str]] = {}
    commentary = (commentary or "").strip()
    # PostgreSQL cannot store NUL; the API would otherwise turn it into a server error.
    texts = {"commentary": commentary, "reason": reason or ""}
    texts.update({"values": " ".join(f"{v.period}{v.value}{v.text}{v.note}" for v in values or [])})
    for field, text in texts.items():
        if "\x00" in text:
            raise ValidationError({field: "Remove the null character from this text."})
    if not plain_text(clean_html(commentary)):
        errors["commentary"] = ["Enter the update."]
    scale = req.cycle.strategy.rag_scale
    if rag is not None and (scale is None or rag.scale_id != scale.pk):
        errors["rag"] = ["Choose a rating from the plan's RAG scale."]
    rows: list[dict] = []
    if req.indicator_id:
        try:
            rows = _check_values(req.indicator, values or [])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif values:
        errors["values"] = ["Values are added to an indicator's update, not to a plan item's."]
    reason = (reason or "").strip()
    if rag is not None and "rag" not in errors and "values" not in errors:
        calculated = calculated_rag(req, rows)
        if rag.disagrees_with(calculated) and not reason:
            errors["reason"] = [f"The indicators give {calculated}: give the reason for rating it "
                                f"{rag.label.lower()} instead."]
    if errors:
        raise ValidationError(errors)
    # Markup is sanitised before it is stored; plain text stays as typed (pages paragraph it on display).
    commentary = clean_html(commentary) if "<" in commentary else commentary
    req.commentary, req.rag, req.rag_reason, req.values = commentary, rag, reason, rows
    req.status = Status.DRAFT
    if req.item_id:
        req.update = _item_update(req, by, ProgressUpdate.Status.DRAFT)
    req.save()
    return req


@transaction.atomic
def add_values(req: UpdateRequest, by, values: list[NewValue]) -> UpdateRequest:
    """Add (or replace, by period) new actuals on an indicator's draft; published when the cycle closes."""
    req = locked(UpdateRequest.objects.select_related("cycle", "indicator"), pk=req.pk)
    _require(by, "update", req.target)
    if not req.indicator_id:
        raise ValidationError({"values": "Values are added to an indicator's update, not to a plan item's."})
    if not req.cycle.is_open or req.status not in UpdateRequest.EDITABLE:
        raise ValidationError(f"This update is {req.get_status_display().lower()}"
                              f"{'' if req.cycle.is_open else ' and its cycle is closed'}: values cannot be added now.")
    if any("\x00" in f"{v.period}{v.value}{v.text}{v.note}" for v in values):
        raise ValidationError({"values": "Remove the null character from the values."})
    if not any(v.period or v.value or v.text for v in values):
        raise ValidationError({"values": "Give at least one value with its period."})
    new = _check_values(req.indicator, values)
    periods = {row["period"] for row in new}
    req.values = [row for row in req.values or [] if row["period"] not in periods] + new
    if req.status == Status.REQUESTED:
        req.status = Status.DRAFT
    req.save()
    return req


def _item_update(req: UpdateRequest, by, status: str) -> ProgressUpdate:
    """The item's progress update for the cycle's period, written from the request (never public until closed)."""
    update = req.update or ProgressUpdate.objects.filter(item=req.item, period=req.cycle.period).first()
    if update is not None and update.pk != req.update_id:
        raise ValidationError("This item already has an update for this period from elsewhere; "
                              "ask the coordinator to remove it first.")
    update = update or ProgressUpdate(item=req.item, period=req.cycle.period)
    update.rag, update.commentary, update.status = req.rag, req.commentary, status
    update.author, update.author_text = req.lead, req.lead.name
    update.date = timezone.localdate()
    update.entered_by = by
    update.save()
    return update


def _set_update_status(req: UpdateRequest, status: str, **fields) -> None:
    """Through save(), not a bulk update, so that the audit trail records the change."""
    update = locked(ProgressUpdate, pk=req.update_id)
    update.status = status
    for name, value in fields.items():
        setattr(update, name, value)
    update.save()


@transaction.atomic
def submit(req: UpdateRequest, by) -> UpdateRequest:
    req = locked(UpdateRequest.objects.select_related("cycle", "item", "indicator", "lead"), pk=req.pk)
    _require(by, "update", req.target)
    if not req.cycle.is_open:
        raise ValidationError("This cycle is closed.")
    if req.status not in {Status.DRAFT, Status.RETURNED} or not plain_text(req.commentary):
        raise ValidationError("Save the update before submitting it." if req.status == Status.REQUESTED
                              else f"This update is {req.get_status_display().lower()}: it cannot be submitted now.")
    req.status, req.submitted_at = Status.SUBMITTED, timezone.now()
    if req.update_id:
        _set_update_status(req, ProgressUpdate.Status.SUBMITTED)
    req.save()
    return req


def _decide(req: UpdateRequest, by) -> UpdateRequest:
    req = locked(UpdateRequest.objects.select_related("cycle__strategy", "item", "indicator"), pk=req.pk)
    _require(by, "change", req.cycle)
    if not req.cycle.is_open:
        raise ValidationError("This cycle is closed.")
    if req.status != Status.SUBMITTED:
        raise ValidationError(f"Only a submitted update can be approved or returned; this one is "
                              f"{req.get_status_display().lower()}.")
    return req


@transaction.atomic
def approve(req: UpdateRequest, by) -> UpdateRequest:
    """Accept the update; it is published when the cycle closes."""
    req = _decide(req, by)
    req.status, req.decided_at, req.decided_by, req.return_comment = Status.APPROVED, timezone.now(), by, ""
    req.save()
    return req


@transaction.atomic
def return_with_comment(req: UpdateRequest, by, comment: str) -> UpdateRequest:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Enter a comment saying what the lead should change."})
    req = _decide(req, by)
    req.status, req.decided_at, req.decided_by, req.return_comment = Status.RETURNED, timezone.now(), by, comment
    if req.update_id:
        _set_update_status(req, ProgressUpdate.Status.DRAFT)
    req.save()
    return req


# --- closing -----------------------------------------------------------------------------------

def _next_version_number(strategy: Strategy) -> str:
    numbers = []
    for number in strategy.versions.values_list("number", flat=True):
        if re.fullmatch(r"\d+(\.\d+)?", number):
            numbers.append(Decimal(number))
    if not numbers:
        return "1.0" if strategy.versions.exists() else "0.1"
    top = max(numbers)
    step = Decimal(1).scaleb(top.as_tuple().exponent)
    candidate = top + step
    taken = set(strategy.versions.values_list("number", flat=True))
    while str(candidate) in taken:
        candidate += step
    return str(candidate)


def describe(req: UpdateRequest) -> str:
    target = req.target
    number = getattr(target, "number", "") or ""
    title = plain_text(target.title)
    title = title if len(title) <= 70 else title[:69] + "\u2026"
    rag = f" ({req.rag.label})" if req.rag else ""
    return f"{number} {title}{rag}".strip()


@dataclass
class ClosePlan:
    """What closing would do: shown on the confirmation page, then done by close_cycle."""

    approved: list[UpdateRequest]
    not_approved: list[UpdateRequest]
    version_number: str


def close_preview(cycle: ReportingCycle) -> ClosePlan:
    reqs = list(cycle.requests.select_related("item", "indicator", "lead", "rag"))
    return ClosePlan([r for r in reqs if r.status == Status.APPROVED],
                     [r for r in reqs if r.status != Status.APPROVED], _next_version_number(cycle.strategy))


def _author(user) -> str:
    return (user.get_full_name() or user.get_username())[:200] if user else ""


@transaction.atomic
def close_cycle(cycle: ReportingCycle, by) -> ReportingCycle:
    """Publish the approved updates and record a new plan version listing them.

    Closing with nothing approved is allowed (a cycle nobody answered still ends); the version
    then says that no updates were approved. Unapproved drafts stay private."""
    cycle = locked(ReportingCycle.objects.select_related("strategy", "period"), pk=cycle.pk)
    _require(by, "change", cycle)
    if not cycle.is_open:
        raise ValidationError("This cycle is already closed.")
    plan = close_preview(cycle)
    today = timezone.localdate()
    for req in plan.approved:
        if req.item_id:
            if req.update_id:  # its update may have been deleted in the admin since approval
                _set_update_status(req, ProgressUpdate.Status.APPROVED, date=today)
        else:
            _publish_indicator(req, cycle)
    if plan.approved:
        details = (f"{cycle.period.label}: {len(plan.approved)} approved "
                   f"update{'s' if len(plan.approved) != 1 else ''} published \u2014 "
                   + "; ".join(describe(r) for r in plan.approved) + ".")
    else:
        details = f"{cycle.period.label}: cycle closed with no approved updates."
    position = (cycle.strategy.versions.aggregate(m=Max("position"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            version = PlanVersion.objects.create(strategy=cycle.strategy, number=plan.version_number,
                                                 date_text=today.strftime("%-d %B %Y"), change_details=details,
                                                 author=_author(by), position=position)
    except IntegrityError:
        raise ValidationError("Another version was recorded at the same moment; try again.") from None
    cycle.status, cycle.closed_at, cycle.closed_by, cycle.version = (ReportingCycle.Status.CLOSED, timezone.now(),
                                                                     by, version)
    cycle.save()
    return cycle


def _publish_indicator(req: UpdateRequest, cycle: ReportingCycle) -> None:
    rows = req.values or []
    for row in rows:
        value, _ = Value.objects.update_or_create(
            indicator_id=req.indicator_id, kind=Value.Kind.ACTUAL, comparator="", period=row["period"],
            defaults={"period_start": dt.date.fromisoformat(row["start"]), "period_end": dt.date.fromisoformat(row["end"]),
                      "value": Decimal(row["value"]) if row["value"] is not None else None,
                      "text": row["text"], "note": row["note"]})
    if req.rag and rows:
        latest = max(rows, key=lambda r: (r["end"], r["start"]))
        value = Value.objects.get(indicator_id=req.indicator_id, kind=Value.Kind.ACTUAL, comparator="",
                                  period=latest["period"])
        value.officer_rag, value.officer_rag_reason = req.rag, req.rag_reason
        value.save()
    if plain_text(req.commentary):
        position = (IndicatorNote.objects.filter(indicator_id=req.indicator_id)
                    .aggregate(m=Max("position"))["m"] or 0) + 1
        IndicatorNote.objects.create(indicator_id=req.indicator_id, label=cycle.period.label,
                                     text=req.commentary, position=position)
