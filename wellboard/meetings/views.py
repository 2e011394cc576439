import datetime as dt

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wellboard.directory.models import Person
from wellboard.governance.membership import membership_on
from wellboard.governance.models import Body

from . import ical, workflows
from .forms import (
    ActionForm,
    ApproveMinutesForm,
    DraftResolutionsForm,
    RescheduleForm,
    ResolutionEditForm,
    ScheduleMeetingForm,
    WorkProgrammeForm,
)
from .models import Action, Attendance, Meeting, MinuteItem, Paper, Resolution, WorkProgrammeEntry
from .queries import meeting_for_page
from .visibility import agenda_for, is_staff, minutes_visible, paper_visible


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
    meetings = body.meetings.order_by("-date")
    staff = is_staff(request.user)
    return render(request, "meetings/body_detail.html", {
        "body": body, "day": day or timezone.localdate(), "past": bool(day), "date_error": error,
        "members": [s for s in seats if s.seat.kind == "member"],
        "invitees": [s for s in seats if s.seat.kind == "invitee"],
        "meetings": meetings,
        "children": body.children.order_by("name"),
        "work_programme": WorkProgrammeEntry.objects.filter(body=body).select_related("target_meeting", "agenda_item"),
        "open_actions": Action.objects.filter(meeting__body=body).exclude(status__in=["done", "dropped"])
        .select_related("owner", "meeting", "due_meeting") if staff else [],
        "overdue": {a.pk for a in workflows.overdue_actions(body)} if staff else set(),
        "kinds": Meeting.Kind.choices, "body_meetings": list(meetings.order_by("date")) if staff else [],
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


@staff_member_required
@require_POST
def schedule_meeting(request, code):
    body = get_object_or_404(Body, code=code)
    return _body_step(request, code, ScheduleMeetingForm(request.POST), lambda d: workflows.schedule_meeting(
        body, d["date"], start_time=d["start_time"], venue=d["venue"], kind=d["kind"]))


@staff_member_required
@require_POST
def add_work_programme_entry(request, code):
    body = get_object_or_404(Body, code=code)
    return _body_step(request, code, WorkProgrammeForm(request.POST, body=body), lambda d: workflows.add_to_work_programme(
        body, d["title"], target_meeting=d["target_meeting"], lead_officer=d["lead_officer"], author=d["author"]))


@staff_member_required
@require_POST
def reschedule_entry(request, code, pk):
    body = get_object_or_404(Body, code=code)
    entry = get_object_or_404(WorkProgrammeEntry, pk=pk, body=body)
    return _body_step(request, code, RescheduleForm(request.POST, body=body), lambda d: workflows.reschedule_entry(
        entry, d["to_meeting"], d["reason"], request.user))


def _meeting_context(request, meeting, errors=None):
    staff = is_staff(request.user)
    show_minutes = minutes_visible(meeting, request.user)
    items = list(meeting.minute_items.all())
    if not staff:
        items = [i for i in items if not (i.agenda_item and i.agenda_item.private)]
    attendance = list(meeting.attendance.all())
    context = {
        "meeting": meeting, "agenda": agenda_for(meeting, request.user, list(meeting.agenda_items.all())),
        "show_minutes": show_minutes, "minute_items": items if show_minutes else [],
        "present": [a for a in attendance if a.status == Attendance.Status.PRESENT],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "absent": [a for a in attendance if a.status == Attendance.Status.ABSENT],
        "officers": [a for a in attendance if a.status == Attendance.Status.OFFICER],
        "declarations": list(meeting.declarations.all()) if show_minutes else [],
        "actions": list(meeting.actions.all()) if show_minutes else [],
        "staff": staff, "errors": errors or [],
    }
    if staff:
        context["quorum"] = workflows.quorum_check(meeting)
        context["draft_papers"] = list(DraftResolutionsForm(meeting=meeting).fields["paper"].queryset)
        context["approve_meetings"] = list(ApproveMinutesForm(meeting=meeting).fields["at_meeting"].queryset)
        context["people"] = list(Person.objects.only("pk", "name", "title"))
    return context


def meeting_detail(request, code):
    meeting = meeting_for_page(code)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


def agenda_print(request, code):
    meeting = meeting_for_page(code)
    return render(request, "meetings/agenda_print.html", _meeting_context(request, meeting))


def minutes_print(request, code):
    meeting = meeting_for_page(code)
    if not minutes_visible(meeting, request.user):
        raise Http404("These minutes are not published yet")
    return render(request, "meetings/minutes_print.html", _meeting_context(request, meeting))


def paper_detail(request, code):
    paper = get_object_or_404(Paper.objects.select_related("meeting__body", "agenda_item").prefetch_related(
        "recommendations", "signoffs", "contacts", "appendices"), code=code)
    if not paper_visible(paper, request.user):
        raise Http404("No such paper")
    return render(request, "meetings/paper_detail.html", {"paper": paper, "staff": is_staff(request.user)})


def body_calendar(request, code):
    body = get_object_or_404(Body, code=code)
    meetings = body.meetings.public().order_by("date")
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


def _refused(request, meeting, messages):
    """The meeting page again, with an error summary saying why nothing changed."""
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting, messages), status=400)


def _form_errors(form):
    return [f"{form.fields[f].label if f in form.fields else ''}: {e}".lstrip(": ") for f, es in form.errors.items()
            for e in es]


@staff_member_required
@require_POST
def build_agenda(request, code):
    meeting = meeting_for_page(code)
    return _run(request, meeting, lambda: workflows.build_agenda(meeting))


@staff_member_required
@require_POST
def approve_minutes(request, code):
    meeting = meeting_for_page(code)
    form = ApproveMinutesForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    return _run(request, meeting, lambda: workflows.approve_minutes(meeting, form.cleaned_data["at_meeting"]))


@staff_member_required
@require_POST
def draft_resolutions(request, code, item_pk):
    meeting = meeting_for_page(code)
    item = get_object_or_404(MinuteItem, pk=item_pk, meeting=meeting)
    form = DraftResolutionsForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    return _run(request, meeting, lambda: workflows.draft_resolutions(item, form.cleaned_data["paper"]))


@staff_member_required
@require_POST
def edit_resolution(request, code, pk):
    meeting = meeting_for_page(code)
    resolution = get_object_or_404(Resolution, pk=pk, meeting=meeting)
    form = ResolutionEditForm(request.POST)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    return _run(request, meeting, lambda: workflows.edit_resolution(resolution, form.cleaned_data["text"]))


@staff_member_required
@require_POST
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


@staff_member_required
@require_POST
def complete_action(request, code, pk):
    meeting = meeting_for_page(code)
    action = get_object_or_404(Action, pk=pk, meeting=meeting)
    return _run(request, meeting, lambda: workflows.complete_action(action, request.user))
