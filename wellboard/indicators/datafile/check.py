"""Reference and period checks for the `indicators` section of a data file."""

from __future__ import annotations

from wellboard.core.periods import PeriodError, PeriodKind, parse_period
from wellboard.indicators.assessment import AssessmentError, parse_tolerance
from wellboard.indicators.text_assessment import polarity_of, yes_no

from .schema import IndicatorIn

TARGET_WORDS = {"increase", "reduce", "maintain", "tbc"}
TARGET_HELP = "a target is a number (value) or one of Increase, Reduce, Maintain, TBC, Yes, No (text)"
MEASURE_TABLE = ("latest", "previous", "target")


def _target_word_ok(text: str) -> bool:
    return text.casefold() in TARGET_WORDS or yes_no(text) in ("yes", "no")


def _as_of_ok(v, here, err) -> None:
    """as_of names the month a partial value runs to, inside the value's own period."""
    try:
        month, period = parse_period(v.as_of), parse_period(v.period)
    except PeriodError:
        return  # already reported by _period_ok
    if month.kind is not PeriodKind.MONTH:
        err(here + ["as_of"], f"as_of {v.as_of!r} is not a month: give the month the value runs to, such as Feb 19")
    elif not period.start <= month.start <= period.end:
        err(here + ["as_of"], f"as_of {v.as_of!r} is not within the period {v.period!r}")


def check_measure_table(ind: IndicatorIn, path, err) -> None:
    """"Good is" words and the Latest / Previous / Target cells of a measure table."""
    if ind.good_is:
        meant = polarity_of(ind.good_is)
        if meant is None:
            err(path + ["good_is"], f"'Good is' {ind.good_is!r} is not one Wellboard can read: use High, Low, "
                                    "Maintain, Yes, No or n/a")
        elif "polarity" in ind.model_fields_set and ind.polarity != meant:
            err(path + ["polarity"], f"polarity {ind.polarity!r} disagrees with good_is {ind.good_is!r} "
                                     f"(which means {meant!r}): give one of them")
    given = [key for key in MEASURE_TABLE if getattr(ind, key) is not None]
    if not given:
        return
    if ind.targets or ind.actuals:
        err(path + [given[0]], "latest, previous and target are a measure table's cells, whose periods are not "
                               "stated: give them or dated targets and actuals, not both")
    if ind.latest is None:
        err(path + [given[0]], "a measure table needs its latest value (latest) before previous or target")
    for key in given:
        v = getattr(ind, key)
        if key == "target":
            if v.value is None and not _target_word_ok(v.text):
                err(path + [key], TARGET_HELP)
            if v.value is not None and v.text:
                err(path + [key, "text"], "give a target as value or text, not both")
        elif v.value is None and not v.text:
            err(path + [key], "give a value (a number) or a text")


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
            if v.as_of and _period_ok(v.as_of, here + ["as_of"], err):
                _as_of_ok(v, here, err)
            if v.period in seen:
                err(here + ["period"], f"a second {key[:-1]} for period {v.period!r}")
            seen.add(v.period)
            if is_target:
                if v.value is None and not _target_word_ok(v.text):
                    err(here, TARGET_HELP)
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
    check_measure_table(ind, path, err)
    for key in ("latest", "previous"):
        v = getattr(ind, key)
        if v is not None and v.officer_rag:
            if scale is None:
                err(path + [key, "officer_rag"], "an officer RAG needs the indicator's strategy (for its RAG scale)")
            elif v.officer_rag.casefold() not in scale:
                err(path + [key, "officer_rag"], f"{v.officer_rag!r} is not a rating of the strategy's RAG scale")
    for i, c in enumerate(ind.comparators):
        if c.period:  # a comparator printed without a period ("National") has none to read
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
