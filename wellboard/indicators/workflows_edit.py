"""The coordinator's steps on indicators: define one for a plan, edit it, add or correct its values.

Same pattern as plans/workflows.py: one transaction, rows re-read under a lock, state checked
there, ValidationError keyed by form field. Values are Versioned: a correction claims the version
its form was drawn from, so a save over someone else's newer figure is refused (StaleEdit).
Every save goes through the model, so the audit trail records it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from wellboard.core import permissions
from wellboard.core.concurrency import (
    check_unchanged,
    claim_version,
    locked,
    mirror,
    refused_on_conflict,
)
from wellboard.core.periods import PeriodError, parse_period
from wellboard.plans.models import PlanItem, Strategy

from .models import Indicator, Value

INDICATOR_FIELDS = ("number", "title", "definition", "source", "unit", "polarity", "frequency", "tolerance",
                    "lead_person", "lead_organisation")
# Value kinds a coordinator enters here; comparators come with their source's imports.
SLUG = re.compile(r"[-a-z0-9_]+")
ENTERED_KINDS = (Value.Kind.BASELINE, Value.Kind.TARGET, Value.Kind.ACTUAL)


def _require(user, action, obj):
    if not permissions.can(user, action, obj):
        raise PermissionDenied("You do not have permission to do this.")


def _check_tolerance(text: str) -> str:
    text = (text or "").strip()
    number = text[:-1] if text.endswith("%") else text
    try:
        ok = Decimal(number).is_finite() and Decimal(number) >= 0 and len(text) <= 20
    except InvalidOperation:
        ok = False
    if not ok:
        raise ValidationError({"tolerance": 'Enter the amber band as a percentage of the target ("5%") or a number '
                                            'of units ("2").'})
    return text


def _check_indicator(fields: dict, items, strategy: Strategy) -> dict:
    fields = {k: fields.get(k) for k in INDICATOR_FIELDS}
    for name in ("number", "title", "definition", "source"):
        fields[name] = (fields[name] or "").strip()
    if not fields["title"]:
        raise ValidationError({"title": "Enter the indicator's title."})
    if len(fields["number"]) > 20 or len(fields["source"]) > 200:
        raise ValidationError({"source": "The number must be 20 characters or fewer, the source 200."})
    if "\x00" in fields["number"] + fields["title"] + fields["definition"] + fields["source"]:
        raise ValidationError({"title": "The text contains a character that cannot be stored."})
    for name, choices in (("unit", Indicator.Unit), ("polarity", Indicator.Polarity),
                          ("frequency", Indicator.Frequency)):
        if fields[name] not in choices.values:
            raise ValidationError({name: f"Choose the indicator's {name}."})
    fields["tolerance"] = _check_tolerance(fields["tolerance"])
    foreign = [i for i in items if i.strategy_id != strategy.pk]
    if foreign:
        raise ValidationError({"items": "Choose only items of this plan."})
    return fields


@transaction.atomic
def create_indicator(strategy: Strategy, by, *, code: str, items=(), **fields) -> Indicator:
    strategy = locked(Strategy, pk=strategy.pk)
    _require(by, "change", strategy)
    code = (code or "").strip().lower()
    if not code:
        raise ValidationError({"code": "Enter a short code for the indicator's web address."})
    if not SLUG.fullmatch(code) or len(code) > 100:
        raise ValidationError({"code": "Use only lower-case letters, digits and hyphens in the code (at most 100)."})
    fields = _check_indicator(fields, list(items), strategy)
    message = {"code": f"An indicator with the code \u201c{code}\u201d already exists."}
    if Indicator.objects.filter(code=code).exists():
        raise ValidationError(message)
    top = Indicator.objects.filter(strategy=strategy).aggregate(m=Max("position"))["m"]
    with refused_on_conflict(message):
        indicator = Indicator.objects.create(code=code, strategy=strategy, body=strategy.body,
                                             position=0 if top is None else top + 1, **fields)
    indicator.items.set(items)
    return indicator


@transaction.atomic
def edit_indicator(indicator: Indicator, by, *, items=(), drawn_at="", **fields) -> Indicator:
    given, indicator = indicator, locked(Indicator.objects.select_related("strategy"), pk=indicator.pk)
    _require(by, "change", indicator)
    check_unchanged(indicator, drawn_at)
    if indicator.strategy is None:
        raise ValidationError("This indicator belongs to no plan; change it in the admin.")
    fields = _check_indicator(fields, list(items), indicator.strategy)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save()
    if {i.pk for i in items} != set(indicator.items.values_list("pk", flat=True)):
        indicator.items.set(items)
    mirror(given, indicator)
    return indicator


@dataclass
class ValueInput:
    kind: str
    period: str
    value: str = ""
    text: str = ""
    status: str = Value.Status.FINAL
    note: str = ""


def _check_value(row: ValueInput) -> dict:
    if row.kind not in ENTERED_KINDS:
        raise ValidationError({"kind": "Choose baseline, target or actual."})
    try:
        period = parse_period((row.period or "").strip())
    except PeriodError as exc:
        raise ValidationError({"period": f"Enter a period Wellboard can read, for example 2018/19, Q3 2018/19 or "
                                         f"Feb 2019 ({exc})."}) from None
    number = None
    if (row.value or "").strip():
        try:
            number = Decimal(row.value.strip().replace(",", "").rstrip("%"))
        except InvalidOperation:
            raise ValidationError({"value": f"\u201c{row.value}\u201d is not a number."}) from None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
            raise ValidationError({"value": f"\u201c{row.value}\u201d is out of range."})
    elif not (row.text or "").strip():
        raise ValidationError({"value": f"Enter a number, or a text value, for {period.label}."})
    if row.status not in Value.Status.values:
        raise ValidationError({"status": "Choose provisional or final."})
    text, note = (row.text or "").strip(), (row.note or "").strip()
    if len(text) > 300:
        raise ValidationError({"text": "The text value must be 300 characters or fewer."})
    if "\x00" in text + note:
        raise ValidationError({"note": "The text contains a character that cannot be stored."})
    return {"kind": row.kind, "period": period.label, "period_start": period.start, "period_end": period.end,
            "value": number, "text": text, "status": row.status, "note": note}


def _taken(indicator, kind, period, exclude=None) -> bool:
    qs = Value.objects.filter(indicator=indicator, kind=kind, comparator="", period=period)
    return qs.exclude(pk=exclude).exists() if exclude else qs.exists()


@transaction.atomic
def add_value(indicator: Indicator, by, row: ValueInput) -> Value:
    indicator = locked(Indicator.objects.select_related("strategy"), pk=indicator.pk)
    _require(by, "change", indicator)
    fields = _check_value(row)
    message = {"period": f"The indicator already has a {Value.Kind(fields['kind']).label.lower()} for "
                         f"{fields['period']}: correct that one instead."}
    if _taken(indicator, fields["kind"], fields["period"]):
        raise ValidationError(message)
    with refused_on_conflict(message):
        return Value.objects.create(indicator=indicator, **fields)


@transaction.atomic
def correct_value(value: Value, by, row: ValueInput, version) -> Value:
    """Correct a value's figure, period or status; refused if someone saved it since the form was drawn."""
    given, value = value, locked(Value.objects.select_related("indicator__strategy"), pk=value.pk)
    _require(by, "change", value.indicator)
    claim_version(value, version)
    if value.kind not in ENTERED_KINDS:
        raise ValidationError("Comparator values come from their source and are not corrected here.")
    fields = _check_value(row)
    if _taken(value.indicator, fields["kind"], fields["period"], exclude=value.pk):
        raise ValidationError({"period": f"The indicator already has a {Value.Kind(fields['kind']).label.lower()} "
                                         f"for {fields['period']}."})
    for name, new in fields.items():
        setattr(value, name, new)
    value.display = ""  # the document's wording described the old figure
    value.save()
    mirror(given, value)
    return value


def plan_items(strategy: Strategy):
    return PlanItem.objects.filter(strategy=strategy, retired=False).order_by("sort_key")
