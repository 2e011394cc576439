from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from wellboard.core import permissions
from wellboard.core.access import require
from wellboard.core.concurrency import StaleEdit
from wellboard.plans.tree import strategy_for_page

from .chart import line_chart
from .forms import OfficerRagForm
from .models import Value
from .queries import series_for_strategy, visible_indicators, with_values
from .series import build_series
from .workflows import set_officer_rag


def _chart_for(series, sparkline=False):
    labels = [label for label, _ in series.numeric]
    values = [v for _, v in series.numeric]
    targets_by_period = {t.period: float(t.value) for t in series.targets if t.value is not None}
    targets = [targets_by_period.get(label) for label in labels]
    ind = series.indicator
    unit = "%" if ind.unit == ind.Unit.PERCENTAGE else ""
    if sparkline:
        return line_chart(labels, values, None, None, decimals=ind.decimals, width=120, height=32, sparkline=True,
                          unit=unit) if values else None
    return line_chart(labels, values, targets, series.spc, decimals=ind.decimals, unit=unit) if values else None


def scorecard(request, code):
    strategy = strategy_for_page(code, request.user)
    rows = series_for_strategy(strategy, request.user)
    for s in rows:
        s.sparkline = _chart_for(s, sparkline=True)
    return render(request, "indicators/scorecard.html", {"strategy": strategy, "rows": rows})


def indicator(request, code):
    # The decisions that changed a target live with the meetings; the page shows them.
    qs = with_values(visible_indicators(request.user)).prefetch_related("values__changing_resolutions__meeting")
    ind = get_object_or_404(qs, code=code)
    series = build_series(ind, list(ind.values.all()))
    breakdowns = []
    for b in ind.breakdowns.all():
        categories = list(b.categories.all())
        periods = sorted({(v.period_end, v.period) for c in categories for v in c.values.all()})
        rows = []
        for c in categories:
            by_period = {v.period: v.value for v in c.values.all()}
            cells = [by_period.get(p) for _, p in periods]
            first, last = cells[0] if cells else None, cells[-1] if cells else None
            change = last - first if first is not None and last is not None and len(cells) > 1 else None
            stated = c.stated_change
            rows.append({"category": c, "cells": cells, "change": change,
                         "stated_differs": stated is not None and change is not None and stated != change})
        breakdowns.append({"breakdown": b, "periods": [p for _, p in periods], "rows": rows})
    return render(request, "indicators/indicator.html", {
        "indicator": ind, "series": series, "chart": _chart_for(series), "breakdowns": breakdowns,
        "can_change": permissions.can(request.user, "change", ind),
    })


def officer_rag(request, code, pk):
    value = get_object_or_404(Value.objects.select_related("indicator__strategy__rag_scale", "officer_rag"),
                              pk=pk, indicator__code=code, kind=Value.Kind.ACTUAL)
    require(request, "change", value.indicator)
    if value.indicator.strategy is None or value.indicator.strategy.rag_scale_id is None:
        raise Http404("This indicator's plan has no RAG scale")
    scale = value.indicator.strategy.rag_scale
    series = build_series(value.indicator)
    point = next((p for p in series.points if p.actual.pk == value.pk), None)
    form = OfficerRagForm(request.POST or None, scale=scale,
                          initial={"rating": value.officer_rag, "reason": value.officer_rag_reason,
                                   "version": value.version})
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            set_officer_rag(value, form.cleaned_data["rating"], form.cleaned_data["reason"],
                            form.cleaned_data["version"])
        except StaleEdit as exc:
            # Keep this officer's choice in the form; show what the other person saved; a second
            # save (now against their version) replaces it deliberately.
            stale = exc.current
            form.data = form.data.copy()
            form.data["version"] = stale.version
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
        else:
            return redirect(value.indicator.get_absolute_url())
    return render(request, "indicators/officer_rag.html", {"value": value, "point": point, "form": form,
                                                           "stale": stale})
