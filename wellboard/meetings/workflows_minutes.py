"""The clerk's steps on minutes and actions after the meeting: holding it, minute items and
paragraphs, and looking after actions. Same pattern as ``workflows``: one transaction per step,
the rows re-fetched and locked inside it (meeting before its records), state re-checked there,
and a ValidationError with a message for the clerk when the step is not allowed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wellboard.core.concurrency import locked, mirror

from .models import Action, ActionNote, AgendaItem, Meeting, MinuteItem, MinuteParagraph
from .models.privacy import Part
from .workflows import _check_unlocked, _lock_meeting, approval_refusal  # noqa: F401 (part of this API)


@transaction.atomic
def mark_held(meeting: Meeting, today: dt.date | None = None) -> Meeting:
    """The meeting took place. A meeting in the future cannot have been held."""
    today = today or timezone.localdate()
    given, meeting = meeting, _lock_meeting(meeting.pk)
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError("This meeting is already marked as held.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled, so it cannot be marked as held.")
    if meeting.date > today:
        raise ValidationError(f"This meeting is on {meeting.date:%-d %B %Y}, in the future: it can be marked as "
                              f"held on or after that day.")
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    mirror(given, meeting)
    return meeting


@transaction.atomic
def add_minute_item(meeting: Meeting, title: str = "", *, agenda_item: AgendaItem | None = None,
                    part: str | None = None, number: str = "") -> MinuteItem:
    """A minute item for an agenda item (its title, number and part copied from it), or a free one
    whose part the clerk states — a free item never defaults to public by accident."""
    meeting = _lock_meeting(meeting.pk)
    _check_unlocked(meeting)
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": "Choose an agenda item of this meeting."})
        title = title.strip() or agenda_item.title
        number = number.strip() or agenda_item.number
        part = agenda_item.part
    else:
        if not title.strip():
            raise ValidationError({"title": "Enter the title of the minute item, or choose an agenda item."})
        if part not in (Part.A, Part.B):
            raise ValidationError({"part": "Say whether the item is Part A (public) or Part B (private)."})
    position = (meeting.minute_items.aggregate(m=Max("position"))["m"] or 0) + 1
    return MinuteItem.objects.create(meeting=meeting, agenda_item=agenda_item, title=title.strip()[:400],
                                     number=number.strip()[:10], part=part, position=position)


@transaction.atomic
def add_paragraph(item: MinuteItem, text: str, number: str = "") -> MinuteParagraph:
    _check_unlocked(_lock_meeting(item.meeting_id))
    item = locked(MinuteItem, pk=item.pk)
    if not text.strip():
        raise ValidationError({"text": "A minute paragraph cannot be empty."})
    paragraphs = list(item.paragraphs.all())
    if not number.strip() and item.number:
        number = f"{item.number}.{len(paragraphs) + 1}"
    position = max((p.position for p in paragraphs), default=0) + 1
    return MinuteParagraph.objects.create(item=item, text=text, number=number.strip()[:12], position=position)


@transaction.atomic
def remove_paragraph(paragraph: MinuteParagraph) -> None:
    meeting_id = MinuteItem.objects.values_list("meeting_id", flat=True).get(pk=paragraph.item_id)
    _check_unlocked(_lock_meeting(meeting_id))
    paragraph = MinuteParagraph.objects.select_for_update().filter(pk=paragraph.pk).first()
    if paragraph is None:
        raise ValidationError("Someone else removed this paragraph just now.")
    paragraph.delete()


def _open_action(action: Action) -> Action:
    action = locked(Action, pk=action.pk)
    if action.status == Action.Status.DROPPED:
        raise ValidationError("This action was withdrawn, so it can no longer change.")
    return action


@transaction.atomic
def edit_action(action: Action, description: str, *, owner=None, due_date: dt.date | None = None) -> Action:
    """Change what the action is, who owns it and when it is due."""
    if not description.strip():
        raise ValidationError({"description": "Describe the action."})
    given, action = action, _open_action(action)
    action.description = description.strip()
    action.owner = owner
    action.due_date = due_date
    action.save(update_fields=["description", "owner", "due_date", "updated_at"])
    mirror(given, action)
    return action


@transaction.atomic
def withdraw_action(action: Action, reason: str, user) -> Action:
    """No longer needed: the action stays on record with why, who and when."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the action is withdrawn."})
    given, action = action, _open_action(action)
    action.status = Action.Status.DROPPED
    action.withdrawn_reason = reason.strip()
    action.withdrawn_by = user
    action.withdrawn_at = timezone.now()
    action.save(update_fields=["status", "withdrawn_reason", "withdrawn_by", "withdrawn_at", "updated_at"])
    mirror(given, action)
    return action


@transaction.atomic
def add_action_note(action: Action, text: str, user) -> ActionNote:
    if not text.strip():
        raise ValidationError({"text": "Enter the progress note."})
    action = locked(Action, pk=action.pk)
    return ActionNote.objects.create(action=action, text=text.strip(), created_by=user)


PAPER_FIELDS = ["title", "report_of", "sponsor", "purpose", "summary", "information", "background_papers"]


@transaction.atomic
def edit_paper(paper, **values):
    """Change a paper's text. A published paper changes too (corrections happen), but its clearances stay."""
    from .models import Paper
    if "title" in values and not values["title"].strip():
        raise ValidationError({"title": "Enter the paper's title."})
    given, paper = paper, locked(Paper, pk=paper.pk)
    for name in PAPER_FIELDS:
        if name in values:
            setattr(paper, name, values[name].strip() if name == "title" else values[name])
    paper.save(update_fields=[n for n in PAPER_FIELDS if n in values] + ["updated_at"])
    mirror(given, paper)
    return paper


@transaction.atomic
def record_signoff(paper, kind: str, initials: str, date: dt.date | None, text: str = ""):
    """Constitutional or financial clearance: initials and date (a placeholder does not count)."""
    from .models import Paper, Signoff
    from .models.papers import is_placeholder
    if kind not in Signoff.Kind.values:
        raise ValidationError({"kind": "Choose constitutional or financial comments."})
    errors = {}
    if is_placeholder(initials):
        errors["initials"] = (f"Enter the initials of the officer who signed off, not a placeholder like "
                              f"“{initials.strip()}”." if initials.strip() else "Enter the initials of the officer "
                              "who signed off.")
    if date is None:
        errors["date"] = "Enter the date of the sign-off."
    if errors:
        raise ValidationError(errors)
    paper = locked(Paper, pk=paper.pk)
    signoff, _ = Signoff.objects.select_for_update().get_or_create(paper=paper, kind=kind)
    signoff.initials, signoff.date, signoff.text = initials.strip(), date, text
    signoff.save()
    return signoff
