"""Bodies and meetings in the API, with the same privacy rules as the pages."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from wellboard.core.permissions import can, scope_of
from wellboard.core.richtext import clean_html, plain_text
from wellboard.core.source_notes import as_data, notes_on, notes_table
from wellboard.governance.membership import memberships_now
from wellboard.governance.models import Body
from wellboard.meetings.models import Meeting, WorkProgrammeEntry
from wellboard.meetings.queries import meeting_for_page
from wellboard.meetings.visibility import meeting_view, visible

from .params import Code, NotFoundOut
from .schemas_meetings import BodyOut, MeetingDetailOut, MeetingSummaryOut, WorkProgrammeEntryOut

router = Router(tags=["meetings"])


def _meeting_summary(m, request):
    return {"id": m.pk, "code": m.code, "body": m.body.code, "date": m.date, "start_time": m.start_time,
            "end_time": m.end_time, "venue": m.venue, "kind": m.kind, "status": m.status,
            "url": request.build_absolute_uri(m.get_absolute_url())}


def _meeting_notes(notes, view) -> list[dict]:
    """The meeting's own marks, less those on lists this reader may not see whole: a reason may name what
    it describes. Declarations are never listed with notes (a reason could reveal a private declaration)."""
    hidden = {"declarations"}
    if not view.show_minutes:
        hidden |= {"minutes", "attendance"}
    if any(e.exempt for e in view.agenda):
        hidden.add("agenda")
    return as_data(n for n in notes_on(notes, view.meeting) if n.field not in hidden)


@router.get("/bodies/", response=list[BodyOut])
def list_bodies(request):
    bodies = list(Body.objects.select_related("parent", "constitution").prefetch_related(
        "constitution__also_reports_to").order_by("name"))
    seats_by_body = memberships_now(bodies)
    out = []
    for b in bodies:
        constitution = getattr(b, "constitution", None)
        seats = seats_by_body[b.pk]
        out.append({
            "code": b.code, "name": b.name, "kind": b.kind, "parent": b.parent.code if b.parent else None,
            "also_reports_to": [o.code for o in constitution.also_reports_to.all()] if constitution else [],
            "quorum": constitution.quorum if constitution else None,
            "seats": [{"representing": s.seat.representing, "kind": s.seat.kind, "role": s.seat.role or None,
                       "holder": s.holding.person.display_name if s.holding else None,
                       "substitutes": [p.display_name for p in s.holding.substitutes.all()] if s.holding else []}
                      for s in seats],
        })
    return out


@router.get("/bodies/{code}/work-programme/", response={200: list[WorkProgrammeEntryOut], 404: NotFoundOut})
def body_work_programme(request, code: Code):
    """The body's forward plan. Each entry decides its own privacy (Part B, or planned for an
    informal meeting): such entries are listed only to the body's readers, as on the body's page."""
    body = get_object_or_404(Body, code=code)
    entries = visible(request.user, WorkProgrammeEntry.objects.filter(body=body).select_related("target_meeting"))
    return [{"id": e.pk, "title": e.title, "summary": e.summary,
             "meeting": e.target_meeting_id, "meeting_date": e.target_meeting.date if e.target_meeting else None,
             "when_text": e.when_text, "part": e.part, "lead_officer": e.lead_officer, "author": e.author,
             "status": e.status} for e in entries]


@router.get("/meetings/", response=list[MeetingSummaryOut])
def list_meetings(request, body: Code | None = None):
    qs = Meeting.objects.select_related("body").order_by("-date")
    if body:
        qs = qs.filter(body__code=body)
    readable = scope_of(request.user, Body)  # informal meetings only for the body's readers
    if not readable.everything:
        qs = qs.filter(Q(kind__in=[k for k in Meeting.Kind.values if k != Meeting.Kind.INFORMAL])
                       | Q(body_id__in=readable.ids))
    return [_meeting_summary(m, request) for m in qs]


@router.get("/meetings/{int:id}/", response={200: MeetingDetailOut, 404: NotFoundOut})
def get_meeting(request, id: int):
    code = get_object_or_404(Meeting, pk=id).code
    m = meeting_for_page(code)
    if not can(request.user, "view", m):
        raise Http404("No such meeting")
    view = meeting_view(m, request.user)
    show = view.show_minutes
    # One query for every note; each is listed only on a record already cut to what this reader may see.
    notes = notes_table()
    return {
        **_meeting_summary(m, request),
        "source_notes": _meeting_notes(notes, view),
        "agenda": [{"number": e.item.number, "title": e.title, "part": e.item.part, "exempt": e.exempt,
                    "kind": e.item.kind, "section": "" if e.exempt else e.item.section,
                    "presenters": [] if e.exempt else e.item.presenters, "to_follow": e.item.to_follow,
                    "paper": e.paper.code if e.paper else None, "link": None if e.exempt else e.item.link or None,
                    "page_from": None if e.exempt else e.item.page_from,
                    "page_to": None if e.exempt else e.item.page_to,
                    "source_notes": [] if e.exempt else as_data(notes_on(notes, e.item))} for e in view.agenda],
        "agenda_notes": [{"number": n.get("number", ""), "text": plain_text(n["text"])} for n in m.agenda_notes],
        "minutes_published": show,
        "minutes_approved_at": m.minutes_approved_at.date if show and m.minutes_approved_at else None,
        "minutes_for_approval_at": m.minutes_for_approval_at.date if show and m.minutes_published_draft else None,
        "attendance": [{"person": a.person.display_name, "status": a.status, "representing": a.representing,
                        "substitute": a.substitute.display_name if a.substitute else None,
                        "replacing": a.replacing.display_name if a.replacing else None,
                        "first_meeting": a.first_meeting, "source_notes": as_data(notes_on(notes, a))}
                       for a in view.attendance],
        "declarations": [{"person": d.person.display_name, "item": d.item_number, "type": d.type,
                          "nature": d.shown_nature} for d in view.declarations],
        "minutes": [{"number": i.number, "title": i.title, "source_notes": as_data(notes_on(notes, i)),
                     "paragraphs": [{"number": p.number, "html": clean_html(p.text),
                                     "source_notes": as_data(notes_on(notes, p))} for p in i.paragraphs.all()],
                     "resolutions": [{"id": r.pk, "number": r.number or None, "paragraph": r.paragraph,
                                      "text": plain_text(r.text),
                                      "clauses": [{"label": c["label"], "text": plain_text(c["text"])}
                                                  for c in r.clauses],
                                      "source_notes": as_data(notes_on(notes, r))} for r in i.shown_resolutions]}
                    for i in view.minute_items],
        "actions": [{"description": a.description, "owner": a.owner.display_name if a.owner else None,
                     "due": a.due, "status": a.status, "source_notes": as_data(notes_on(notes, a))}
                    for a in view.actions],
    }
