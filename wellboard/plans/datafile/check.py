"""Checks on the `strategies` section: periods, the plan's shape, leads and ratings it refers to."""

from __future__ import annotations

from wellboard.core.datafile.section import Anything, dropped_keys, partial_records
from wellboard.core.periods import PeriodError, PeriodKind, parse_period
from wellboard.plans.models import PlanItem, Strategy
from wellboard.plans.wording import placement_error

from .schema import ItemIn, StrategyIn


def names(names, parsed) -> None:
    """`names.strategies`: strategy code -> its item refs; `names.scale_of_strategy`: code -> its scale's spellings."""
    names.strategies = {}
    strategy_scales = dict(Strategy.objects.values_list("code", "rag_scale__code"))
    for code, ref in PlanItem.objects.values_list("strategy__code", "ref"):
        names.strategies.setdefault(code, set()).add(ref)
    for code in strategy_scales:
        names.strategies.setdefault(code, set())
    for p in parsed:
        for s in p.data.strategies:
            names.strategies.setdefault(s.code, set()).update(_refs(s.items, []))
            strategy_scales[s.code] = s.rag_scale
    names.scale_of_strategy = {code: names.scales.get(scale) for code, scale in strategy_scales.items()}
    for p in parsed:
        for code in dropped_keys(p, "strategies"):
            names.strategies[code] = Anything()
            names.scale_of_strategy.setdefault(code, None)
        for s in partial_records(p, "strategies"):  # a plan that lost an item: refs to that item are not in doubt
            names.strategies[s.code] = Anything()


def _refs(items, pos_path):
    for k, item in enumerate(items):
        yield item.ref or ".".join(str(n) for n in pos_path + [k + 1])
        yield from _refs(item.children, pos_path + [k + 1])


def check_strategy(s: StrategyIn, path, names, err) -> None:
    for key in ("start", "end"):
        label = getattr(s, key)
        if label:
            try:
                if parse_period(label).kind is not PeriodKind.FINANCIAL_YEAR:
                    err(path + [key], f"{label!r} is not a financial year such as 2016/17")
            except PeriodError as exc:
                err(path + [key], str(exc))
    for j, label in enumerate(s.year_columns):
        try:
            parse_period(label)
        except PeriodError as exc:
            err(path + ["year_columns", j], str(exc))
    if s.body not in names.bodies:
        err(path + ["body"], f"unknown body {s.body!r}")
    scale = names.scales.get(s.rag_scale) if s.rag_scale else None
    if s.rag_scale and scale is None:
        err(path + ["rag_scale"], f"unknown RAG scale {s.rag_scale!r}")

    def rating_ok(text, where):
        if not s.rag_scale:
            err(where, f"{text!r}: this strategy has no rag_scale, so it carries no RAG ratings")
        elif scale is not None and text.casefold() not in scale:
            err(where, f"{text!r} is not a rating of scale {s.rag_scale!r}")
    periods = [rp.key for rp in s.reporting_periods]
    for j, key in enumerate(periods):
        if periods.index(key) != j:
            err(path + ["reporting_periods", j, "key"], f"period key {key!r} is used twice")
    numbers = [v.number for v in s.versions]
    for j, n in enumerate(numbers):
        if numbers.index(n) != j:
            err(path + ["versions", j, "number"], f"version {n!r} is listed twice")
    refs: dict[str, list] = {}

    def walk(items: list[ItemIn], parent_kind, ipath, pos_path):
        for k, item in enumerate(items):
            here = ipath + [k]
            ref = item.ref or ".".join(str(n) for n in pos_path + [k + 1])
            if ref in refs:
                err(here + ["ref"], f"ref {ref!r} is used twice in this strategy")
            refs[ref] = here
            if item.kind not in PlanItem.ALLOWED_CHILDREN[parent_kind]:
                err(here + ["kind"], placement_error(item.kind, parent_kind, PlanItem.ALLOWED_CHILDREN[parent_kind]))
            if item.outcome_type and item.kind != "outcome":
                err(here + ["outcome_type"], "only outcomes have an outcome_type")
            for m, lead in enumerate(item.leads):
                if not (lead.organisation or lead.person):
                    err(here + ["leads", m], "a lead names an organisation, a person or both")
                if lead.organisation and lead.organisation not in names.orgs:
                    err(here + ["leads", m, "organisation"], f"unknown organisation {lead.organisation!r}")
                if lead.person and lead.person not in names.people:
                    err(here + ["leads", m, "person"], f"unknown person {lead.person!r}")
            for year, yv in item.years.items():
                if len(year) > 10:
                    err(here + ["years", year], "a year label is at most 10 characters")
                if s.year_columns and year not in s.year_columns:
                    err(here + ["years", year], f"year {year!r} is not one of the plan's year_columns")
                if yv.rag:
                    rating_ok(yv.rag, here + ["years", year, "rag"])
            seen_periods = set()
            for m, up in enumerate(item.updates):
                if up.period not in periods:
                    err(here + ["updates", m, "period"], f"unknown reporting period {up.period!r}")
                if up.period in seen_periods:
                    err(here + ["updates", m, "period"], f"a second update for period {up.period!r}")
                seen_periods.add(up.period)
                if up.rag:
                    rating_ok(up.rag, here + ["updates", m, "rag"])
            walk(item.children, item.kind, here + ["children"], pos_path + [k + 1])

    walk(s.items, None, path + ["items"], [])
