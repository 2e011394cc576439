"""Retiring a plan item by linking the decision that retired it.

Plans may not import meetings, so this one coordinator page sits here, above both. The page is its
own confirmation: GET says what will happen (the item leaves future reporting, keeps its history,
and links to the resolution), POST does it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core import permissions
from wellboard.core.access import require
from wellboard.core.forms import GovukForm
from wellboard.meetings import workflows as meeting_steps
from wellboard.meetings.models import Resolution
from wellboard.plans.models import PlanItem


def _posted(request):
    """The POST data, even when empty (an empty form is still a submission to refuse)."""
    return request.POST if request.method == "POST" else None


def decisions_for(item: PlanItem, user):
    """Resolutions of the plan's body that the user may read and that retire nothing yet, newest first."""
    rows = (Resolution.objects.filter(body_id=item.strategy.body_id, retires_item__isnull=True)
            .select_related("meeting__body", "item").order_by("-meeting__date", "-position", "-pk"))
    return [r for r in rows if permissions.can(user, "view", r)]


@transaction.atomic
def retire_with_decision(item: PlanItem, resolution: Resolution, by) -> PlanItem:
    """Check the right and the decision, then let the meetings step link them (it locks and re-checks)."""
    if not permissions.can(by, "change", item):
        raise PermissionDenied("You do not have permission to do this.")
    if resolution.body_id != item.strategy.body_id:
        raise ValidationError({"resolution": "Choose a resolution of the board or group that owns the plan."})
    if not permissions.can(by, "view", resolution):
        raise ValidationError({"resolution": "Choose a resolution you can read."})
    if Resolution.objects.select_for_update().filter(pk=resolution.pk, retires_item__isnull=False).exists():
        raise ValidationError({"resolution": "That resolution already retires another item."})
    meeting_steps.retire_item(resolution, item)
    return item


class RetireForm(GovukForm):
    resolution = forms.TypedChoiceField(label="The decision that retires it", coerce=int,
                                        error_messages={"required": "Choose the resolution that decided it.",
                                                        "invalid_choice": "Choose one of the resolutions listed."})

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {r.pk: r for r in decisions}
        self.fields["resolution"].choices = [("", "Choose a resolution")] + [
            (r.pk, f"{r.meeting.date:%-d %B %Y}{' ' + r.number if r.number else ''}: {r.text[:110]}")
            for r in decisions]


@require_http_methods(["GET", "POST"])
def retire_item(request, code, pk):
    item = get_object_or_404(PlanItem.objects.select_related("strategy__body", "parent"), pk=pk,
                             strategy__code=code)
    require(request, "change", item)
    decisions = decisions_for(item, request.user)
    form = RetireForm(_posted(request), decisions=decisions)
    if request.method == "POST" and not item.retired and form.is_valid():
        try:
            retire_with_decision(item, form.decisions[form.cleaned_data["resolution"]], request.user)
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, "Item retired from reporting; it links to the decision.")
            return redirect(item.get_absolute_url())
    return render(request, "outputs/retire_item.html", {"item": item, "strategy": item.strategy, "form": form,
                                                        "decisions": decisions})
