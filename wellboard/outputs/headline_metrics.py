"""Seed 000's "Headline measures / metrics" table: per indicator a Target row and an Actual row
across the plan's years, the document's RAG letter beside each actual and the calculated RAG
next to it, then the commentary columns."""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.core.periods import PeriodError, parse_period
from wellboard.indicators.series import Point, Series


@dataclass
class MetricRow:
    series: Series
    baseline: object
    targets: list  # one Value or None per year column
    actuals: list  # one (Value, Point | None) or None per year column
    notes: list  # one note text or "" per note column


def _key(label):
    try:
        return parse_period(label).label
    except PeriodError:
        return label


def build(strategy, series_list: list[Series]):
    years = list(strategy.year_columns)
    keys = [_key(y) for y in years]
    rows, note_labels = [], []
    chosen = [s for s in series_list if not s.indicator.illustrative]
    for s in chosen:
        for note in s.indicator.notes.all():
            if note.label not in note_labels:
                note_labels.append(note.label)
    for s in chosen:
        targets = {_key(t.period): t for t in s.targets}
        points: dict[str, Point] = {_key(p.actual.period): p for p in s.points}
        texts = {_key(a.period): a for a in s.text_actuals}
        actuals = []
        for k in keys:
            if k in points:
                actuals.append((points[k].actual, points[k]))
            elif k in texts:
                actuals.append((texts[k], None))
            else:
                actuals.append(None)
        notes = {n.label: n.text for n in s.indicator.notes.all()}
        rows.append(MetricRow(s, s.baseline, [targets.get(k) for k in keys], actuals,
                              [notes.get(label, "") for label in note_labels]))
    return {"years": years, "rows": rows, "note_labels": note_labels}
