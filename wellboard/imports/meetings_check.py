"""Reference checks for bodies' membership, meetings and papers in a data file."""

from __future__ import annotations

from wellboard.governance.models import BodyConstitution
from wellboard.meetings.models import Meeting, Paper, Resolution
from wellboard.meetings.models.papers import is_placeholder
from wellboard.meetings.numbering import parse_number

from .schema import BodyIn, MeetingIn, PaperIn, WorkProgrammeIn


class MeetingNames:
    def __init__(self, parsed):
        self.meetings = set(Meeting.objects.values_list("code", flat=True))
        self.papers = set(Paper.objects.values_list("code", flat=True))
        self.agenda_numbers: dict[str, set[str]] = {}
        self.meeting_body: dict[str, str] = {}
        self.meeting_date = {}
        for m in Meeting.objects.select_related("body").prefetch_related("agenda_items"):
            self.agenda_numbers[m.code] = {a.number for a in m.agenda_items.all() if a.number}
            self.meeting_body[m.code], self.meeting_date[m.code] = m.body.code, m.date
        self.resolution_format = dict(BodyConstitution.objects.values_list("body__code", "resolution_format"))
        loading = {m.code for p in parsed for m in p.data.meetings}
        # Printed numbers already stored, outside the meetings being (re)loaded: (body, year, sequence) -> meeting
        self.numbers_taken = {
            (body, year, seq): code for body, year, seq, code in Resolution.objects.filter(
                sequence__isnull=False).values_list("body__code", "year", "sequence", "meeting__code")
            if code not in loading}
        self.numbers_seen: dict[tuple, str] = {}
        for p in parsed:
            for b in p.data.bodies:
                self.resolution_format[b.code] = b.resolution_format
            for m in p.data.meetings:
                self.meetings.add(m.code)
                self.agenda_numbers[m.code] = {a.number for a in m.agenda if a.number}
                self.meeting_body[m.code], self.meeting_date[m.code] = m.body, m.date
            self.papers |= {x.code for x in p.data.papers}


def check_body_membership(b: BodyIn, path, names, err) -> None:
    for i, other in enumerate(b.also_reports_to):
        if other not in names.bodies:
            err(path + ["also_reports_to", i], f"unknown body {other!r}")
    codes = [s.code for s in b.seats]
    for i, seat in enumerate(b.seats):
        here = path + ["seats", i]
        if codes.index(seat.code) != i:
            err(here + ["code"], f"seat code {seat.code!r} is used twice in this body")
        if seat.organisation and seat.organisation not in names.orgs:
            err(here + ["organisation"], f"unknown organisation {seat.organisation!r}")
        for j, h in enumerate(seat.holders):
            if h.person not in names.people:
                err(here + ["holders", j, "person"], f"unknown person {h.person!r}")
            if h.from_ and h.to and h.to < h.from_:
                err(here + ["holders", j, "to"], "the holding ends before it starts")
            for k, sub in enumerate(h.substitutes):
                if sub not in names.people:
                    err(here + ["holders", j, "substitutes", k], f"unknown person {sub!r}")


def check_meeting(m: MeetingIn, path, names, mnames: MeetingNames, err) -> None:
    if m.body not in names.bodies:
        err(path + ["body"], f"unknown body {m.body!r}")
    if m.start and m.end and m.end < m.start:
        err(path + ["end"], "the meeting ends before it starts")
    numbers = [a.number for a in m.agenda if a.number]
    for i, item in enumerate(m.agenda):
        if item.paper and item.paper not in mnames.papers:
            err(path + ["agenda", i, "paper"], f"unknown paper {item.paper!r}")
        if item.exemption and item.part != "B":
            err(path + ["agenda", i, "exemption"], "only Part B items have an exemption")
        first, last = page_range(item.pages)
        if last is not None and last < first:
            err(path + ["agenda", i, "pages"], f"the page range {item.pages!r} ends before it starts")
    for j, n in enumerate(numbers):
        if numbers.index(n) != j:
            err(path + ["agenda"], f"agenda item number {n!r} is used twice")
    seen = set()
    for i, a in enumerate(m.attendance):
        if a.person not in names.people:
            err(path + ["attendance", i, "person"], f"unknown person {a.person!r}")
        if a.person in seen:
            err(path + ["attendance", i, "person"], f"{a.person!r} is listed twice")
        seen.add(a.person)
        if a.substitute and a.substitute not in names.people:
            err(path + ["attendance", i, "substitute"], f"unknown person {a.substitute!r}")
        if a.substitute and a.status != "apologies":
            err(path + ["attendance", i, "substitute"], "only apologies have a substitute")
        if a.replacing:
            _check_replacing(m, i, a, path, names, err)
    for i, d in enumerate(m.declarations):
        if d.person not in names.people:
            err(path + ["declarations", i, "person"], f"unknown person {d.person!r}")
    has_part_b = any(a.part == "B" for a in m.agenda)
    for i, item in enumerate(m.minutes.items if m.minutes else []):
        # Privacy is never guessed from numbers: in a meeting with Part B business, a minute that
        # matches no agenda item must say which part it belongs to.
        if has_part_b and item.part is None and item.number not in numbers:
            err(path + ["minutes", "items", i, "part"],
                "this meeting has Part B items and this minute matches no agenda item number: "
                "say `part: A` or `part: B`")
        for j, r in enumerate(item.resolutions):
            here = path + ["minutes", "items", i, "resolutions", j]
            _check_resolution_number(m, r, here, mnames, err)
            labels = [c.label for c in r.clauses]
            for k, label in enumerate(labels):
                if labels.index(label) != k:
                    err(here + ["clauses", k, "label"], f"clause ({label}) is used twice in this resolution")
            for k, a in enumerate(r.actions):
                if a.owner and a.owner not in names.people:
                    err(path + ["minutes", "items", i, "resolutions", j, "actions", k, "owner"],
                        f"unknown person {a.owner!r}")
    if m.minutes and m.minutes.approved_at and m.minutes.approved_at not in mnames.meetings:
        err(path + ["minutes", "approved_at"], f"unknown meeting {m.minutes.approved_at!r}")
    if m.minutes and m.minutes.approved_at and m.status != "minutes_approved":
        err(path + ["status"], "minutes approved at a meeting need status minutes_approved")
    if m.minutes and m.minutes.for_approval_at:
        _check_for_approval(m, path + ["minutes"], mnames, err)


def page_range(text: str) -> tuple[int | None, int | None]:
    """ "5 - 12" -> (5, 12); "5" -> (5, None); "" -> (None, None)."""
    if not text:
        return None, None
    numbers = [int(n) for n in text.replace("–", "-").split("-")]
    return numbers[0], (numbers[1] if len(numbers) > 1 else None)


def _check_replacing(m: MeetingIn, i, a, path, names, err) -> None:
    here = path + ["attendance", i, "replacing"]
    if a.replacing not in names.people:
        err(here, f"unknown person {a.replacing!r}")
    elif a.replacing == a.person:
        err(here, "a member cannot replace themselves")
    if a.status != "present":
        err(here, "only a member present at the meeting replaces another")
    replaced = next((x for x in m.attendance if x.person == a.replacing), None)
    if replaced is not None and replaced.status == "present":
        err(here, f"{a.replacing!r} is listed as present, so was not replaced")


def _check_for_approval(m: MeetingIn, path, mnames: MeetingNames, err) -> None:
    at = m.minutes.for_approval_at
    if m.minutes.approved_at:
        err(path + ["for_approval_at"], "minutes are either approved (`approved_at`) or awaiting approval "
                                        "(`for_approval_at`), not both")
    if at not in mnames.meetings:
        err(path + ["for_approval_at"], f"unknown meeting {at!r}")
        return
    if mnames.meeting_body.get(at) != m.body:
        err(path + ["for_approval_at"], f"meeting {at!r} is not a meeting of {m.body!r}")
    elif mnames.meeting_date[at] <= m.date:
        err(path + ["for_approval_at"], f"meeting {at!r} is not after this meeting")
    if m.status != "held":
        err(path[:-1] + ["status"], "draft minutes awaiting approval belong to a meeting with status held")


def _check_resolution_number(m: MeetingIn, r, path, mnames: MeetingNames, err) -> None:
    parsed = parse_number(r.number, mnames.resolution_format.get(m.body, ""), m.date.year)
    if parsed is None:
        return
    key = (m.body, *parsed)
    where = mnames.numbers_taken.get(key) or mnames.numbers_seen.get(key)
    if where:
        err(path + ["number"], f"resolution {r.number!r} is already used by {m.body!r} (meeting {where!r})")
    mnames.numbers_seen[key] = m.code


def check_work_programme(w: WorkProgrammeIn, path, names, mnames: MeetingNames, err) -> None:
    if w.body not in names.bodies:
        err(path + ["body"], f"unknown body {w.body!r}")
    if w.meeting:
        if w.meeting not in mnames.meetings:
            err(path + ["meeting"], f"unknown meeting {w.meeting!r}")
        elif mnames.meeting_body.get(w.meeting) != w.body:
            err(path + ["meeting"], f"meeting {w.meeting!r} is not a meeting of {w.body!r}")


def check_paper(x: PaperIn, path, mnames: MeetingNames, err) -> None:
    if x.meeting and x.meeting not in mnames.meetings:
        err(path + ["meeting"], f"unknown meeting {x.meeting!r}")
    if x.agenda_item:
        if not x.meeting:
            err(path + ["agenda_item"], "an agenda item needs the paper's meeting")
        elif x.meeting in mnames.agenda_numbers and x.agenda_item not in mnames.agenda_numbers[x.meeting]:
            err(path + ["agenda_item"], f"meeting {x.meeting!r} has no agenda item {x.agenda_item!r}")
    kinds = [s.kind for s in x.signoffs]
    for i, k in enumerate(kinds):
        if kinds.index(k) != i:
            err(path + ["signoffs", i, "kind"], f"a second {k} sign-off")
    for i, s in enumerate(x.signoffs):
        # Template text left in a pack is not a sign-off: refused unless the file says it is a placeholder.
        if s.initials and is_placeholder(s.initials) and not s.placeholder:
            err(path + ["signoffs", i, "initials"],
                f"{s.initials!r} is a placeholder, not initials: the {s.kind} sign-off is incomplete "
                "(write `placeholder: true` to record it as printed)")
        if s.placeholder and s.initials and not is_placeholder(s.initials):
            err(path + ["signoffs", i, "placeholder"], f"{s.initials!r} are real initials, not a placeholder")
