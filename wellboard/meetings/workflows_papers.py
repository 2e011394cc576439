"""The clerk's steps on a paper before the meeting: creating it for an agenda item, its
recommendations, implications and officer contacts; and a resolution the body made without a
recommendation. Same pattern as ``workflows``: one transaction per step, the meeting row locked
first (then the paper, then its records), state re-checked there, a ValidationError with a message
for the clerk when the step is not allowed.

Recommendations are what the body is asked to decide: once the paper is published they no longer
change (readers and drafted resolutions rely on them). Implications and contacts are text a clerk
may still correct, as ``edit_paper`` allows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from wellboard.core.concurrency import mirror, refused_on_conflict

from .models import AgendaItem, Meeting, MinuteItem, Paper, PaperContact, Recommendation, Resolution
from .models.papers import IMPLICATIONS
from .numbering import next_number
from .workflows import _check_unlocked, _lock_meeting, _resolution_format

IMPLICATION_LABELS = {key: key.replace("_", " ").capitalize() for key in IMPLICATIONS}


def _lock_paper(paper: Paper) -> Paper:
    """The meeting (if any) and then the paper, as committed now."""
    meeting_id = Paper.objects.values_list("meeting_id", flat=True).filter(pk=paper.pk).first()
    if meeting_id:
        _lock_meeting(meeting_id)
    current = Paper.objects.select_for_update(of=("self",)).filter(pk=paper.pk).first()
    if current is None:
        raise ValidationError("Someone else removed this paper just now.")
    return current


def _unpublished(paper: Paper) -> Paper:
    paper = _lock_paper(paper)
    if paper.published:
        raise ValidationError("This paper is published: its recommendations can no longer change. The body decides "
                              "on them as published; record what it resolved in the minutes.")
    return paper


def _paper_code(meeting: Meeting, item: AgendaItem) -> str:
    base = slugify(f"{meeting.code}-item-{item.number or item.position}")[:90]
    code, n = base, 2
    while Paper.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def create_paper(meeting: Meeting, agenda_item: AgendaItem, title: str = "") -> Paper:
    """A paper for an agenda item of the meeting: code from the meeting and item number, title
    from the item unless given, part from the item (a Part B item has a Part B paper)."""
    meeting = _lock_meeting(meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled, so no paper can be added to it.")
    if meeting.minutes_locked:
        raise ValidationError("The minutes of this meeting are approved: its agenda and papers no longer change.")
    item = AgendaItem.objects.select_for_update(of=("self",)).filter(pk=agenda_item.pk, meeting=meeting).first()
    if item is None:
        raise ValidationError({"agenda_item": "Choose an agenda item of this meeting."})
    if Paper.objects.filter(agenda_item=item).exists():
        raise ValidationError({"agenda_item": f"Agenda item {item.number} “{item.title}” already has a paper."
                               .replace("item  ", "item ")})
    title = (title or "").strip() or item.title
    code = _paper_code(meeting, item)
    with refused_on_conflict({"agenda_item": "Someone else added a paper for this item just now."}):
        return Paper.objects.create(code=code, meeting=meeting, agenda_item=item, title=title[:400], part=item.part)


def _check_recommendation(verb: str, text: str) -> None:
    # Free text: packs ask bodies to "consider" or "continue to support", not only the usual six.
    errors = {}
    verb = (verb or "").strip()
    limit = Recommendation._meta.get_field("verb").max_length
    if not verb:
        errors["verb"] = "Enter what the body is asked to do (for example note, agree or approve)."
    elif len(verb) > limit:
        errors["verb"] = f"What the body is asked to do must be {limit} characters or fewer (it has {len(verb)})."
    if not (text or "").strip():
        errors["text"] = "Enter the recommendation."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_recommendation(paper: Paper, verb: str, text: str) -> Recommendation:
    _check_recommendation(verb, text)
    paper = _unpublished(paper)
    position = (paper.recommendations.aggregate(m=Max("position"))["m"] or 0) + 1
    return Recommendation.objects.create(paper=paper, verb=verb.strip(), text=text.strip(), position=position)


def _lock_recommendation(recommendation: Recommendation) -> tuple[Paper, Recommendation]:
    paper = _unpublished(Paper(pk=recommendation.paper_id))
    current = Recommendation.objects.select_for_update(of=("self",)).filter(pk=recommendation.pk, paper=paper).first()
    if current is None:
        raise ValidationError("Someone else removed this recommendation just now.")
    return paper, current


@transaction.atomic
def edit_recommendation(recommendation: Recommendation, verb: str, text: str) -> Recommendation:
    _check_recommendation(verb, text)
    given = recommendation
    _, recommendation = _lock_recommendation(recommendation)
    recommendation.verb, recommendation.text = verb.strip(), text.strip()
    recommendation.save(update_fields=["verb", "text"])
    mirror(given, recommendation)
    return recommendation


@transaction.atomic
def remove_recommendation(recommendation: Recommendation) -> None:
    _, recommendation = _lock_recommendation(recommendation)
    recommendation.delete()


@transaction.atomic
def move_recommendation(recommendation: Recommendation, direction: str) -> Recommendation:
    """One place up or down: positions are renumbered 1, 2, 3… so gaps and ties never confuse the order."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Choose up or down."})
    paper, recommendation = _lock_recommendation(recommendation)
    order = list(paper.recommendations.select_for_update(of=("self",)).order_by("position", "pk"))
    i = next(n for n, r in enumerate(order) if r.pk == recommendation.pk)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(order):
        raise ValidationError(f"This recommendation is already the {'first' if direction == 'up' else 'last'}.")
    order[i], order[j] = order[j], order[i]
    for position, rec in enumerate(order, start=1):
        if rec.position != position:
            rec.position = position
            rec.save(update_fields=["position"])
    return next(r for r in order if r.pk == recommendation.pk)


@transaction.atomic
def save_implications(paper: Paper, values: dict[str, str]) -> Paper:
    """The implications section: one text per heading; an empty text drops the heading."""
    unknown = set(values) - set(IMPLICATIONS)
    if unknown:
        raise ValidationError(f"Unknown implication heading: {', '.join(sorted(unknown))}.")
    given, paper = paper, _lock_paper(paper)
    implications = {k: v for k, v in (paper.implications or {}).items() if k not in IMPLICATIONS}  # keep imported extras
    for key in IMPLICATIONS:
        text = (values.get(key) or "").strip()
        if text:
            implications[key] = text
    paper.implications = implications
    paper.save(update_fields=["implications", "updated_at"])
    mirror(given, paper)
    return paper


CONTACT_FIELDS = ("name", "role", "phone", "email")


def _check_contact(values: dict) -> dict:
    cleaned = {k: (values.get(k) or "").strip() for k in CONTACT_FIELDS}
    if not cleaned["name"]:
        raise ValidationError({"name": "Enter the officer's name."})
    if cleaned["email"] and "@" not in cleaned["email"]:
        raise ValidationError({"email": "Enter an email address in the correct format, like name@example.org."})
    return cleaned


@transaction.atomic
def add_contact(paper: Paper, **values) -> PaperContact:
    cleaned = _check_contact(values)
    paper = _lock_paper(paper)
    return PaperContact.objects.create(paper=paper, **cleaned)


def _lock_contact(contact: PaperContact) -> PaperContact:
    paper = _lock_paper(Paper(pk=contact.paper_id))
    current = PaperContact.objects.select_for_update(of=("self",)).filter(pk=contact.pk, paper=paper).first()
    if current is None:
        raise ValidationError("Someone else removed this contact just now.")
    return current


@transaction.atomic
def edit_contact(contact: PaperContact, **values) -> PaperContact:
    cleaned = _check_contact(values)
    given, contact = contact, _lock_contact(contact)
    for k, v in cleaned.items():
        setattr(contact, k, v)
    contact.save(update_fields=list(CONTACT_FIELDS))
    mirror(given, contact)
    return contact


@transaction.atomic
def remove_contact(contact: PaperContact) -> None:
    _lock_contact(contact).delete()


@transaction.atomic
def add_resolution(item: MinuteItem, text: str) -> Resolution:
    """What the body resolved without a recommendation (an amendment, a motion from the floor):
    numbered in the body's sequence like drafted resolutions, under the body's lock."""
    if not (text or "").strip():
        raise ValidationError({"text": "Enter what the body resolved."})
    meeting = _lock_meeting(item.meeting_id)
    _check_unlocked(meeting)
    item = MinuteItem.objects.select_for_update(of=("self",)).filter(pk=item.pk, meeting=meeting).first()
    if item is None:
        raise ValidationError("Someone else removed this minute item just now.")
    position = (item.resolutions.aggregate(m=Max("position"))["m"] or -1) + 1
    values = {}
    if fmt := _resolution_format(meeting.body):
        values["year"], values["sequence"], values["number"] = next_number(meeting, fmt)
    with refused_on_conflict("Someone else numbered a resolution just now: try again."):
        return Resolution.objects.create(meeting=meeting, body_id=meeting.body_id, item=item, text=text.strip(),
                                         position=position, **values)
