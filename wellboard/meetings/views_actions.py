"""The clerk's pages for an action arising: edit (description, owner, due date), withdraw with a
reason (kept on record, never deleted), and progress notes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from . import workflows_minutes
from .forms import ActionEditForm, ActionNoteForm, WithdrawActionForm, take_errors
from .models import Action
from .views_minutes import clerk_meeting, form_page


def _action(request, code, pk):
    meeting = clerk_meeting(request, code)
    return meeting, get_object_or_404(Action.objects.select_related("owner"), pk=pk, meeting=meeting)


def _back(meeting, action):
    return f"{meeting.get_absolute_url()}#action-{action.pk}"


def _run(request, meeting, action, form, step, done, **page):
    if request.method == "POST" and form.is_valid():
        try:
            step(form.cleaned_data)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_back(meeting, action))
    return form_page(request, meeting, form, back=_back(meeting, action), status=400 if form.errors else 200, **page)


@require_http_methods(["GET", "POST"])
def edit_action(request, code, pk):
    meeting, action = _action(request, code, pk)
    form = ActionEditForm(request.POST or None, initial={
        "description": action.description, "owner": action.owner_id, "due_date": action.due_date})
    return _run(request, meeting, action, form, lambda d: workflows_minutes.edit_action(
        action, d["description"], owner=d["owner"], due_date=d["due_date"]),
        "Action updated.", heading="Edit the action", submit="Save action")


@require_http_methods(["GET", "POST"])
def withdraw_action(request, code, pk):
    meeting, action = _action(request, code, pk)
    form = WithdrawActionForm(request.POST or None)
    return _run(request, meeting, action, form, lambda d: workflows_minutes.withdraw_action(
        action, d["reason"], request.user), "Action withdrawn. It stays on record with your reason.",
        heading="Withdraw the action?", submit="Withdraw action", warning=True, current=action.description,
        intro="The action is kept on record as no longer needed, with your reason, your name and today's date.")


@require_http_methods(["GET", "POST"])
def add_note(request, code, pk):
    meeting, action = _action(request, code, pk)
    form = ActionNoteForm(request.POST or None)
    return _run(request, meeting, action, form, lambda d: workflows_minutes.add_action_note(
        action, d["text"], request.user), "Progress note added.", heading="Add a progress note",
        submit="Add note", current=action.description, notes=list(action.notes.select_related("created_by")))
