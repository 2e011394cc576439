import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wellboard.core.permissions import can
from wellboard.directory.models import Person
from wellboard.governance.membership import membership_on
from wellboard.governance.models import Body

from . import ical, workflows
from .agenda_layout import agenda_parts
from .body_groups import group_bodies
from .forms import (
    ActionForm,
    ApproveMinutesForm,
    DraftResolutionsForm,
    RescheduleForm,
    ScheduleMeetingForm,
    WorkProgrammeForm,
    take_errors,
)
from .models import (
    Action,
    Attendance,
    Meeting,
    MinuteItem,
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
    bodies = Body.objects.select_related("parent", "organisation").prefetch_related(
        "constitution__also_reports_to").order_by("name")
    return render(request, "meetings/body_list.html", {"groups": group_bodies(bodies)})


def _parse_day(text):
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return "invalid"


def body_detail(request, code, errors=None, status=200, forms=None):
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
        "errors": errors or [], **(forms or {}),
    }, status=status)


def _body_step(request, code, form, step, *, ids, form_name, done):
    """Run a clerk's step for a body. A refusal re-shows the body page: an error summary linking to
    the fields (``ids``: field → the input's id on the page), the form with what was typed. Success
    lands on what changed (``step`` returns its URL) with a banner."""
    if form.is_valid():
        try:
            landing = step(form.cleaned_data)
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, done(form.cleaned_data))
            return redirect(landing)
    return body_detail(request, code, _form_errors(form, ids), status=400, forms={form_name: form})


@require_POST
@clerk_step
def schedule_meeting(request, code):
    body = get_object_or_404(Body, code=code)
    return _body_step(request, code, ScheduleMeetingForm(request.POST), lambda d: workflows.schedule_meeting(
        body, d["date"], start_time=d["start_time"], venue=d["venue"], kind=d["kind"]).get_absolute_url(),
        ids={"date": "m-date", "start_time": "m-start", "venue": "m-venue", "kind": "m-kind"},
        form_name="schedule_form", done=lambda d: f"Meeting scheduled for {d['date']:%-d %B %Y}, its agenda started "
                                                  f"from the standing items and work programme.")


@require_POST
@clerk_step
def add_work_programme_entry(request, code):
    body = get_object_or_404(Body, code=code)

    def add(d):
        entry = workflows.add_to_work_programme(body, d["title"], target_meeting=d["target_meeting"],
                                                lead_officer=d["lead_officer"], author=d["author"],
                                                when_text=d["when_text"], part=d["part"] or "A")
        return f"{reverse('meetings:body', args=[body.code])}#work-programme-{entry.pk}"

    return _body_step(request, code, WorkProgrammeForm(request.POST, body=body), add,
                      ids={"title": "wp-title", "target_meeting": "wp-meeting", "lead_officer": "wp-lead",
                           "author": "wp-author", "when_text": "wp-when", "part": "wp-part"},
                      form_name="wp_form", done=lambda d: f"“{d['title']}” added to the work programme.")


@require_POST
@clerk_step
def reschedule_entry(request, code, pk):
    body = get_object_or_404(Body, code=code)
    entry = get_object_or_404(WorkProgrammeEntry, pk=pk, body=body)

    def move(d):
        workflows.reschedule_entry(entry, d["to_meeting"], d["reason"], request.user)
        return f"{reverse('meetings:body', args=[body.code])}#work-programme-{entry.pk}"

    def done(d):
        to = d["to_meeting"]
        return f"“{entry.title}” moved to {f'the meeting on {to.date:%-d %B %Y}' if to else 'not yet scheduled'}."

    return _body_step(request, code, RescheduleForm(request.POST, body=body), move,
                      ids={"to_meeting": f"move-{entry.pk}", "reason": f"reason-{entry.pk}"}, form_name="move_form",
                      done=done)


def _meeting_context(request, meeting, errors=None):  # errors: [{"text", "href"}]
    view = meeting_view(meeting, request.user)
    attendance = view.attendance
    context = {
        "meeting": meeting, "agenda": view.agenda, "agenda_parts": agenda_parts(view.agenda),
        "show_minutes": view.show_minutes, "minute_items": view.minute_items,
        "show_pages": any(e.item.page_from for e in view.agenda if not e.exempt),  # packs print "Pages 5 - 12"
        "present": [a for a in attendance if a.status == Attendance.Status.PRESENT],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "absent": [a for a in attendance if a.status == Attendance.Status.ABSENT],
        "officers": [a for a in attendance if a.status == Attendance.Status.OFFICER],
        "declarations": view.declarations, "actions": view.actions,
        "reader": view.reader, "clerk": view.clerk, "errors": errors or [], "today": timezone.localdate(),
    }
    if view.reader:
        context["quorum"] = workflows.quorum_check(meeting)
    if view.clerk:
        context["draft_papers"] = list(DraftResolutionsForm(meeting=meeting).fields["paper"].queryset)
        context["approve_meetings"] = list(ApproveMinutesForm(meeting=meeting).fields["at_meeting"].queryset)
        context["people"] = list(Person.objects.only("pk", "name", "title"))
        context["action_form"] = ActionForm()
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
    item = paper.agenda_item
    if item is not None and item.meeting_id == paper.meeting_id:
        item.meeting = paper.meeting  # loaded already: the privacy check below costs no query
    item = item if item is not None and can(request.user, "view", item) else None
    return render(request, "meetings/paper_detail.html", {"paper": paper, "reader": readers_only or can(
        request.user, "view_private", paper), "clerk": can(request.user, "change", paper), "crumb_item": item})


def body_calendar(request, code):
    body = get_object_or_404(Body, code=code)
    meetings = body.meetings.public().order_by("date")  # a feed is public: never informal meetings
    response = HttpResponse(ical.calendar(body, meetings, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.code}.ics"'
    return response


def _run(request, meeting, step, done, *, anchor="", href=""):
    """Run a workflow step. Success: back to the meeting, at what changed, with a banner. Refusal:
    the meeting page again with the reason in the error summary (linking to ``href``)."""
    try:
        step()
    except ValidationError as exc:
        return _refused(request, meeting_for_page(meeting.code), _message_errors(exc, href))
    messages.success(request, done)
    return redirect(f"{meeting.get_absolute_url()}{'#' + anchor if anchor else ''}")


def _refused(request, meeting, errors, status=400, **extra):
    """The meeting page again, with an error summary saying why nothing changed."""
    if errors and isinstance(errors[0], str):
        errors = [{"text": e, "href": ""} for e in errors]
    context = {**_meeting_context(request, meeting, errors), **extra}
    return render(request, "meetings/meeting_detail.html", context, status=status)


def _message_errors(exc, href=""):
    return [{"text": m, "href": href} for m in exc.messages]


def _form_errors(form, ids=None):
    """Error summary entries, each linking to its field's input (``ids``: field → id on the page)."""
    ids = ids or {}
    out = []
    for name, errors in form.errors.items():
        field = form[name] if name in form.fields else None
        href = f"#{ids.get(name) or field.id_for_label}" if field is not None else ""
        out += [{"text": e, "href": href} for e in errors]
    return out


@require_POST
@clerk_step
def build_agenda(request, code):
    meeting = meeting_for_page(code)
    return _run(request, meeting, lambda: workflows.build_agenda(meeting),
                "Standing items and planned work-programme entries added to the agenda.", anchor="agenda")


@require_POST
@clerk_step
def draft_resolutions(request, code, item_pk):
    meeting = meeting_for_page(code)
    item = get_object_or_404(MinuteItem, pk=item_pk, meeting=meeting)
    form = DraftResolutionsForm(request.POST, meeting=meeting)
    href = f"#draft-{item.pk}"
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form, {"paper": f"draft-{item.pk}"}))
    try:
        created = workflows.draft_resolutions(item, form.cleaned_data["paper"])
    except ValidationError as exc:
        return _refused(request, meeting_for_page(code), _message_errors(exc, href))
    # The banner says what happened: drafting twice adds nothing.
    messages.success(request, f"{len(created)} resolution{'s' if len(created) != 1 else ''} drafted from the paper's "
                              f"recommendations: edit each into what was resolved." if created else
                     "Every recommendation of that paper already has a resolution here: nothing was added.")
    return redirect(f"{meeting.get_absolute_url()}#minute-item-{item.pk}")


ACTION_IDS = {"description": "id_description", "owner": "id_owner", "due_date": "id_due_date"}


@require_POST
@clerk_step
def create_action(request, code):
    meeting = meeting_for_page(code)
    form = ActionForm(request.POST)
    resolution = None
    if request.POST.get("resolution"):
        if not request.POST["resolution"].isdigit():
            return _refused(request, meeting, [{"text": "Choose a resolution of this meeting.", "href": ""}],
                            action_form=form)
        resolution = Resolution.objects.filter(pk=request.POST["resolution"], meeting=meeting).first()
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = workflows.create_action(meeting, data["description"], resolution=resolution, owner=data["owner"],
                                             due_date=data["due_date"])
        except ValidationError as exc:
            take_errors(form, exc)
        else:
            messages.success(request, "Action recorded.")
            return redirect(f"{meeting.get_absolute_url()}#action-{action.pk}")
    return _refused(request, meeting_for_page(code), _form_errors(form, ACTION_IDS), action_form=form)


@require_POST
@clerk_step
def complete_action(request, code, pk):
    meeting = meeting_for_page(code)
    action = get_object_or_404(Action, pk=pk, meeting=meeting)
    return _run(request, meeting, lambda: workflows.complete_action(action, request.user), "Action marked complete.",
                anchor=f"action-{action.pk}")
