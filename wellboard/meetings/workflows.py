"""The committee administrator's workflow steps: one named function each, used by pages, the
API, the loader and tests alike. Each runs in a transaction and raises ValidationError with a
message for the user when the step is not allowed; nothing is half-done.

Two clerks may act at once. Each step therefore re-fetches what it changes with
``select_for_update`` inside its transaction and re-checks the state there, never trusting the
copy the page loaded. Steps that change minutes lock the meeting row first (always meeting before
its records, so two steps never wait on each other in a cycle); ``approve_minutes`` takes the same
lock, so nothing is written into minutes after their approval has committed."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wellboard.core.concurrency import claim_version, locked, mirror, refused_on_conflict
from wellboard.governance.membership import membership_on
from wellboard.governance.models import Body

from .models import (
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteCorrection,
    MinuteItem,
    MinuteParagraph,
    Paper,
    Resolution,
    WorkProgrammeEntry,
    WorkProgrammeMove,
)
from .numbering import next_number


def _resolution_format(body) -> str:
    constitution = getattr(body, "constitution", None)
    return constitution.resolution_format if constitution else ""


@transaction.atomic
def build_agenda(meeting: Meeting) -> list[AgendaItem]:
    """Start (or complete) an agenda: the body's standing items, then the work-programme entries
    planned for this meeting. Running it again adds only what is missing."""
    meeting = locked(Meeting.objects.select_related("body"), pk=meeting.pk)
    if meeting.minutes_locked or meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("The agenda of a meeting whose minutes are approved, or which was cancelled, cannot change.")
    items = list(meeting.agenda_items.all())
    titles = {i.title for i in items}
    position = max((i.position for i in items), default=-1) + 1
    number = len([i for i in items if i.number]) + 1
    created = []
    for standing in meeting.body.standing_items.all():
        if standing.title not in titles:
            created.append(AgendaItem.objects.create(
                meeting=meeting, number=str(number), title=standing.title, kind=AgendaItem.Kind.STANDING,
                presenters=[standing.presenter] if standing.presenter else [], position=position))
            position += 1
            number += 1
    entries = WorkProgrammeEntry.objects.select_for_update().filter(
        target_meeting=meeting, agenda_item__isnull=True, status=WorkProgrammeEntry.Status.PLANNED)
    for entry in entries:
        item = AgendaItem.objects.create(
            meeting=meeting, number=str(number), title=entry.title, kind=AgendaItem.Kind.DISCUSSION,
            presenters=[entry.lead_officer] if entry.lead_officer else [], section="Items for discussion/action",
            part=entry.part, position=position)  # a Part B entry stays private on the agenda
        entry.agenda_item = item
        entry.status = WorkProgrammeEntry.Status.ON_AGENDA
        entry.save(update_fields=["agenda_item", "status", "updated_at"])
        created.append(item)
        position += 1
        number += 1
    return created


@transaction.atomic
def schedule_meeting(body, date: dt.date, *, start_time=None, end_time=None, venue: str = "",
                     kind: str = Meeting.Kind.FORMAL) -> Meeting:
    """A new meeting of the body, its agenda started from the standing items and work programme."""
    body = locked(Body, pk=body.pk)  # two clerks scheduling the same day: the second waits, then sees it
    code = f"{body.code}-{date:%Y-%m-%d}"
    taken = {"date": f"{body.name} already has a meeting on {date:%-d %B %Y}."}
    if Meeting.objects.filter(code=code).exists():
        raise ValidationError(taken)
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": "The meeting must end after it starts."})
    with refused_on_conflict(taken):
        meeting = Meeting.objects.create(body=body, code=code, date=date, start_time=start_time,
                                         end_time=end_time, venue=venue, kind=kind)
    build_agenda(meeting)
    return meeting


@transaction.atomic
def add_to_work_programme(body, title: str, *, target_meeting=None, summary: str = "", lead_officer: str = "",
                          author: str = "TBC", requested_by=None, when_text: str = "",
                          part: str = "A") -> WorkProgrammeEntry:
    errors = {}
    if not title.strip():
        errors["title"] = "Enter the report title."
    if len(when_text.strip()) > 200:
        errors["when_text"] = f"The timing must be 200 characters or fewer (it has {len(when_text.strip())})."
    if part not in ("A", "B"):
        errors["part"] = "Choose Part A (public) or Part B (private)."
    if errors:
        raise ValidationError(errors)
    if target_meeting is not None:
        target_meeting = Meeting.objects.select_for_update().filter(pk=target_meeting.pk).first()
        if target_meeting is None or target_meeting.body_id != body.pk:
            raise ValidationError({"target_meeting": "Choose a meeting of the same body."})
    return WorkProgrammeEntry.objects.create(body=body, title=title.strip(), target_meeting=target_meeting,
                                             summary=summary, lead_officer=lead_officer, author=author or "TBC",
                                             requested_by=requested_by, when_text=when_text.strip(), part=part)


@transaction.atomic
def reschedule_entry(entry: WorkProgrammeEntry, to_meeting: Meeting | None, reason: str, user=None):
    """Move a work-programme entry to another meeting; the move is kept in its history."""
    given, entry = entry, locked(WorkProgrammeEntry, pk=entry.pk)
    if entry.agenda_item_id:
        raise ValidationError("This entry is already on an agenda; move the agenda item instead.")
    if to_meeting is not None and to_meeting.body_id != entry.body_id:
        raise ValidationError({"to_meeting": "Choose a meeting of the same body."})
    WorkProgrammeMove.objects.create(entry=entry, from_meeting=entry.target_meeting, to_meeting=to_meeting,
                                     reason=reason, moved_by=user)
    entry.target_meeting = to_meeting
    entry.save(update_fields=["target_meeting", "updated_at"])
    mirror(given, entry)
    return entry


def _check_unlocked(meeting: Meeting):
    if meeting.minutes_locked:
        raise ValidationError("These minutes were approved as a correct record: record a correction instead.")


def _lock_meeting(meeting_id) -> Meeting:
    """The meeting as committed now, locked: approval and every minute change queue up behind it."""
    return locked(Meeting.objects.select_related("body"), pk=meeting_id)


@transaction.atomic
def draft_resolutions(item: MinuteItem, paper: Paper) -> list[Resolution]:
    """One draft resolution per recommendation of the paper, to edit into what was resolved."""
    meeting = _lock_meeting(item.meeting_id)
    _check_unlocked(meeting)
    item = locked(MinuteItem, pk=item.pk)
    if not paper.recommendations.exists():
        raise ValidationError("This paper has no recommendations to draft from.")
    # Read after the lock: a clerk who drafted from this paper a moment ago has committed by now.
    existing = set(item.resolutions.values_list("from_recommendation_id", flat=True))
    position = (item.resolutions.aggregate(m=Max("position"))["m"] or -1) + 1
    fmt = _resolution_format(meeting.body)
    created = []
    for rec in paper.recommendations.all():
        if rec.pk in existing:
            continue
        values = {}
        if fmt:
            values["year"], values["sequence"], values["number"] = next_number(meeting, fmt)
        with refused_on_conflict("Someone else drafted or numbered these resolutions just now: reload the page "
                                 "to see them."):
            created.append(Resolution.objects.create(
                meeting=meeting, body_id=meeting.body_id, item=item, text=f"{rec.verb} {rec.text}",
                from_recommendation=rec, position=position, **values))
        position += 1
    return created


@transaction.atomic
def edit_resolution(resolution: Resolution, text: str, version=None, clauses: list[dict] | None = None) -> Resolution:
    """Change what was resolved. ``version`` is the one the form was drawn from: a save over
    someone else's newer text is refused with StaleEdit (it carries their text). ``clauses``
    ([{"label", "text"}], the lettered clauses under the one number) are left as they are when None."""
    _check_unlocked(_lock_meeting(resolution.meeting_id))
    errors = {}
    if not text.strip():
        errors["text"] = "Enter what the body resolved."
    if clauses is not None and (problem := clause_problem(clauses)):
        errors["clauses"] = problem
    if errors:
        raise ValidationError(errors)
    given, resolution = resolution, locked(Resolution, pk=resolution.pk)
    if version is not None:
        claim_version(resolution, version)
    resolution.text = text.strip()
    fields = ["text"]
    if clauses is not None:
        resolution.clauses = [{"label": c["label"], "text": c["text"].strip()} for c in clauses]
        fields.append("clauses")
    resolution.save(update_fields=fields)
    mirror(given, resolution)
    return resolution


CLAUSE_LABEL = re.compile(r"^[a-z]{1,3}$|^[ivx]+$|^\d+$")  # as the data format's clauses take them


def clause_problem(clauses) -> str:
    """Why these lettered clauses cannot be saved ("" when they can): each needs a label such as
    a, b or iv, used once, and text."""
    seen = set()
    for n, c in enumerate(clauses, start=1):
        label, text = str(c.get("label", "")), str(c.get("text", ""))
        if not CLAUSE_LABEL.match(label):
            return f"Clause {n} needs a letter or number such as (a), (iv) or (2)."
        if label in seen:
            return f"Clause ({label}) is used twice."
        if not text.strip():
            return f"Clause ({label}) has no text: write what was resolved after it, or remove it."
        seen.add(label)
    return ""


@transaction.atomic
def edit_paragraph(paragraph: MinuteParagraph, text: str, version=None) -> MinuteParagraph:
    meeting_id = MinuteItem.objects.values_list("meeting_id", flat=True).get(pk=paragraph.item_id)
    _check_unlocked(_lock_meeting(meeting_id))
    if not text.strip():
        raise ValidationError({"text": "A minute paragraph cannot be empty."})
    given, paragraph = paragraph, locked(MinuteParagraph, pk=paragraph.pk)
    if version is not None:
        claim_version(paragraph, version)
    paragraph.text = text
    paragraph.save(update_fields=["text"])
    mirror(given, paragraph)
    return paragraph


def approval_refusal(at_meeting: Meeting, today: dt.date | None = None) -> str:
    """Why minutes may not be approved at ``at_meeting`` ("" when they may): only a meeting that
    has taken place approves minutes — marked held, or in the past with its attendance recorded."""
    today = today or timezone.localdate()
    if at_meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        return ""
    when = f"{at_meeting.date:%-d %B %Y}"
    if at_meeting.status == Meeting.Status.CANCELLED:
        return f"The meeting on {when} was cancelled: minutes are approved only at a meeting that has been held."
    if at_meeting.date > today:
        return (f"The meeting on {when} has not happened yet (it is only {at_meeting.get_status_display().lower()}): "
                f"minutes are approved only at a meeting that has been held.")
    if not Attendance.objects.filter(meeting=at_meeting).exists():
        return (f"The meeting on {when} has no attendance recorded and is not marked as held: record who attended "
                f"or mark it as held first.")
    return ""


@transaction.atomic
def approve_minutes(meeting: Meeting, at_meeting: Meeting) -> Meeting:
    """Minutes approved "as a correct record" at a later meeting: published and locked.

    Two clerks approving the same minutes (even at different meetings) queue on the meeting's
    lock; the second finds them approved and is told so, never "approved" twice."""
    seen_unapproved = not meeting.minutes_locked  # as the clerk's page showed them
    given, meeting = meeting, _lock_meeting(meeting.pk)
    if meeting.minutes_locked:
        at = meeting.minutes_approved_at
        where = f" at the meeting on {at.date:%-d %B %Y}" if at else ""
        if seen_unapproved:  # someone beat this clerk to it
            raise ValidationError(f"These minutes were approved{where} by someone else just now.")
        raise ValidationError(f"These minutes are already approved{where}.")
    if not meeting.minute_items.exists():
        raise ValidationError("There are no minutes to approve yet.")
    if at_meeting.body_id != meeting.body_id or at_meeting.date <= meeting.date:
        raise ValidationError({"at_meeting": "Minutes are approved at a later meeting of the same body."})
    at_meeting = Meeting.objects.get(pk=at_meeting.pk)  # its state as committed, not as the page saw it
    if refusal := approval_refusal(at_meeting):
        raise ValidationError({"at_meeting": refusal})
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = at_meeting
    meeting.minutes_approved_on = at_meeting.date
    meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_on", "updated_at"])
    # Each record carries its own approval, so pages and the API never infer it from the meeting.
    for records in (meeting.minute_items, meeting.resolutions, meeting.actions, meeting.declarations):
        records.update(approved=True)
    mirror(given, meeting)
    return meeting


@transaction.atomic
def correct_minutes(paragraph: MinuteParagraph, new_text: str, reason: str, user=None,
                    version=None) -> MinuteCorrection:
    """Change approved minutes: the old text, new text, reason and who are recorded."""
    meeting = _lock_meeting(MinuteItem.objects.values_list("meeting_id", flat=True).get(pk=paragraph.item_id))
    if not meeting.minutes_locked:
        raise ValidationError("These minutes are not approved yet: edit them directly.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the correction."})
    if not new_text.strip():
        raise ValidationError({"text": "A minute paragraph cannot be empty."})
    given, paragraph = paragraph, locked(MinuteParagraph, pk=paragraph.pk)
    if version is not None:
        claim_version(paragraph, version)
    correction = MinuteCorrection.objects.create(meeting=meeting, paragraph=paragraph, old_text=paragraph.text,
                                                 new_text=new_text, reason=reason, made_by=user)
    paragraph.text = new_text
    paragraph._correcting = True
    paragraph.save(update_fields=["text"])
    mirror(given, paragraph)
    return correction


@transaction.atomic
def create_action(meeting: Meeting, description: str, *, resolution=None, minute_item=None, owner=None,
                  due_date: dt.date | None = None, due_meeting: Meeting | None = None) -> Action:
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    meeting = _lock_meeting(meeting.pk)  # its approval state is read as committed, not as the page saw it
    if resolution is not None and resolution.meeting_id != meeting.pk:
        raise ValidationError({"resolution": "The resolution belongs to another meeting."})
    return Action.objects.create(meeting=meeting, description=description.strip(), resolution=resolution,
                                 minute_item=minute_item or (resolution.item if resolution else None), owner=owner,
                                 due_date=due_date, due_meeting=due_meeting, approved=meeting.minutes_locked)


@transaction.atomic
def complete_action(action: Action, user) -> Action:
    seen_open = action.status != Action.Status.DONE
    given, action = action, locked(Action, pk=action.pk)
    if action.status == Action.Status.DONE:
        raise ValidationError("Someone else marked this action complete just now." if seen_open
                              else "This action is already complete.")
    action.status = Action.Status.DONE
    action.completed_by = user
    action.completed_at = timezone.now()
    action.save(update_fields=["status", "completed_by", "completed_at", "updated_at"])
    mirror(given, action)
    return action


def overdue_actions(body, today: dt.date | None = None):
    today = today or timezone.localdate()
    open_ = Action.objects.filter(meeting__body=body).exclude(status__in=[Action.Status.DONE, Action.Status.DROPPED])
    return [a for a in open_.select_related("owner", "due_meeting", "meeting") if a.due and a.due < today]


@transaction.atomic
def publish_paper(paper: Paper) -> Paper:
    """A paper is published only with every clearance signed off (initials and date, no placeholder)."""
    seen_unpublished = not paper.published
    given, paper = paper, locked(Paper, pk=paper.pk)
    if paper.published:
        raise ValidationError("Someone else published this paper just now." if seen_unpublished
                              else "This paper is already published.")
    list(paper.signoffs.select_for_update())  # nobody can blank a sign-off while we rely on it
    if refusal := paper.publishing_refusal():
        raise ValidationError(refusal)
    paper.published = True
    paper.save(update_fields=["published", "updated_at"])
    mirror(given, paper)
    return paper


def quorum_check(meeting: Meeting) -> tuple[int, int | None]:
    """(members present, quorum): substitutes attending for a member count towards it."""
    seats = [s for s in membership_on(meeting.body, meeting.date) if s.holding and s.seat.kind == "member"]
    members = {s.holding.person_id for s in seats}
    subs = {sub.pk for s in seats for sub in s.holding.substitutes.all()}
    present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT)
    count = sum(1 for a in present if a.person_id in members or a.person_id in subs)
    constitution = getattr(meeting.body, "constitution", None)
    return count, constitution.quorum if constitution else None


@transaction.atomic
def retire_item(resolution: Resolution, item) -> None:
    """A resolution takes a plan item out of reporting: the item keeps its history and links here.
    The resolution's text is not copied: pages show it through the link, only to those who may see
    that resolution (it may be Part B or not yet approved)."""
    given_resolution, resolution = resolution, locked(Resolution.objects.select_related("meeting"), pk=resolution.pk)
    given_item, item = item, locked(type(item), pk=item.pk)
    if item.retired:
        raise ValidationError("This plan item is already retired from reporting.")
    item.retired = True
    item.retired_reason = ""
    # The date of an informal meeting is private, so the item does not carry it.
    item.retired_on = resolution.meeting.date if resolution.meeting.is_public() else None
    item.save(update_fields=["retired", "retired_reason", "retired_on", "updated_at", "sort_key", "depth"])
    resolution.retires_item = item
    resolution.save(update_fields=["retires_item"])
    mirror(given_resolution, resolution)
    mirror(given_item, item)


@transaction.atomic
def change_target(resolution: Resolution, target, new_value, display: str = ""):
    """A resolution sets a new target for a period: the target records which decision changed it."""
    given_resolution, resolution = resolution, locked(Resolution.objects.select_related("meeting__body"),
                                                      pk=resolution.pk)
    given_target, target = target, locked(type(target), pk=target.pk)  # the note is appended to what is saved now
    if target.kind != "target":
        raise ValidationError("Only a target can be changed by a resolution.")
    target.value = new_value
    target.text = ""
    target.display = display
    target.note = (f"{target.note}\n" if target.note else "") + (
        f"Changed by resolution of {resolution.meeting.body.name}, {resolution.meeting.date:%-d %B %Y}")
    target.save(update_fields=["value", "text", "display", "note"])
    resolution.changes_target = target
    resolution.save(update_fields=["changes_target"])
    mirror(given_resolution, resolution)
    mirror(given_target, target)
    return target


@transaction.atomic
def approve_plan_version(resolution: Resolution, version):
    given, resolution = resolution, locked(Resolution, pk=resolution.pk)
    version = locked(type(version), pk=version.pk)
    resolution.approves_version = version
    resolution.save(update_fields=["approves_version"])
    mirror(given, resolution)
    return version
