"""Indicators in the API: values, and the assessment of each actual (computed, never stored)."""

from django.shortcuts import get_object_or_404
from ninja import Router

from wellboard.core.richtext import plain_text
from wellboard.core.source_notes import as_data, notes_of, notes_on, notes_table
from wellboard.indicators.models import Indicator
from wellboard.indicators.queries import visible_indicators, with_values
from wellboard.indicators.series import build_series

from .params import Code, NotFoundOut
from .schemas_indicators import IndicatorDetailOut, IndicatorSummaryOut
from .serialise import rating

router = Router(tags=["indicators"])


def _num(v):
    return float(v) if v is not None else None


def _summary(ind, request):
    return {
        "id": ind.pk, "code": ind.code, "number": ind.number, "title": plain_text(ind.title),
        "source": ind.source, "unit": ind.unit, "polarity": ind.polarity, "good_is": ind.good_is, "frequency": ind.frequency,
        "strategy": ind.strategy.code if ind.strategy else None, "illustrative": ind.illustrative,
        "url": request.build_absolute_uri(ind.get_absolute_url()),
    }


def _value(v, notes):
    """``notes``: core.source_notes.notes_table(). A measure table's cell is a field of its indicator in the
    data file, so its mark is stored on the indicator under the cell's name; it is listed here too."""
    cell = notes_of(notes, Indicator, v.indicator_id, v.measure_cell) if v.measure_cell else []
    return {
        "kind": v.kind, "period": v.period, "period_start": v.period_start, "period_end": v.period_end,
        "value": _num(v.value), "text": v.text, "display": v.display, "as_of": v.as_of or None,
        "status": v.status, "indicative": v.indicative, "comparator": v.comparator or None,
        "officer_rag": rating(v.officer_rag), "officer_rag_reason": v.officer_rag_reason,
        "source_notes": as_data(notes_on(notes, v) + cell),
    }


@router.get("/", response=list[IndicatorSummaryOut])
def list_indicators(request, strategy: Code | None = None):
    qs = visible_indicators(request.user).order_by("strategy__code", "position", "code")
    if strategy:
        qs = qs.filter(strategy__code=strategy)
    return [_summary(i, request) for i in qs]


@router.get("/{int:id}/", response={200: IndicatorDetailOut, 404: NotFoundOut})
def get_indicator(request, id: int):
    ind = get_object_or_404(with_values(visible_indicators(request.user)), pk=id)
    series = build_series(ind, list(ind.values.all()))
    spc = series.spc
    notes = notes_table()  # one query for the notes of the indicator and all its records
    return {
        **_summary(ind, request),
        "definition": plain_text(ind.definition), "external_ref": ind.external_ref, "decimals": ind.decimals,
        "cumulative": ind.cumulative, "publication_lag": ind.publication_lag, "tolerance": ind.tolerance,
        "source_notes": as_data(notes_on(notes, ind)),
        "values": [_value(v, notes) for v in ind.values.all()],
        "assessments": [
            {"period": p.actual.period, "value": _num(p.actual.value),
             "target": (_num(p.target.value) if p.target.value is not None else p.target.text) if p.target else None,
             "calculated_rag": p.rag.status, "explanation": p.rag.explanation,
             "officer_rag": rating(p.officer_rag), "disagreement": p.disagreement,
             "direction": p.direction, "direction_explanation": p.direction_explanation,
             "text": p.actual.text, "spc": p.spc}
            for p in series.points
        ],
        "spc": {"mean": spc.mean, "lower_limit": spc.lower_limit, "upper_limit": spc.upper_limit,
                "variation": spc.variation, "assurance": spc.assurance} if spc else None,
        "breakdowns": [
            {"dimension": b.dimension, "caption": b.caption, "source_notes": as_data(notes_on(notes, b)),
             "categories": [{"code": c.code, "label": c.label,
                             "values": [{"period": x.period, "value": _num(x.value)} for x in c.values.all()],
                             "source_notes": as_data(notes_on(notes, c))}
                            for c in b.categories.all()]}
            for b in ind.breakdowns.all()
        ],
    }
