"""The clerk's pages for minutes: holding the meeting, minute items and paragraphs, resolutions
edited on their own page (shown once on the meeting page), and approving the minutes through a
confirmation page that says what will be locked. Each page: GET shows the form, POST runs one
workflow step; a refusal shows the form again with an error summary and the input kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.access import require
from wellboard.core.concurrency import StaleEdit

from . import workflows, workflows_minutes
from .forms import (
    ApproveMinutesForm,
    MinuteItemForm,
    ParagraphAddForm,
    ParagraphEditForm,
    ResolutionEditForm,
    take_errors,
)
from .models import Meeting, MinuteItem, MinuteParagraph, Resolution


def clerk_meeting(request, code) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), code=code)
    require(request, "change", meeting)
    return meeting


def form_page(request, meeting, form, *, heading, submit, back, status=200, **extra):
    context = {"meeting": meeting, "form": form, "heading": heading, "submit": submit, "back": back, **extra}
    return render(request, "meetings/minutes/form_page.html", context, status=status)


def _refusal_status(form):
    return 400 if form.errors else 200


@require_POST
def mark_held(request, code):
    meeting = clerk_meeting(request, code)
    try:
        workflows_minutes.mark_held(meeting)
    except ValidationError as exc:
        from .queries import meeting_for_page
        from .views import _refused
        return _refused(request, meeting_for_page(code), exc.messages)
    messages.success(request, f"The meeting on {meeting.date:%-d %B %Y} is marked as held.")
    return redirect(meeting.get_absolute_url())


def _lock_summary(meeting):
    return {
        "items": meeting.minute_items.count(), "resolutions": meeting.resolutions.count(),
        "actions": meeting.actions.count(), "declarations": meeting.declarations.count(),
        "part_a": meeting.minute_items.filter(part="A").count(), "part_b": meeting.minute_items.filter(part="B").count(),
    }


@require_http_methods(["GET", "POST"])
def approve_minutes(request, code):
    """GET: what approving will lock, at which meeting. POST: approve (the step refuses a meeting
    that has not been held)."""
    meeting = clerk_meeting(request, code)
    form = ApproveMinutesForm(request.POST or request.GET or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        at = form.cleaned_data["at_meeting"]
        try:
            workflows.approve_minutes(meeting, at)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"The minutes are approved as a correct record at the meeting on "
                                      f"{at.date:%-d %B %Y} and are now locked.")
            return redirect(meeting.get_absolute_url() + "#minutes")
    elif request.method == "GET" and form.is_bound and form.is_valid():
        # Say at once, before the clerk confirms, that this meeting cannot approve them.
        if refusal := workflows.approval_refusal(form.cleaned_data["at_meeting"]):
            form.add_error("at_meeting", refusal)
    return render(request, "meetings/minutes/approve.html", {
        "meeting": meeting, "form": form, "summary": _lock_summary(meeting),
        "chosen": form.cleaned_data.get("at_meeting") if form.is_bound and not form.errors else None,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def add_minute_item(request, code):
    meeting = clerk_meeting(request, code)
    form = MinuteItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = workflows_minutes.add_minute_item(meeting, d["title"], agenda_item=d["agenda_item"],
                                                     part=d["part"] or None, number=d["number"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"Minute item “{item}” added.")
            return redirect(f"{meeting.get_absolute_url()}#minute-item-{item.pk}")
    return form_page(request, meeting, form, heading="Add a minute item", submit="Add minute item",
                     back=meeting.get_absolute_url(), status=_refusal_status(form))


@require_http_methods(["GET", "POST"])
def add_paragraph(request, code, item_pk):
    meeting = clerk_meeting(request, code)
    item = get_object_or_404(MinuteItem, pk=item_pk, meeting=meeting)
    form = ParagraphAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            paragraph = workflows_minutes.add_paragraph(item, form.cleaned_data["text"], form.cleaned_data["number"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"Paragraph {paragraph.number} added to “{item}”.".replace("  ", " "))
            return redirect(f"{meeting.get_absolute_url()}#paragraph-{paragraph.pk}")
    return form_page(request, meeting, form, heading=f"Add a paragraph to {item}", submit="Add paragraph",
                     back=meeting.get_absolute_url(), status=_refusal_status(form))


@require_http_methods(["GET", "POST"])
def edit_paragraph(request, code, item_pk, pk):
    meeting = clerk_meeting(request, code)
    paragraph = get_object_or_404(MinuteParagraph, pk=pk, item_id=item_pk, item__meeting=meeting)
    return _edit_versioned(request, meeting, paragraph, ParagraphEditForm, workflows.edit_paragraph,
                           heading=f"Edit paragraph {paragraph.number}".strip(), anchor=f"paragraph-{paragraph.pk}",
                           done="Paragraph saved.")


@require_http_methods(["GET", "POST"])
def edit_resolution(request, code, pk):
    meeting = clerk_meeting(request, code)
    resolution = get_object_or_404(Resolution, pk=pk, meeting=meeting)
    heading = f"Edit RESOLVED {resolution.number}" if resolution.number else "Edit what was resolved"
    return _edit_versioned(request, meeting, resolution, ResolutionEditForm, workflows.edit_resolution,
                           heading=heading, anchor=f"resolution-{resolution.pk}", done="Resolution saved.",
                           extra=("clauses",))


def _edit_versioned(request, meeting, record, form_class, step, *, heading, anchor, done, extra=()):
    """Edit text under optimistic locking: a save over someone else's newer text is refused, the
    clerk's text kept and theirs shown next to it. ``extra``: further fields the form edits, passed to
    ``step`` by name and drawn from the record's own."""
    stale = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                step(record, form.cleaned_data["text"], form.cleaned_data["version"],
                     **{name: form.cleaned_data[name] for name in extra})
            except StaleEdit as exc:
                stale = {"text": exc.current.text, **{name: getattr(exc.current, name) for name in extra}}
                data = request.POST.copy()
                data["version"] = exc.current.version  # saving again replaces theirs, knowingly
                form = form_class(data)
                form.is_valid()
                form.add_error(None, exc.messages)
            except ValidationError as exc:
                take_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect(f"{meeting.get_absolute_url()}#{anchor}")
    else:
        form = form_class(initial={"text": record.text, "version": record.version,
                                   **{name: getattr(record, name) for name in extra}})
    status = 409 if stale else _refusal_status(form)
    return form_page(request, meeting, form, heading=heading, submit="Save", back=f"{meeting.get_absolute_url()}#{anchor}",
                     stale=stale, status=status)


@require_http_methods(["GET", "POST"])
def remove_paragraph(request, code, item_pk, pk):
    meeting = clerk_meeting(request, code)
    paragraph = get_object_or_404(MinuteParagraph, pk=pk, item_id=item_pk, item__meeting=meeting)
    from django import forms
    form = forms.Form(request.POST if request.method == "POST" else {})
    form.is_valid()  # an empty confirmation form: it only carries the refusal, if any
    if request.method == "POST":
        try:
            workflows_minutes.remove_paragraph(paragraph)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, f"Paragraph {paragraph.number} removed.".replace("  ", " "))
            return redirect(f"{meeting.get_absolute_url()}#minute-item-{item_pk}")
    return form_page(request, meeting, form, heading=f"Remove paragraph {paragraph.number}?".replace("  ", " "),
                     submit="Remove paragraph", warning=True, current=paragraph.text,
                     intro="The paragraph is removed from the draft minutes.", back=meeting.get_absolute_url(),
                     status=400 if form.errors else 200)
