import datetime as dt
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wellboard.core.concurrency import StaleEdit
from wellboard.core.permissions import can
from wellboard.directory.models import Person
from wellboard.governance.membership import membership_on
from wellboard.governance.models import Body

from . import ical, workflows
from .forms import (
    ActionForm,
    ApproveMinutesForm,
    DraftResolutionsForm,
    ParagraphEditForm,
    RescheduleForm,
    ResolutionEditForm,
    ScheduleMeetingForm,
    WorkProgrammeForm,
)
from .models import (
    Action,
    Attendance,
    Meeting,
    MinuteItem,
    MinuteParagraph,
    Paper,
    Resolution,
    WorkProgrammeEntry,
)
from .queries import meeting_for_page
from .visibility import is_clerk, is_reader, meeting_view, minutes_visible, paper_visible, visible


def clerk_step(view):
    """A clerk's POST step: signed out → sign in; the body's committee administrator or an
    administrator may run it; anyone else gets 403 (404 for a meeting they may not even see),
    before anything is read from the form or changed."""

    @wraps(view)
    def wrapped(request, code, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        meeting = Meeting.objects.select_related("body").filter(code=code).first()
        target = meeting or get_object_or_404(Body, code=code)
        if not can(request.user, "view", target):
            raise Http404("No such meeting")
        if not is_clerk(request.user, target):
            raise PermissionDenied("Only the committee administrator of this body can do this.")
        return view(request, code, *args, **kwargs)

    return wrapped


def _meeting_or_404(request, code):
    meeting = meeting_for_page(code)
    if not can(request.user, "view", meeting):
        raise Http404("No such meeting")  # informal meetings: not even their existence
    return meeting


def body_list(request):
    bodies = Body.objects.select_related("parent").prefetch_related("constitution__also_reports_to").order_by("name")
    return render(request, "meetings/body_list.html", {"bodies": bodies})


def _parse_day(text):
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return "invalid"


def body_detail(request, code, errors=None, status=200):
    body = get_object_or_404(Body.objects.select_related("parent", "constitution"), code=code)
    day = _parse_day(request.GET.get("on"))
    error = None
    if day == "invalid":
        error, day = "Enter the date as YYYY-MM-DD, for example 2016-09-21.", None
    seats = membership_on(body, day)
    reader = can(request.user, "view_private", body)
    clerk = is_clerk(request.user, body)
    meetings = body.meetings.order_by("-date")
    if not reader:
        meetings = meetings.public()
    return render(request, "meetings/body_detail.html", {
        "body": body, "day": day or timezone.localdate(), "past": bool(day), "date_error": error,
        "members": [s for s in seats if s.seat.kind == "member"],
        "invitees": [s for s in seats if s.seat.kind == "invitee"],
        "meetings": meetings,
        "children": body.children.order_by("name"),
        "work_programme": visible(request.user, WorkProgrammeEntry.objects.filter(body=body).select_related(
            "target_meeting", "agenda_item")),
        "open_actions": Action.objects.filter(meeting__body=body).exclude(status__in=["done", "dropped"])
        .select_related("owner", "meeting", "due_meeting") if reader else [],
        "overdue": {a.pk for a in workflows.overdue_actions(body)} if reader else set(),
        "kinds": Meeting.Kind.choices, "body_meetings": list(meetings.order_by("date")) if clerk else [],
        "clerk": clerk,
        "errors": errors or [],
    }, status=status)


def _body_step(request, code, form, step):
    """Run a clerk's step for a body; a refusal re-shows the body page with the reason."""
    if not form.is_valid():
        return body_detail(request, code, _form_errors(form), status=400)
    try:
        step(form.cleaned_data)
    except ValidationError as exc:
        return body_detail(request, code, exc.messages, status=400)
    return redirect("meetings:body", code=code)


@require_POST
@clerk_step
def schedule_meeting(request, code):
    body = get_object_or_404(Body, code=code)
    return _body_step(request, code, ScheduleMeetingForm(request.POST), lambda d: workflows.schedule_meeting(
        body, d["date"], start_time=d["start_time"], venue=d["venue"], kind=d["kind"]))


@require_POST
@clerk_step
def add_work_programme_entry(request, code):
    body = get_object_or_404(Body, code=code)
    return _body_step(request, code, WorkProgrammeForm(request.POST, body=body), lambda d: workflows.add_to_work_programme(
        body, d["title"], target_meeting=d["target_meeting"], lead_officer=d["lead_officer"], author=d["author"]))


@require_POST
@clerk_step
def reschedule_entry(request, code, pk):
    body = get_object_or_404(Body, code=code)
    entry = get_object_or_404(WorkProgrammeEntry, pk=pk, body=body)
    return _body_step(request, code, RescheduleForm(request.POST, body=body), lambda d: workflows.reschedule_entry(
        entry, d["to_meeting"], d["reason"], request.user))


def _meeting_context(request, meeting, errors=None):
    view = meeting_view(meeting, request.user)
    attendance = view.attendance
    context = {
        "meeting": meeting, "agenda": view.agenda,
        "show_minutes": view.show_minutes, "minute_items": view.minute_items,
        "present": [a for a in attendance if a.status == Attendance.Status.PRESENT],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "absent": [a for a in attendance if a.status == Attendance.Status.ABSENT],
        "officers": [a for a in attendance if a.status == Attendance.Status.OFFICER],
        "declarations": view.declarations, "actions": view.actions,
        "reader": view.reader, "clerk": view.clerk, "errors": errors or [],
    }
    if view.reader:
        context["quorum"] = workflows.quorum_check(meeting)
    if view.clerk:
        context["draft_papers"] = list(DraftResolutionsForm(meeting=meeting).fields["paper"].queryset)
        context["approve_meetings"] = list(ApproveMinutesForm(meeting=meeting).fields["at_meeting"].queryset)
        context["people"] = list(Person.objects.only("pk", "name", "title"))
    return context


def meeting_detail(request, code):
    meeting = _meeting_or_404(request, code)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


def agenda_print(request, code):
    meeting = _meeting_or_404(request, code)
    return render(request, "meetings/agenda_print.html", _meeting_context(request, meeting))


def minutes_print(request, code):
    meeting = _meeting_or_404(request, code)
    if not minutes_visible(meeting, request.user):
        raise Http404("These minutes are not published yet")
    return render(request, "meetings/minutes_print.html", _meeting_context(request, meeting))


def paper_detail(request, code):
    paper = get_object_or_404(Paper.objects.select_related("meeting__body", "agenda_item").prefetch_related(
        "recommendations", "signoffs", "contacts", "appendices"), code=code)
    if not paper_visible(paper, request.user):
        raise Http404("No such paper")
    readers_only = paper.meeting is not None and is_reader(request.user, paper.meeting)
    return render(request, "meetings/paper_detail.html", {"paper": paper, "reader": readers_only or can(
        request.user, "view_private", paper)})


def body_calendar(request, code):
    body = get_object_or_404(Body, code=code)
    meetings = body.meetings.public().order_by("date")  # a feed is public: never informal meetings
    response = HttpResponse(ical.calendar(body, meetings, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.code}.ics"'
    return response


def _run(request, meeting, step):
    """Run a workflow step; on a refusal, show the meeting page again with the reason."""
    try:
        step()
    except ValidationError as exc:
        return _refused(request, meeting_for_page(meeting.code), exc.messages)
    return redirect(meeting.get_absolute_url())


def _refused(request, meeting, messages, stale=None, status=400):
    """The meeting page again, with an error summary saying why nothing changed."""
    context = {**_meeting_context(request, meeting, messages), "stale": stale}
    return render(request, "meetings/meeting_detail.html", context, status=status)


def _form_errors(form):
    return [f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ") for f, es in form.errors.items()
            for e in es]


@require_POST
@clerk_step
def build_agenda(request, code):
    meeting = meeting_for_page(code)
    return _run(request, meeting, lambda: workflows.build_agenda(meeting))


@require_POST
@clerk_step
def approve_minutes(request, code):
    meeting = meeting_for_page(code)
    form = ApproveMinutesForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    return _run(request, meeting, lambda: workflows.approve_minutes(meeting, form.cleaned_data["at_meeting"]))


@require_POST
@clerk_step
def draft_resolutions(request, code, item_pk):
    meeting = meeting_for_page(code)
    item = get_object_or_404(MinuteItem, pk=item_pk, meeting=meeting)
    form = DraftResolutionsForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    return _run(request, meeting, lambda: workflows.draft_resolutions(item, form.cleaned_data["paper"]))


@require_POST
@clerk_step
def edit_resolution(request, code, pk):
    meeting = meeting_for_page(code)
    resolution = get_object_or_404(Resolution, pk=pk, meeting=meeting)
    form = ResolutionEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    try:
        workflows.edit_resolution(resolution, form.cleaned_data["text"], form.cleaned_data["version"])
    except StaleEdit as stale:
        # Keep the clerk's text in the form and show what the other person saved next to it.
        return _refused(request, meeting_for_page(meeting.code), stale.messages, stale={
            "resolution": resolution.pk, "text": form.cleaned_data["text"], "current": stale.current.text,
            "version": stale.current.version}, status=409)
    except ValidationError as exc:
        return _refused(request, meeting_for_page(meeting.code), exc.messages)
    return redirect(meeting.get_absolute_url())


@require_POST
@clerk_step
def edit_paragraph(request, code, item_pk, pk):
    meeting = meeting_for_page(code)
    paragraph = get_object_or_404(MinuteParagraph, pk=pk, item_id=item_pk, item__meeting=meeting)
    form = ParagraphEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    try:
        workflows.edit_paragraph(paragraph, form.cleaned_data["text"], form.cleaned_data["version"])
    except StaleEdit as stale:
        return _refused(request, meeting_for_page(meeting.code), stale.messages, stale={
            "paragraph": paragraph.pk, "text": form.cleaned_data["text"], "current": stale.current.text,
            "version": stale.current.version}, status=409)
    except ValidationError as exc:
        return _refused(request, meeting_for_page(meeting.code), exc.messages)
    return redirect(meeting.get_absolute_url())


@require_POST
@clerk_step
def create_action(request, code):
    meeting = meeting_for_page(code)
    form = ActionForm(request.POST)
    resolution = None
    if request.POST.get("resolution"):
        if not request.POST["resolution"].isdigit():
            return _refused(request, meeting, ["Choose a resolution of this meeting."])
        resolution = Resolution.objects.filter(pk=request.POST["resolution"], meeting=meeting).first()
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    data = form.cleaned_data
    return _run(request, meeting, lambda: workflows.create_action(
        meeting, data["description"], resolution=resolution, owner=data["owner"], due_date=data["due_date"]))


@require_POST
@clerk_step
def complete_action(request, code, pk):
    meeting = meeting_for_page(code)
    action = get_object_or_404(Action, pk=pk, meeting=meeting)
    return _run(request, meeting, lambda: workflows.complete_action(action, request.user))
