"""Write validated meetings, papers and the work programme by natural keys (inside the loader's transaction)."""

from __future__ import annotations

from wellboard.core.audit import audited_update, record_bulk
from wellboard.directory.models import Person
from wellboard.governance.models import Body
from wellboard.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    MinuteItem,
    MinuteParagraph,
    Paper,
    PaperContact,
    Recommendation,
    Resolution,
    Signoff,
    WorkProgrammeEntry,
)
from wellboard.meetings.numbering import next_number, parse_number

from .check import page_range
from .schema import MeetingIn, PaperIn, WorkProgrammeIn


def _person(name):
    return Person.objects.get(name=name) if name else None


def _part(explicit, *parents) -> str:
    """A record's own part: as written, else Part B under a Part B item (stored, never inferred later)."""
    if any(p is not None and p.part == "B" for p in parents):
        return "B"
    return explicit or "A"


def apply_meeting(m: MeetingIn, upsert, counts) -> None:
    body = Body.objects.select_related("constitution").get(code=m.body)
    meeting = upsert(Meeting, counts, {"code": m.code}, {
        "body": body, "date": m.date, "start_time": m.start, "end_time": m.end, "time_text": m.time_text,
        "venue": m.venue, "kind": m.kind, "status": m.status,
        "minutes_opening": m.minutes.opening if m.minutes else "",
        "minutes_closing": m.minutes.closing if m.minutes else "",
        "agenda_notes": [{"number": n.number, "text": n.text} for n in m.agenda_notes],
    }, source=m)
    for i, a in enumerate(m.agenda):
        page_from, page_to = page_range(a.pages)
        upsert(AgendaItem, counts, {"meeting": meeting, "position": i}, {
            "number": a.number, "title": a.title, "presenters": a.presenters, "part": a.part, "section": a.section,
            "kind": a.kind, "to_follow": a.to_follow, "link": a.link, "exemption": a.exemption,
            "page_from": page_from, "page_to": page_to,
        }, source=a)
    for i, a in enumerate(m.attendance):
        upsert(Attendance, counts, {"meeting": meeting, "person": _person(a.person)}, {
            "status": a.status, "representing": a.representing, "substitute": _person(a.substitute),
            "replacing": _person(a.replacing), "first_meeting": a.first_meeting, "position": i,
        }, source=a)
    agenda = {a.number: a for a in meeting.agenda_items.all() if a.number}
    approved = m.status == "minutes_approved"
    for i, d in enumerate(m.declarations):
        # A declaration names its item by number: the item's part is copied once, here.
        upsert(Declaration, counts, {"meeting": meeting, "position": i}, {
            "person": _person(d.person), "item_number": d.item, "type": d.type, "nature": d.nature,
            "part": _part(d.part, agenda.get(d.item) if d.item else None), "approved": approved,
        }, source=d)
    if not m.minutes:
        return
    numbering = getattr(getattr(body, "constitution", None), "resolution_format", "")
    for i, item in enumerate(m.minutes.items):
        agenda_item = agenda.get(item.number)
        minute = upsert(MinuteItem, counts, {"meeting": meeting, "position": i}, {
            "number": item.number, "title": item.title, "agenda_item": agenda_item,
            "part": _part(item.part, agenda_item), "approved": approved,
        }, source=item)
        for j, p in enumerate(item.paragraphs):
            upsert(MinuteParagraph, counts, {"item": minute, "position": j}, {"number": p.number, "text": p.text},
                source=p)
        for j, r in enumerate(item.resolutions):
            existing = Resolution.objects.filter(meeting=meeting, item=minute, position=j).first()
            values = {"paragraph": r.paragraph, "text": r.text, "part": _part(r.part, minute), "approved": approved,
                      "clauses": [{"label": c.label, "text": c.text} for c in r.clauses]}
            if r.number:
                # As printed; its place in the body's sequence is kept so automatic numbering continues after it.
                values["number"] = r.number
                values["year"], values["sequence"] = parse_number(r.number, numbering, meeting.date.year) or (None, None)
            elif numbering and not (existing and existing.sequence):
                values["year"], values["sequence"], values["number"] = next_number(meeting, numbering)
            resolution = upsert(Resolution, counts, {"meeting": meeting, "item": minute, "position": j}, values,
                source=r)
            # Actions arising are keyed by their description under their resolution.
            for a in r.actions:
                upsert(Action, counts, {"meeting": meeting, "resolution": resolution, "description": a.description}, {
                    "minute_item": minute, "owner": _person(a.owner), "due_date": a.due, "status": a.status,
                    "part": _part(a.part, resolution, minute), "approved": approved,
                }, source=a)


def link_minutes_approval(m: MeetingIn) -> None:
    if m.minutes and m.minutes.approved_at:
        approving = Meeting.objects.get(code=m.minutes.approved_at)
        audited_update(Meeting.objects.filter(code=m.code), minutes_for_approval_at=None,
                       minutes_approved_at=approving, minutes_approved_on=approving.date)
    else:
        # Draft minutes published in a later meeting's pack; without it, minutes stay unpublished drafts.
        approving = Meeting.objects.get(code=m.minutes.for_approval_at) if m.minutes and m.minutes.for_approval_at \
            else None
        audited_update(Meeting.objects.filter(code=m.code), minutes_for_approval_at=approving)


def apply_work_programme(w: WorkProgrammeIn, upsert, counts) -> None:
    body = Body.objects.get(code=w.body)
    meeting = Meeting.objects.get(code=w.meeting) if w.meeting else None
    # Keyed by body, title and target meeting: the same report recurs at different meetings.
    upsert(WorkProgrammeEntry, counts, {"body": body, "title": w.title, "target_meeting": meeting}, {
        "when_text": w.when, "summary": w.summary, "lead_officer": w.lead_officer, "author": w.author,
        "status": w.status, "part": w.part,
    })


def apply_paper(x: PaperIn, upsert, counts) -> None:
    meeting = Meeting.objects.get(code=x.meeting) if x.meeting else None
    item = meeting.agenda_items.filter(number=x.agenda_item).first() if meeting and x.agenda_item else None
    paper = upsert(Paper, counts, {"code": x.code}, {
        "meeting": meeting, "agenda_item": item, "title": x.title, "report_of": x.report_of, "sponsor": x.sponsor,
        "document_code": x.document_code, "purpose": x.purpose, "summary": x.summary, "information": x.information,
        "key_questions": x.key_questions, "other_options": x.other_options, "reasons": x.reasons,
        "implications": dict(x.implications), "background_papers": x.background_papers,
        "electoral_divisions": x.electoral_divisions, "published": x.published, "part": _part(x.part, item),
    }, source=x)
    for i, r in enumerate(x.recommendations):
        upsert(Recommendation, counts, {"paper": paper, "position": i}, {"verb": r.verb, "text": r.text}, source=r)
    for s in x.signoffs:
        upsert(Signoff, counts, {"paper": paper, "kind": s.kind}, {"initials": s.initials, "date": s.date, "text": s.text},
            source=s)
    paper.contacts.all().delete()
    record_bulk("create", PaperContact.objects.bulk_create(
        PaperContact(paper=paper, name=c.name, role=c.role, phone=c.phone, email=c.email) for c in x.contacts
    ))


def link_agenda_papers(m: MeetingIn) -> None:
    meeting = Meeting.objects.get(code=m.code)
    for i, a in enumerate(m.agenda):
        if a.paper:
            item = meeting.agenda_items.get(position=i)
            audited_update(Paper.objects.filter(agenda_item=item).exclude(code=a.paper), agenda_item=None)
            private = {"part": "B"} if item.part == "B" else {}  # a paper on a Part B item is Part B
            audited_update(Paper.objects.filter(code=a.paper), agenda_item=item, meeting=meeting, **private)
