"""The coordinator's pages for a plan and its tree.

Thin: each checks the right with `require`, hands the input to a step in `workflows`, and either
lands on the thing changed with a success banner or draws the form again with the refusal and
what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core import permissions
from wellboard.core.access import SignInRequired, require
from wellboard.core.concurrency import StaleEdit

from . import workflows
from .forms_edit import ItemForm, LeadForm, MeasureYearsForm, MoveForm, PlanForm
from .models import ItemLead, PlanItem, Strategy


def _posted(request):
    """The POST data, even when empty (an empty form is still a submission to refuse)."""
    return request.POST if request.method == "POST" else None


def _plan(request, code) -> Strategy:
    strategy = get_object_or_404(Strategy.objects.select_related("body", "rag_scale"), code=code)
    require(request, "change", strategy)
    return strategy


def _item(request, code, pk) -> PlanItem:
    item = get_object_or_404(PlanItem.objects.select_related("strategy__body", "strategy__rag_scale", "parent"),
                             pk=pk, strategy__code=code)
    require(request, "change", item)
    return item


def _item_url(item):
    return item.get_absolute_url()


def _label(item):
    return f"{item.kind_label}{' ' + item.number if item.number else ''}"


def _plan_fields(data):
    return {k: data[k] for k in workflows.PLAN_FIELDS}


@require_http_methods(["GET", "POST"])
def plan_new(request):
    if not request.user.is_authenticated:
        raise SignInRequired
    bodies = workflows.bodies_coordinated(request.user).order_by("name")
    if not permissions.editor_anywhere(request.user, "plans") or not bodies.exists():
        raise PermissionDenied("Only a coordinator may create a plan.")
    form = PlanForm(_posted(request), bodies=bodies, initial={"kind": Strategy.Kind.STRATEGY})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            strategy = workflows.create_plan(request.user, code=data["code"], body=data["body"], **_plan_fields(data))
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"Plan created: {strategy.title}. Add its themes and priorities next.")
            return redirect(strategy.get_absolute_url())
    return render(request, "plans/edit/plan_form.html", {"form": form, "strategy": None})


@require_http_methods(["GET", "POST"])
def plan_edit(request, code):
    strategy = _plan(request, code)
    initial = {k: getattr(strategy, k) for k in workflows.PLAN_FIELDS}
    initial["year_columns"] = ", ".join(strategy.year_columns or [])
    initial["drawn_at"] = strategy.updated_at.isoformat()
    form = PlanForm(_posted(request), bodies=None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workflows.edit_plan(strategy, request.user, drawn_at=form.cleaned_data["drawn_at"],
                                **_plan_fields(form.cleaned_data))
        except ValidationError as exc:
            form.take_errors(exc)
            if isinstance(exc, StaleEdit):
                form.restamp(exc.current)
        else:
            messages.success(request, "Plan details saved.")
            return redirect(strategy.get_absolute_url())
    return render(request, "plans/edit/plan_form.html", {"form": form, "strategy": strategy})


@require_http_methods(["GET", "POST"])
def item_add(request, code, pk=None):
    """Add an item at the top of the plan, or under the item ``pk``."""
    if pk is None:
        strategy, parent = _plan(request, code), None
    else:
        parent = _item(request, code, pk)
        strategy = parent.strategy
    form = ItemForm(_posted(request), parent=parent)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            item = workflows.add_item(strategy, parent, request.user, kind=data.pop("kind"), **data)
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"{_label(item)} added: {item.title[:80]}")
            return redirect(_item_url(item))
    return render(request, "plans/edit/item_form.html", {"form": form, "strategy": strategy, "parent": parent,
                                                         "item": None})


@require_http_methods(["GET", "POST"])
def item_edit(request, code, pk):
    item = _item(request, code, pk)
    initial = {k: getattr(item, k) for k in workflows.ITEM_FIELDS}
    form = ItemForm(_posted(request), editing=True, initial={**initial, "drawn_at": item.updated_at.isoformat()})
    if request.method == "POST" and form.is_valid():
        try:
            workflows.edit_item(item, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.take_errors(exc)
            if isinstance(exc, StaleEdit):
                form.restamp(exc.current)
        else:
            messages.success(request, f"{_label(item)} saved.")
            return redirect(_item_url(item))
    return render(request, "plans/edit/item_form.html", {"form": form, "strategy": item.strategy,
                                                         "parent": item.parent, "item": item})


@require_http_methods(["GET", "POST"])
def item_move(request, code, pk):
    item = _item(request, code, pk)
    items = list(item.strategy.items.order_by("sort_key"))
    form = MoveForm(_posted(request), item=item, items=items,
                    initial={"parent": str(item.parent_id) if item.parent_id else "top"})
    if request.method == "POST" and form.is_valid():
        try:
            workflows.move_item(item, form.chosen_parent(), request.user)
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            where = item.parent.title[:80] if item.parent_id else "the top of the plan"
            messages.success(request, f"{_label(item)} moved, with everything under it, to {where}.")
            return redirect(_item_url(item))
    return render(request, "plans/edit/item_move.html", {"form": form, "strategy": item.strategy, "item": item})


@require_POST
def item_reorder(request, code, pk):
    item = _item(request, code, pk)
    direction = request.POST.get("direction", "")
    back = item.parent.get_absolute_url() if item.parent_id else item.strategy.get_absolute_url() + "#plan-tree"
    try:
        workflows.shift_item(item, direction, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, f"{_label(item)} moved {direction}: {item.title[:80]}")
    return redirect(back)


@require_http_methods(["GET", "POST"])
def item_leads(request, code, pk):
    item = _item(request, code, pk)
    form = LeadForm(request.POST if request.method == "POST" and "remove" not in request.POST else None)
    if request.method == "POST" and "remove" in request.POST:
        raw = request.POST["remove"]
        lead = ItemLead.objects.filter(item=item, pk=int(raw)).first() if raw.isdigit() and len(raw) <= 18 else None
        try:
            if lead is None:
                raise ValidationError("That lead is not named on this item.")
            workflows.remove_lead(lead, request.user)
        except ValidationError as exc:
            form = LeadForm()
            form.take_errors(exc)
        else:
            messages.success(request, f"Lead removed: {lead}.")
            return redirect(_item_url(item))
    elif request.method == "POST" and form.is_valid():
        try:
            lead = workflows.add_lead(item, request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"Lead added: {lead}.")
            return redirect(_item_url(item))
    leads = item.leads.select_related("person", "organisation")
    return render(request, "plans/edit/item_leads.html", {"form": form, "strategy": item.strategy, "item": item,
                                                          "leads": leads})


@require_http_methods(["GET", "POST"])
def item_years(request, code, pk):
    item = _item(request, code, pk)
    strategy = item.strategy
    columns = strategy.year_columns or []
    form = MeasureYearsForm(_posted(request), columns=columns, scale=strategy.rag_scale,
                            initial=MeasureYearsForm.initial_for(item, columns))
    if request.method == "POST" and form.is_valid():
        try:
            workflows.set_measure_years(item, request.user, form.years())
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, "Years to be achieved and their RAG ratings saved.")
            return redirect(_item_url(item))
    return render(request, "plans/edit/item_years.html", {"form": form, "strategy": strategy, "item": item,
                                                          "applicable": item.kind == "success_measure" and columns})
