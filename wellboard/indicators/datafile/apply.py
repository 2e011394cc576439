"""Write validated indicators by natural keys (inside the loader's transaction)."""

from __future__ import annotations

from wellboard.core.audit import record_bulk
from wellboard.core.periods import parse_period, year_to_date
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body
from wellboard.indicators.models import (
    Breakdown,
    BreakdownCategory,
    BreakdownValue,
    Indicator,
    IndicatorNote,
    Value,
)
from wellboard.indicators.text_assessment import polarity_of
from wellboard.plans.models import PlanItem, Strategy

from .schema import IndicatorIn, UnstatedValueIn, ValueIn


def apply_indicator(ind: IndicatorIn, position: int, upsert, counts) -> None:
    strategy = Strategy.objects.select_related("rag_scale").get(code=ind.strategy) if ind.strategy else None
    indicator = upsert(Indicator, counts, {"code": ind.code}, {
        "number": ind.number, "title": ind.title, "definition": ind.definition, "source": ind.source,
        "external_ref": ind.external_ref, "unit": ind.unit, "rate_per": ind.rate_per, "money_unit": ind.money_unit,
        "decimals": ind.decimals, "polarity": _polarity(ind), "good_is": ind.good_is, "frequency": ind.frequency,
        "cumulative": ind.cumulative, "publication_lag": ind.publication_lag, "tolerance": ind.tolerance,
        "lead_person": Person.objects.get(name=ind.lead_person) if ind.lead_person else None,
        "lead_organisation": Organisation.objects.get(code=ind.lead_organisation) if ind.lead_organisation else None,
        "body": Body.objects.get(code=ind.body) if ind.body else (strategy.body if strategy else None),
        "strategy": strategy, "illustrative": ind.illustrative, "position": position,
    }, source=ind)
    indicator.items.set(PlanItem.objects.filter(strategy=strategy, ref__in=ind.items) if strategy else [])
    indicator.notes.all().delete()
    record_bulk("create", IndicatorNote.objects.bulk_create(
        IndicatorNote(indicator=indicator, label=n.label, text=n.text, position=i) for i, n in enumerate(ind.notes)
    ))
    ratings = strategy.rag_scale.lookup() if strategy and strategy.rag_scale else {}
    values = ([("baseline", ind.baseline)] if ind.baseline else []) + [("target", v) for v in ind.targets] + [
        ("actual", v) for v in ind.actuals]
    for kind, v in values:
        _apply_value(indicator, kind, v, ratings, upsert, counts)
    # A measure table's cells keep their column heading as the label; their period is not stated.
    for kind, label, v in (("actual", "Previous", ind.previous), ("actual", "Latest", ind.latest),
                           ("target", "Latest", ind.target)):
        if v is not None:
            _apply_unstated(indicator, kind, label, v, ratings, upsert, counts)
    for c in ind.comparators:
        period = parse_period(c.period) if c.period else None
        upsert(Value, counts, {"indicator": indicator, "kind": "comparator", "comparator": c.name, "period": c.period}, {
            "period_start": period and period.start, "period_end": period and period.end, "value": c.value,
            "display": c.display,
        }, source=c)
    for i, b in enumerate(ind.breakdowns):
        breakdown = upsert(Breakdown, counts, {"indicator": indicator, "dimension": b.dimension},
                           {"caption": b.caption, "position": i}, source=b)
        ends = [parse_period(p).end for p in b.periods]
        for j, row in enumerate(b.rows):
            category = upsert(BreakdownCategory, counts, {"breakdown": breakdown, "code": row.code},
                              {"label": row.label, "position": j, "stated_change": row.stated_change}, source=row)
            for label, end, value in zip(b.periods, ends, row.values, strict=True):
                upsert(BreakdownValue, counts, {"category": category, "period": label},
                       {"period_end": end, "value": value})


def _polarity(ind: IndicatorIn) -> str:
    # "Good is" decides the polarity unless polarity is given too (the checker makes them agree).
    if ind.good_is and "polarity" not in ind.model_fields_set:
        return polarity_of(ind.good_is)
    return ind.polarity


def _apply_unstated(indicator, kind, label, v: UnstatedValueIn, ratings, upsert, counts) -> None:
    upsert(Value, counts, {"indicator": indicator, "kind": kind, "comparator": "", "period": label}, {
        "period_start": None, "period_end": None, "value": v.value, "text": v.text, "display": v.display,
        "as_of": "", "status": v.status, "indicative": v.indicative, "note": v.note,
        "officer_rag": ratings[v.officer_rag.casefold()] if v.officer_rag else None,
        "officer_rag_reason": v.officer_rag_reason,
    })


def _apply_value(indicator, kind, v: ValueIn, ratings, upsert, counts) -> None:
    period = parse_period(v.period)
    # A value "to Feb 19" covers the financial year to that month: it ends there, not at year end.
    end = year_to_date(parse_period(v.as_of)).end if v.as_of else period.end
    upsert(Value, counts, {"indicator": indicator, "kind": kind, "comparator": "", "period": v.period}, {
        "period_start": period.start, "period_end": end, "value": v.value, "text": v.text, "display": v.display,
        "as_of": v.as_of, "status": v.status, "indicative": v.indicative, "note": v.note,
        "numerator": v.numerator, "denominator": v.denominator,
        "officer_rag": ratings[v.officer_rag.casefold()] if v.officer_rag else None,
        "officer_rag_reason": v.officer_rag_reason,
    }, source=v)
