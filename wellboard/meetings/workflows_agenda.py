"""The committee administrator's steps on a meeting itself: its agenda, attendance and declarations,
cancelling it and moving it. Named functions used by the pages and tests alike.

Every step runs in one transaction, locks the meeting row first (as ``workflows`` does, so steps on
one meeting queue up and never wait on each other in a cycle) and re-checks its state there: once
the minutes are approved or the meeting is cancelled, the agenda and its records are frozen.
Refusals are ValidationErrors with a message for the user (keyed by field where one is to blame).
Changes after the agenda is published are allowed: the audit trail records each one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from wellboard.core.concurrency import locked
from wellboard.directory.models import Person

from .models import AgendaItem, Attendance, Declaration, Meeting, Paper
from .models.privacy import Part

# Local Government Act 1972, Schedule 12A, Part 1: the descriptions of exempt information.
SCHEDULE_12A = {
    "1": "Information relating to any individual",
    "2": "Information which is likely to reveal the identity of an individual",
    "3": "Information relating to the financial or business affairs of any particular person "
         "(including the authority holding that information)",
    "4": "Information relating to any consultations or negotiations, or contemplated consultations or "
         "negotiations, in connection with any labour relations matter",
    "5": "Information in respect of which a claim to legal professional privilege could be maintained "
         "in legal proceedings",
    "6": "Information which reveals that the authority proposes to give a notice or to make an order or direction",
    "7": "Information relating to any action taken or to be taken in connection with the prevention, "
         "investigation or prosecution of crime",
}


def exemption_text(paragraph: str, detail: str = "") -> str:
    """What is stored and printed for a Part B item, e.g. "Schedule 12A paragraph 3: contract prices"."""
    text = f"Schedule 12A paragraph {paragraph}" if paragraph else ""
    detail = detail.strip()
    return f"{text}: {detail}" if text and detail else (text or detail)


def _open_meeting(meeting_id) -> Meeting:
    """The meeting locked; refused once its minutes are approved or it is cancelled."""
    meeting = locked(Meeting.objects.select_related("body"), pk=meeting_id)
    if meeting.minutes_locked:
        raise ValidationError("The minutes of this meeting were approved as a correct record: its agenda, "
                              "attendance and declarations can no longer change.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: its agenda, attendance and declarations are frozen.")
    return meeting


def _renumber(meeting: Meeting) -> None:
    """Part A items before Part B, in their order; numbered items get 1, 2, 3 … in that order.
    Declarations on an item follow its new number."""
    items = sorted(meeting.agenda_items.all(), key=lambda i: (i.part == Part.B, i.position, i.pk))
    number = 0
    for position, item in enumerate(items):
        changed = []
        if item.number:
            number += 1
            if item.number != str(number):
                item.number = str(number)
                changed.append("number")
        if item.position != position:
            item.position = position
            changed.append("position")
        if changed:
            item.save(update_fields=changed)
            if "number" in changed:
                for d in item.declarations.all():
                    d.item_number = item.number
                    d.save(update_fields=["item_number"])


@dataclass
class ItemFields:
    title: str
    part: str = Part.A
    exemption: str = ""
    presenters: list | None = None
    kind: str = AgendaItem.Kind.DISCUSSION
    section: str = ""
    to_follow: bool = False
    paper: Paper | None = None
    numbered: bool = True


def _check_item(meeting: Meeting, f: ItemFields) -> None:
    errors = {}
    if not f.title.strip():
        errors["title"] = "Enter the title of the agenda item."
    if f.part == Part.B and not f.exemption.strip():
        errors["exemption_paragraph"] = ("A Part B item needs the reason it is exempt: choose the Schedule 12A "
                                         "paragraph or describe the exemption.")
    if f.part not in Part.values:
        errors["part"] = "Choose Part A or Part B."
    if f.kind not in AgendaItem.Kind.values:
        errors["kind"] = "Choose the kind of item."
    if f.paper is not None and f.paper.meeting_id != meeting.pk:
        errors["paper"] = "Choose a paper of this meeting."
    if errors:
        raise ValidationError(errors)


def _attach_paper(item: AgendaItem, paper: Paper | None) -> None:
    """Put ``paper`` (or none) on the item. A paper on a Part B item becomes Part B; it is never made
    public again by this step (that is a decision about the paper, taken on the paper)."""
    current = Paper.objects.select_for_update(of=("self",)).filter(agenda_item=item).order_by("pk").first()
    if current is not None and (paper is None or current.pk != paper.pk):
        current.agenda_item = None
        current.save(update_fields=["agenda_item", "updated_at"])
        current = None
    if paper is not None and current is None:
        current = locked(Paper, pk=paper.pk)
        current.agenda_item = item
        current.save(update_fields=["agenda_item", "updated_at"])
    if current is not None and item.part == Part.B and current.part != Part.B:
        current.part = Part.B
        current.save(update_fields=["part", "updated_at"])


def _apply(item: AgendaItem, f: ItemFields) -> None:
    item.title = f.title.strip()
    item.part = f.part
    item.exemption = f.exemption.strip() if f.part == Part.B else ""
    item.presenters = [p.strip() for p in (f.presenters or []) if p.strip()]
    item.kind = f.kind
    item.section = f.section.strip()
    item.to_follow = f.to_follow


@transaction.atomic
def add_agenda_item(meeting: Meeting, fields: ItemFields) -> AgendaItem:
    """A new item at the end of its Part, numbered after the others."""
    meeting = _open_meeting(meeting.pk)
    _check_item(meeting, fields)
    last = meeting.agenda_items.order_by("-position").first()
    item = AgendaItem(meeting=meeting, position=(last.position + 1) if last else 0,
                      number="0" if fields.numbered else "")
    _apply(item, fields)
    item.save()
    _attach_paper(item, fields.paper)
    _renumber(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def edit_agenda_item(item: AgendaItem, fields: ItemFields) -> AgendaItem:
    meeting = _open_meeting(item.meeting_id)
    item = locked(AgendaItem, pk=item.pk, meeting=meeting)
    _check_item(meeting, fields)
    _apply(item, fields)
    if fields.numbered and not item.number:
        item.number = "0"
    elif not fields.numbered:
        item.number = ""
    item.save()
    # Declarations store the Part of their item (the privacy model reads the record's own field).
    for d in item.declarations.exclude(part=item.part):
        d.part = item.part
        d.save(update_fields=["part"])
    _attach_paper(item, fields.paper)
    _renumber(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem) -> None:
    """Remove an item; a paper on it stays with the meeting, declarations keep the number they had."""
    meeting = _open_meeting(item.meeting_id)
    item = locked(AgendaItem, pk=item.pk, meeting=meeting)
    item.delete()
    _renumber(meeting)


@transaction.atomic
def move_agenda_item(item: AgendaItem, direction: str) -> AgendaItem:
    """Swap an item with its neighbour within its Part ("up" or "down")."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the item up or down.")
    meeting = _open_meeting(item.meeting_id)
    item = locked(AgendaItem, pk=item.pk, meeting=meeting)
    _renumber(meeting)
    item.refresh_from_db()
    same_part = meeting.agenda_items.filter(part=item.part)
    neighbour = (same_part.filter(position__lt=item.position).order_by("-position") if direction == "up"
                 else same_part.filter(position__gt=item.position).order_by("position")).first()
    if neighbour is None:
        raise ValidationError(f"This item is already the {'first' if direction == 'up' else 'last'} of its Part.")
    item.position, neighbour.position = neighbour.position, item.position
    item.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])
    _renumber(meeting)
    item.refresh_from_db()
    return item


# The meeting itself ---------------------------------------------------------------------------

@transaction.atomic
def cancel_meeting(meeting: Meeting, reason: str) -> Meeting:
    """Cancelled: it stays listed as cancelled, its agenda frozen."""
    meeting = locked(Meeting.objects.select_related("body"), pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting is already cancelled.")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError("This meeting has been held: it cannot be cancelled.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the meeting is cancelled (it is shown on the meeting page)."})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason.strip()
    meeting.save(update_fields=["status", "cancelled_reason", "updated_at"])
    return meeting


@transaction.atomic
def move_meeting(meeting: Meeting, date: dt.date, *, start_time=None, end_time=None, venue: str = "",
                 reason: str = "") -> Meeting:
    """Another date, time or venue; the code (and so every link to the meeting) stays."""
    meeting = locked(Meeting.objects.select_related("body"), pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: it cannot be moved.")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError("This meeting has been held: it cannot be moved.")
    errors = {}
    if date is None:
        errors["date"] = "Enter the new date."
    elif Meeting.objects.filter(body=meeting.body, date=date).exclude(pk=meeting.pk).exists():
        errors["date"] = f"{meeting.body.name} already has a meeting on {date:%-d %B %Y}."
    if start_time and end_time and end_time <= start_time:
        errors["end_time"] = "The meeting must end after it starts."
    if not reason.strip():
        errors["reason"] = "Enter why the meeting is moved (it is shown on the meeting page)."
    if errors:
        raise ValidationError(errors)
    if (date, start_time, end_time, venue.strip()) == (meeting.date, meeting.start_time, meeting.end_time,
                                                        meeting.venue):
        raise ValidationError("Nothing changed: enter a new date, time or venue.")
    if date != meeting.date and meeting.moved_from is None:
        meeting.moved_from = meeting.date
    meeting.date, meeting.start_time, meeting.end_time = date, start_time, end_time
    meeting.venue, meeting.moved_reason = venue.strip(), reason.strip()
    if start_time:
        meeting.time_text = ""  # the printed time text of the old slot would contradict the new time
    meeting.save(update_fields=["date", "start_time", "end_time", "venue", "moved_from", "moved_reason",
                                "time_text", "updated_at"])
    return meeting


# Attendance -----------------------------------------------------------------------------------

@dataclass
class AttendanceRow:
    person: Person
    status: str
    representing: str = ""
    substitute: Person | None = None
    replacing: Person | None = None
    first_meeting: bool = False


@transaction.atomic
def record_attendance(meeting: Meeting, rows: list[AttendanceRow]) -> list[Attendance]:
    """Replace the meeting's attendance with ``rows``, all or nothing."""
    meeting = _open_meeting(meeting.pk)
    seen: dict[int, str] = {}
    errors = []

    def once(person, what):
        if person.pk in seen:
            errors.append(f"{person.display_name} is listed twice ({seen[person.pk]} and {what}).")
        seen[person.pk] = what

    for row in rows:
        if row.status not in Attendance.Status.values:
            errors.append(f"{row.person.display_name}: choose present, apologies or absent.")
        once(row.person, "as " + (f"replacing {row.replacing.display_name}" if row.replacing
                                  else dict(Attendance.Status.choices).get(row.status, row.status).lower()))
        if row.substitute is not None:
            if row.status != Attendance.Status.APOLOGIES:
                errors.append(f"{row.person.display_name}: a substitute attends only for a member who sent apologies.")
            once(row.substitute, f"as substitute for {row.person.display_name}")
        if row.replacing is not None:
            replaced = next((r for r in rows if r.person.pk == row.replacing.pk), None)
            if replaced is not None and replaced.status == Attendance.Status.PRESENT:
                errors.append(f"{row.person.display_name} cannot replace {row.replacing.display_name}, "
                              "who is recorded as present.")
    if errors:
        raise ValidationError(errors)
    meeting.attendance.all().delete()  # one entry per row in the audit trail (delete signals)
    return [Attendance.objects.create(
        meeting=meeting, person=row.person, status=row.status, representing=row.representing,
        substitute=row.substitute, replacing=row.replacing, first_meeting=row.first_meeting, position=n)
        for n, row in enumerate(rows)]


# Declarations of interest ---------------------------------------------------------------------

def _check_declaration(meeting, person, item, type_, nature):
    errors = {}
    if person is None:
        errors["person"] = "Choose who declared the interest."
    if item is not None and item.meeting_id != meeting.pk:
        errors["agenda_item"] = "Choose an item on this meeting's agenda."
    if type_ not in Declaration.Type.values:
        errors["type"] = "Choose the type of interest."
    if not (nature or "").strip():
        errors["nature"] = "Enter the nature of the interest."
    if errors:
        raise ValidationError(errors)


def _fill_declaration(d: Declaration, person, item, type_, nature):
    d.person, d.agenda_item, d.type, d.nature = person, item, type_, nature.strip()
    # The item's number and Part are stored on the declaration: its privacy reads its own fields.
    d.item_number = item.number if item else ""
    d.part = item.part if item else Part.A


@transaction.atomic
def add_declaration(meeting: Meeting, person, agenda_item, type_: str, nature: str) -> Declaration:
    meeting = _open_meeting(meeting.pk)
    _check_declaration(meeting, person, agenda_item, type_, nature)
    last = meeting.declarations.order_by("-position").first()
    d = Declaration(meeting=meeting, position=(last.position + 1) if last else 0)
    _fill_declaration(d, person, agenda_item, type_, nature)
    d.save()
    return d


@transaction.atomic
def edit_declaration(declaration: Declaration, person, agenda_item, type_: str, nature: str) -> Declaration:
    meeting = _open_meeting(declaration.meeting_id)
    d = locked(Declaration, pk=declaration.pk, meeting=meeting)
    _check_declaration(meeting, person, agenda_item, type_, nature)
    _fill_declaration(d, person, agenda_item, type_, nature)
    d.save()
    return d


@transaction.atomic
def remove_declaration(declaration: Declaration) -> None:
    meeting = _open_meeting(declaration.meeting_id)
    locked(Declaration, pk=declaration.pk, meeting=meeting).delete()
