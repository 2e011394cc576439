"""The coordinator's pages for indicators: define, edit, add and correct values.

Thin: `require` checks the right, a step in `workflows_edit` does the work, and the page lands on
the indicator with a success banner or shows the refusal with what was typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core.access import require
from wellboard.core.concurrency import StaleEdit
from wellboard.plans.models import Strategy

from . import workflows_edit as steps
from .forms_edit import IndicatorForm, ValueForm
from .models import Indicator, Value


def _posted(request):
    """The POST data, even when empty (an empty form is still a submission to refuse)."""
    return request.POST if request.method == "POST" else None


def _indicator(request, code) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("strategy__body", "body"), code=code)
    require(request, "change", indicator)
    return indicator


def _fields(data):
    return {k: data[k] for k in steps.INDICATOR_FIELDS}


@require_http_methods(["GET", "POST"])
def indicator_new(request, code):
    strategy = get_object_or_404(Strategy.objects.select_related("body"), code=code)
    require(request, "change", strategy)
    form = IndicatorForm(_posted(request), items=steps.plan_items(strategy))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator = steps.create_indicator(strategy, request.user, code=data["code"], items=data["items"],
                                               **_fields(data))
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"Indicator defined: {indicator.title[:80]}. Add its baseline, targets "
                                      "and values next.")
            return redirect(indicator.get_absolute_url())
    return render(request, "indicators/edit/indicator_form.html", {"form": form, "strategy": strategy,
                                                                   "indicator": None})


@require_http_methods(["GET", "POST"])
def indicator_edit(request, code):
    indicator = _indicator(request, code)
    if indicator.strategy is None:
        return render(request, "indicators/edit/no_plan.html", {"indicator": indicator})
    initial = {k: getattr(indicator, k) for k in steps.INDICATOR_FIELDS}
    initial["items"] = list(indicator.items.all())
    initial["drawn_at"] = indicator.updated_at.isoformat()
    form = IndicatorForm(_posted(request), items=steps.plan_items(indicator.strategy), editing=True,
                         initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            steps.edit_indicator(indicator, request.user, items=form.cleaned_data["items"],
                                 drawn_at=form.cleaned_data["drawn_at"], **_fields(form.cleaned_data))
        except ValidationError as exc:
            form.take_errors(exc)
            if isinstance(exc, StaleEdit):
                form.restamp(exc.current)
        else:
            messages.success(request, "Indicator saved.")
            return redirect(indicator.get_absolute_url())
    return render(request, "indicators/edit/indicator_form.html", {"form": form, "strategy": indicator.strategy,
                                                                   "indicator": indicator})


@require_http_methods(["GET", "POST"])
def value_new(request, code):
    indicator = _indicator(request, code)
    form = ValueForm(_posted(request), initial={"kind": Value.Kind.ACTUAL})
    if request.method == "POST" and form.is_valid():
        try:
            value = steps.add_value(indicator, request.user, form.row())
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"{value.get_kind_display()} for {value.period} added.")
            return redirect(indicator.get_absolute_url() + "#values")
    return render(request, "indicators/edit/value_form.html", {"form": form, "indicator": indicator, "value": None})


@require_http_methods(["GET", "POST"])
def value_edit(request, code, pk):
    indicator = _indicator(request, code)
    value = get_object_or_404(Value, pk=pk, indicator=indicator)
    form = ValueForm(_posted(request), initial={
        "kind": value.kind, "period": value.period, "value": "" if value.value is None else value.value.normalize(),
        "text": value.text, "status": value.status, "note": value.note, "version": value.version})
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            steps.correct_value(value, request.user, form.row(), form.cleaned_data["version"])
        except StaleEdit as exc:
            # Keep what this coordinator typed; show the figure saved meanwhile; saving again replaces it.
            stale = exc.current
            form.data = form.data.copy()
            form.data["version"] = stale.version
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"{value.get_kind_display()} for {value.period} corrected.")
            return redirect(indicator.get_absolute_url() + "#values")
    return render(request, "indicators/edit/value_form.html", {"form": form, "indicator": indicator, "value": value,
                                                               "stale": stale})
