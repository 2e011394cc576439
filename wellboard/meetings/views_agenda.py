"""The committee administrator's pages for a meeting: agenda, attendance, declarations, cancelling
and moving. Thin views over ``workflows_agenda``; a refusal re-shows the form with what was typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wellboard.core.access import require
from wellboard.directory.models import Person
from wellboard.governance.membership import membership_on

from . import workflows_agenda as wf
from .forms_agenda import (
    AgendaItemForm,
    AttendanceForm,
    CancelMeetingForm,
    DeclarationForm,
    MoveMeetingForm,
)
from .models import AgendaItem, Attendance, Declaration, Meeting, Paper


def _meeting(request, code) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), code=code)
    require(request, "change", meeting)
    return meeting


def _done(request, meeting, message, anchor=""):
    messages.success(request, message)
    return redirect(reverse("meetings:manage", args=[meeting.code]) + anchor)


def _form_page(request, meeting, form, *, title, button, intro="", back=None, status=200):
    return render(request, "meetings/manage/form.html", {
        "meeting": meeting, "form": form, "title": title, "button": button, "intro": intro,
        "back": back or reverse("meetings:manage", args=[meeting.code])}, status=status)


def _frozen(meeting) -> bool:
    return meeting.minutes_locked or meeting.status == Meeting.Status.CANCELLED


def manage(request, code):
    meeting = _meeting(request, code)
    items = list(meeting.agenda_items.order_by("position"))
    papers = {p.agenda_item_id: p for p in Paper.objects.filter(agenda_item__in=items)}
    for item in items:
        item.attached_paper = papers.get(item.pk)
    return render(request, "meetings/manage/index.html", {
        "meeting": meeting, "items": items, "frozen": _frozen(meeting),
        "declarations": meeting.declarations.select_related("person").order_by("position"),
        "attendance": meeting.attendance.select_related("person", "substitute", "replacing").order_by("position"),
        "can_cancel": meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)})


# Agenda items ---------------------------------------------------------------------------------

def _item_page(request, meeting, item=None):
    initial = AgendaItemForm.initial_for(item) if item else None
    form = AgendaItemForm(request.POST or None, meeting=meeting, initial=initial)
    title = f"Edit agenda item {item}" if item else "Add an agenda item"
    if request.method == "POST" and form.is_valid():
        try:
            if item:
                item = wf.edit_agenda_item(item, form.item_fields())
            else:
                item = wf.add_agenda_item(meeting, form.item_fields())
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            return _done(request, meeting, f"Agenda item {item} {'saved' if initial else 'added'}.", "#agenda")
    return _form_page(request, meeting, form, title=title, button="Save item",
                      status=400 if form.errors else 200)


def item_add(request, code):
    return _item_page(request, _meeting(request, code))


def item_edit(request, code, pk):
    meeting = _meeting(request, code)
    return _item_page(request, meeting, get_object_or_404(AgendaItem, pk=pk, meeting=meeting))


def _confirm(request, meeting, *, title, what, button, step, done, warning=True):
    """GET: what will happen; POST: do it."""
    error = None
    if request.method == "POST":
        try:
            step()
        except ValidationError as exc:
            error = exc.messages
        else:
            return done()
    return render(request, "meetings/manage/confirm.html", {
        "meeting": meeting, "title": title, "what": what, "button": button, "errors": error or [],
        "warning": warning}, status=400 if error else 200)


def item_remove(request, code, pk):
    meeting = _meeting(request, code)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    return _confirm(
        request, meeting, title=f"Remove agenda item {item}?", button="Remove item",
        what=["The item is taken off the agenda and the items after it are renumbered.",
              "A paper on the item stays with the meeting; declarations keep the item number they had.",
              "The removal is recorded in the history."],
        step=lambda: wf.remove_agenda_item(item),
        done=lambda: _done(request, meeting, f"Agenda item {item} removed.", "#agenda"))


@require_POST
def item_move(request, code, pk):
    meeting = _meeting(request, code)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting)
    try:
        item = wf.move_agenda_item(item, request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("meetings:manage", args=[meeting.code]) + "#agenda")
    return _done(request, meeting, f"Moved {item.title} {request.POST['direction']}.", f"#item-{item.pk}")


# The meeting ----------------------------------------------------------------------------------

def cancel(request, code):
    meeting = _meeting(request, code)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wf.cancel_meeting(meeting, form.cleaned_data["reason"])
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, "The meeting was cancelled.")
            return redirect(meeting)
    return _form_page(request, meeting, form, title=f"Cancel the meeting of {meeting.date:%-d %B %Y}?",
                      button="Cancel the meeting", status=400 if form.errors else 200, intro=[
                          "The meeting's status becomes Cancelled; it stays listed, marked as cancelled, "
                          "with the reason you give.",
                          "Its agenda, attendance and declarations are frozen: they cannot be changed.",
                          "This cannot be undone: schedule a new meeting if it is to take place after all."])


def move(request, code):
    meeting = _meeting(request, code)
    form = MoveMeetingForm(request.POST or None, initial={
        "date": meeting.date, "start_time": meeting.start_time, "end_time": meeting.end_time, "venue": meeting.venue})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            wf.move_meeting(meeting, d["date"], start_time=d["start_time"], end_time=d["end_time"],
                            venue=d["venue"], reason=d["reason"])
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            messages.success(request, f"The meeting was moved to {d['date']:%-d %B %Y}.")
            return redirect(meeting)
    return _form_page(request, meeting, form, title="Move the meeting", button="Move the meeting",
                      intro=["Its web address stays the same; the page says when it was first set for."],
                      status=400 if form.errors else 200)


# Attendance -----------------------------------------------------------------------------------

def _attendance_rows(meeting):
    existing = {a.person_id: a for a in meeting.attendance.select_related("person", "replacing")}
    replacements = {a.replacing_id: a.person_id for a in existing.values() if a.replacing_id}
    rows, listed = [], set()
    for s in membership_on(meeting.body, meeting.date):
        if s.vacant or s.holding.person_id in listed:
            continue
        person = s.holding.person
        listed.add(person.pk)
        rows.append(_row(person, s.seat.representing, list(s.holding.substitutes.all()), existing.get(person.pk),
                         replacements.get(person.pk)))
    # Anyone recorded who is not a member that day (earlier imports) stays on the form.
    for a in existing.values():
        if a.person_id not in listed and a.status != Attendance.Status.OFFICER and not a.replacing_id:
            listed.add(a.person_id)
            rows.append(_row(a.person, a.representing, [], a, replacements.get(a.person_id)))
    officers = [a for a in existing.values() if a.status == Attendance.Status.OFFICER]
    return rows, sorted(officers, key=lambda a: a.position)


def _row(person, representing, named, record, replacement):
    return {"person": person, "representing": representing, "named_substitutes": named,
            "status": record.status if record else "", "substitute": record.substitute_id if record else None,
            "first_meeting": record.first_meeting if record else False, "replacement": replacement}


def attendance(request, code):
    meeting = _meeting(request, code)
    rows, officers = _attendance_rows(meeting)
    people = Person.objects.order_by("name")
    form = AttendanceForm(request.POST or None, rows=rows, officers=officers, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            wf.record_attendance(meeting, _attendance_from(form))
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            return _done(request, meeting, "Attendance saved.", "#attendance")
    return render(request, "meetings/manage/attendance.html", {"meeting": meeting, "form": form},
                  status=400 if form.errors else 200)


def _attendance_from(form) -> list:
    d = form.cleaned_data
    ids = {v for k, v in d.items() if v and isinstance(v, int) and not isinstance(v, bool)}
    people = Person.objects.in_bulk(ids)
    out = []
    for row in form.rows:
        pid = row["person"].pk
        status, replacement = d[f"status_{pid}"], people.get(d[f"replacement_{pid}"])
        if status:
            out.append(wf.AttendanceRow(person=row["person"], status=status, representing=row["representing"],
                                        substitute=people.get(d[f"substitute_{pid}"]),
                                        first_meeting=d[f"first_{pid}"]))
        elif d[f"substitute_{pid}"] or d[f"first_{pid}"]:
            raise ValidationError(f"{row['person'].display_name}: choose whether they were present, sent "
                                  "apologies or were absent.")
        if replacement:
            out.append(wf.AttendanceRow(person=replacement, status=Attendance.Status.PRESENT,
                                        representing=row["representing"], replacing=row["person"]))
    for n in range(form.officer_count):
        officer = people.get(d[f"officer_{n}"])
        if officer:
            out.append(wf.AttendanceRow(person=officer, status=Attendance.Status.OFFICER,
                                        representing=d[f"officer_role_{n}"].strip()))
    return out


# Declarations ---------------------------------------------------------------------------------

def _declaration_page(request, meeting, declaration=None):
    initial = {"person": declaration.person_id, "agenda_item": declaration.agenda_item_id, "type": declaration.type,
               "nature": declaration.nature} if declaration else None
    form = DeclarationForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if declaration:
                wf.edit_declaration(declaration, d["person"], d["agenda_item"], d["type"], d["nature"])
            else:
                wf.add_declaration(meeting, d["person"], d["agenda_item"], d["type"], d["nature"])
        except ValidationError as exc:
            form.take_errors(exc)
        else:
            return _done(request, meeting, f"Declaration by {d['person'].display_name} saved.", "#declarations")
    return _form_page(request, meeting, form, title="Edit a declaration of interest" if declaration
                      else "Record a declaration of interest", button="Save declaration",
                      status=400 if form.errors else 200)


def declaration_add(request, code):
    return _declaration_page(request, _meeting(request, code))


def declaration_edit(request, code, pk):
    meeting = _meeting(request, code)
    return _declaration_page(request, meeting, get_object_or_404(Declaration, pk=pk, meeting=meeting))


def declaration_remove(request, code, pk):
    meeting = _meeting(request, code)
    d = get_object_or_404(Declaration.objects.select_related("person"), pk=pk, meeting=meeting)
    return _confirm(
        request, meeting, title=f"Remove the declaration by {d.person.display_name}?", button="Remove declaration",
        what=[f"{d.get_type_display()}{f' on item {d.item_number}' if d.item_number else ''}: {d.nature}",
              "The removal is recorded in the history."],
        step=lambda: wf.remove_declaration(d),
        done=lambda: _done(request, meeting, "Declaration removed.", "#declarations"))
