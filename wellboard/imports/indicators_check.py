"""Reference and period checks for the `indicators` section of a data file."""

from __future__ import annotations

from wellboard.core.periods import PeriodError, parse_period
from wellboard.indicators.assessment import AssessmentError, parse_tolerance

from .schema import IndicatorIn

TARGET_WORDS = {"increase", "reduce", "maintain", "tbc"}


def _period_ok(label, path, err):
    try:
        parse_period(label)
        return True
    except PeriodError as exc:
        err(path, str(exc))
        return False


def check_indicator(ind: IndicatorIn, path, names, err) -> None:
    if ind.strategy and ind.strategy not in names.strategies:
        err(path + ["strategy"], f"unknown strategy {ind.strategy!r}")
    if ind.body and ind.body not in names.bodies:
        err(path + ["body"], f"unknown body {ind.body!r}")
    if ind.lead_person and ind.lead_person not in names.people:
        err(path + ["lead_person"], f"unknown person {ind.lead_person!r}")
    if ind.lead_organisation and ind.lead_organisation not in names.orgs:
        err(path + ["lead_organisation"], f"unknown organisation {ind.lead_organisation!r}")
    refs = names.strategies.get(ind.strategy, set())
    for i, ref in enumerate(ind.items):
        if not ind.strategy:
            err(path + ["items", i], "items need the indicator's strategy")
        elif ref not in refs:
            err(path + ["items", i], f"no item with ref {ref!r} in strategy {ind.strategy!r}")
    try:
        parse_tolerance(ind.tolerance)
    except AssessmentError as exc:
        err(path + ["tolerance"], str(exc))
    scale = names.scale_of_strategy.get(ind.strategy)

    def check_values(values, key, is_target):
        seen = set()
        for i, v in enumerate(values):
            here = path + [key, i] if isinstance(i, int) and key != "baseline" else path + [key]
            _period_ok(v.period, here + ["period"], err)
            if v.as_of:
                _period_ok(v.as_of, here + ["as_of"], err)
            if v.period in seen:
                err(here + ["period"], f"a second {key[:-1]} for period {v.period!r}")
            seen.add(v.period)
            if is_target:
                if v.value is None and v.text.casefold() not in TARGET_WORDS:
                    err(here, "a target is a number (value) or one of Increase, Reduce, Maintain, TBC (text)")
                if v.value is not None and v.text:
                    err(here + ["text"], "give a target as value or text, not both")
            elif v.value is None and not v.text:
                err(here, "give a value (a number) or a text")
            if v.officer_rag:
                if scale is None:
                    err(here + ["officer_rag"], "an officer RAG needs the indicator's strategy (for its RAG scale)")
                elif v.officer_rag.casefold() not in scale:
                    err(here + ["officer_rag"], f"{v.officer_rag!r} is not a rating of the strategy's RAG scale")

    if ind.baseline:
        check_values([ind.baseline], "baseline", False)
    check_values(ind.targets, "targets", True)
    check_values(ind.actuals, "actuals", False)
    for i, c in enumerate(ind.comparators):
        _period_ok(c.period, path + ["comparators", i, "period"], err)
    for i, b in enumerate(ind.breakdowns):
        for j, label in enumerate(b.periods):
            _period_ok(label, path + ["breakdowns", i, "periods", j], err)
        codes = [r.code for r in b.rows]
        for j, row in enumerate(b.rows):
            if len(row.values) != len(b.periods):
                err(path + ["breakdowns", i, "rows", j, "values"],
                    f"{len(row.values)} values for {len(b.periods)} periods")
            if codes.index(row.code) != j:
                err(path + ["breakdowns", i, "rows", j, "code"], f"category {row.code!r} is listed twice")
