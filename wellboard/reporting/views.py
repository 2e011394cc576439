"""Pages of the reporting cycle: the lead's "My updates" and update form, the coordinator's cycle pages.

Views are thin: they check the right with `require`, hand the input to a workflow step in
`cycles`, and either land on the thing changed with a success banner or draw the form again
with the refusal, keeping what was typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wellboard.core import permissions
from wellboard.core.access import SignInRequired, require

from . import workflows as cycles
from .forms import OpenCycleForm, ReturnForm, UpdateForm
from .models import ProgressUpdate, ReportingCycle, Strategy, UpdateRequest
from .reminders import send_update_reminders

OUTSTANDING = UpdateRequest.OUTSTANDING


def _strategy(request, code):
    strategy = get_object_or_404(Strategy, code=code)
    require(request, "view", strategy)
    return strategy


def _cycle(request, code, pk, action="change"):
    cycle = get_object_or_404(ReportingCycle.objects.select_related("strategy__body", "period"),
                              pk=pk, strategy__code=code)
    require(request, action, cycle)
    return cycle


def _overdue(req, today):
    return req.cycle.is_open and req.status in OUTSTANDING and req.cycle.due < today


def my_updates(request):
    if not request.user.is_authenticated:
        raise SignInRequired
    pid = permissions.person_id(request.user)
    reqs = (UpdateRequest.objects.filter(lead_id=pid).select_related("cycle__strategy", "cycle__period", "item",
                                                                     "indicator", "rag")
            .order_by("-cycle__opened_at", "item__sort_key", "indicator__position", "pk")) if pid else []
    today = timezone.localdate()
    groups: dict[ReportingCycle, list] = {}
    for r in reqs:
        groups.setdefault(r.cycle, []).append({"req": r, "overdue": _overdue(r, today)})
    return render(request, "reporting/my_updates.html", {"groups": groups, "is_lead": bool(pid), "today": today})


@require_http_methods(["GET", "POST"])
def update_request(request, pk):
    req = get_object_or_404(UpdateRequest.objects.select_related(
        "cycle__strategy__rag_scale", "cycle__period", "item", "indicator", "lead", "rag"), pk=pk)
    require(request, "update", req.target)
    scale = req.cycle.strategy.rag_scale
    with_values = bool(req.indicator_id)
    if request.method == "POST":
        form = UpdateForm(request.POST, scale=scale, with_values=with_values)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycles.save_draft(req, request.user, commentary=data["commentary"], rag=data.get("rag"),
                                  reason=data.get("reason", ""), values=form.new_values())
                if request.POST.get("action") == "submit":
                    cycles.submit(req, request.user)
                    messages.success(request, "Your update has been submitted to the coordinator.")
                else:
                    messages.success(request, "Your update has been saved as a draft. It is not yet submitted.")
                return redirect(req.get_absolute_url())
            except ValidationError as exc:
                form.take_errors(exc)
    else:
        initial = {"commentary": req.commentary, "rag": req.rag, "reason": req.rag_reason}
        for n, row in enumerate(req.values or [], start=1):
            initial.update({f"period_{n}": row["period"], f"value_{n}": row["value"] or row["text"],
                            f"note_{n}": row["note"]})
        form = UpdateForm(initial=initial, scale=scale, with_values=with_values)
    return render(request, "reporting/update_form.html", {
        "req": req, "form": form, "strategy": req.cycle.strategy, "previous": _previous_update(req),
        "overdue": _overdue(req, timezone.localdate()),
        "can_review": permissions.can(request.user, "change", req.cycle) and req.status == "submitted",
    })


def _previous_update(req):
    if not req.item_id:
        return None
    return (ProgressUpdate.objects.filter(item=req.item, status=ProgressUpdate.Status.APPROVED)
            .exclude(period=req.cycle.period).select_related("period", "rag").order_by("-period__position").first())


@require_http_methods(["GET", "POST"])
def cycles_for_plan(request, code):
    strategy = _strategy(request, code)
    require(request, "change", strategy)
    form = OpenCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = cycles.open_cycle(strategy, form.cleaned_data["period"], form.cleaned_data["due"], request.user)
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            note = f" Skipped, already updated for this period: {'; '.join(opened.skipped)}." if opened.skipped else ""
            # Tell the leads now; anything that fails to send is retried by `send-reminders`.
            emailed = send_update_reminders(timezone.localdate(), cycle=opened.cycle)
            messages.success(request, f"Cycle opened: {opened.requests} update requests made; "
                                      f"{len(emailed)} lead{'s' if len(emailed) != 1 else ''} emailed.{note}")
            return redirect(opened.cycle.get_absolute_url())
    return render(request, "reporting/cycles.html", {
        "strategy": strategy, "form": form,
        "cycles": strategy.cycles.select_related("period", "version").order_by("-opened_at"),
    })


def cycle(request, code, pk):
    cycle = _cycle(request, code, pk)
    reqs = list(cycle.requests.select_related("item", "indicator", "lead", "rag", "update"))
    today = timezone.localdate()
    previous = {}
    for u in (ProgressUpdate.objects.filter(item_id__in=[r.item_id for r in reqs if r.item_id],
                                            status=ProgressUpdate.Status.APPROVED)
              .exclude(period=cycle.period).filter(period__position__lt=cycle.period.position)
              .select_related("rag", "period").order_by("period__position")):
        previous[u.item_id] = u  # ordered by period: the last one kept is the latest before this cycle
    rows = []
    for r in reqs:
        before = previous.get(r.item_id)
        moved = r.rag is not None and before is not None and before.rag_id != r.rag_id
        rows.append({"req": r, "overdue": _overdue(r, today), "before": before, "moved": moved})
    counts = {s: sum(1 for r in reqs if r.status == s) for s in UpdateRequest.Status.values}
    return render(request, "reporting/cycle.html", {
        "cycle": cycle, "strategy": cycle.strategy, "rows": rows, "counts": counts,
        "waiting": [row for row in rows if row["req"].status in OUTSTANDING],
        "overdue_count": sum(1 for row in rows if row["overdue"]),
        "moves": [row for row in rows if row["moved"]],
    })


@require_http_methods(["GET", "POST"])
def review(request, code, pk, request_pk):
    cycle = _cycle(request, code, pk)
    req = get_object_or_404(cycle.requests.select_related("item", "indicator", "lead", "rag"), pk=request_pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                cycles.approve(req, request.user)
                messages.success(request, f"Update approved: {cycles.describe(req)}. It is published when the "
                                          "cycle closes.")
                return redirect(cycle.get_absolute_url() + f"#request-{req.pk}")
            if form.is_valid():
                cycles.return_with_comment(req, request.user, form.cleaned_data["comment"])
                messages.success(request, f"Update returned to {req.lead.name} with your comment.")
                return redirect(cycle.get_absolute_url() + f"#request-{req.pk}")
        except ValidationError as exc:
            form.take_errors(exc)
    return render(request, "reporting/cycle_review.html", {
        "cycle": cycle, "strategy": cycle.strategy, "req": req, "form": form, "previous": _previous_update(req)})


@require_http_methods(["GET", "POST"])
def close(request, code, pk):
    cycle = _cycle(request, code, pk)
    error = None
    if request.method == "POST":
        try:
            closed = cycles.close_cycle(cycle, request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Cycle closed. Version {closed.version.number} of the plan records: "
                                      f"{closed.version.change_details}")
            return redirect(closed.get_absolute_url())
    return render(request, "reporting/cycle_close.html", {
        "cycle": cycle, "strategy": cycle.strategy, "preview": cycles.close_preview(cycle), "error": error})
