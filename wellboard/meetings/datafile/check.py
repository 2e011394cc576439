"""Reference checks for meetings, papers and the work programme in a data file."""

from __future__ import annotations

from wellboard.core.datafile.section import Anything, dropped_keys, partial_records
from wellboard.meetings.models import Meeting, Paper, Resolution
from wellboard.meetings.models.papers import is_placeholder
from wellboard.meetings.numbering import parse_number

from .schema import MeetingIn, PaperIn, WorkProgrammeIn


def meeting_names(names, parsed) -> None:
    """Meetings by code, with each one's agenda numbers, body and date; printed resolution numbers in use."""
    names.meetings = set(Meeting.objects.values_list("code", flat=True))
    names.agenda_numbers = {}
    names.meeting_body, names.meeting_date = {}, {}
    for m in Meeting.objects.select_related("body").prefetch_related("agenda_items"):
        names.agenda_numbers[m.code] = {a.number for a in m.agenda_items.all() if a.number}
        names.meeting_body[m.code], names.meeting_date[m.code] = m.body.code, m.date
    loading = {m.code for p in parsed for m in p.data.meetings}
    # Printed numbers already stored, outside the meetings being (re)loaded: (body, year, sequence) -> meeting
    names.numbers_taken = {
        (body, year, seq): code for body, year, seq, code in Resolution.objects.filter(
            sequence__isnull=False).values_list("body__code", "year", "sequence", "meeting__code")
        if code not in loading}
    names.numbers_seen = {}
    for p in parsed:
        for m in p.data.meetings:
            names.meetings.add(m.code)
            names.agenda_numbers[m.code] = {a.number for a in m.agenda if a.number}
            names.meeting_body[m.code], names.meeting_date[m.code] = m.body, m.date
    for p in parsed:
        for m in partial_records(p, "meetings"):  # a meeting's agenda is not in doubt when one of its lines was left out
            names.agenda_numbers[m.code] = Anything()


def paper_names(names, parsed) -> None:
    """`names.papers`: paper codes (a paper left out for its own problems still counts as defined)."""
    names.papers = set(Paper.objects.values_list("code", flat=True))
    for p in parsed:
        names.papers |= {x.code for x in p.data.papers} | dropped_keys(p, "papers")


def check_meeting(m: MeetingIn, path, names, err) -> None:
    if m.body not in names.bodies:
        err(path + ["body"], f"unknown body {m.body!r}")
    if m.start and m.end and m.end < m.start:
        err(path + ["end"], "the meeting ends before it starts")
    numbers = [a.number for a in m.agenda if a.number]
    for i, item in enumerate(m.agenda):
        if item.paper and item.paper not in names.papers:
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
            _check_resolution_number(m, r, here, names, err)
            labels = [c.label for c in r.clauses]
            for k, label in enumerate(labels):
                if labels.index(label) != k:
                    err(here + ["clauses", k, "label"], f"clause ({label}) is used twice in this resolution")
            for k, a in enumerate(r.actions):
                if a.owner and a.owner not in names.people:
                    err(path + ["minutes", "items", i, "resolutions", j, "actions", k, "owner"],
                        f"unknown person {a.owner!r}")
    if m.minutes and m.minutes.approved_at and m.minutes.approved_at not in names.meetings:
        err(path + ["minutes", "approved_at"], f"unknown meeting {m.minutes.approved_at!r}")
    if m.minutes and m.minutes.approved_at and m.status != "minutes_approved":
        err(path + ["status"], "minutes approved at a meeting need status minutes_approved")
    if m.minutes and m.minutes.for_approval_at:
        _check_for_approval(m, path + ["minutes"], names, err)


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


def _check_for_approval(m: MeetingIn, path, names, err) -> None:
    at = m.minutes.for_approval_at
    if m.minutes.approved_at:
        err(path + ["for_approval_at"], "minutes are either approved (`approved_at`) or awaiting approval "
                                        "(`for_approval_at`), not both")
    if at not in names.meetings:
        err(path + ["for_approval_at"], f"unknown meeting {at!r}")
        return
    if names.meeting_body.get(at) != m.body:
        err(path + ["for_approval_at"], f"meeting {at!r} is not a meeting of {m.body!r}")
    elif names.meeting_date[at] <= m.date:
        err(path + ["for_approval_at"], f"meeting {at!r} is not after this meeting")
    if m.status != "held":
        err(path[:-1] + ["status"], "draft minutes awaiting approval belong to a meeting with status held")


def _check_resolution_number(m: MeetingIn, r, path, names, err) -> None:
    parsed = parse_number(r.number, names.resolution_format.get(m.body, ""), m.date.year)
    if parsed is None:
        return
    key = (m.body, *parsed)
    where = names.numbers_taken.get(key) or names.numbers_seen.get(key)
    if where:
        err(path + ["number"], f"resolution {r.number!r} is already used by {m.body!r} (meeting {where!r})")
    names.numbers_seen[key] = m.code


def check_work_programme(w: WorkProgrammeIn, path, names, err) -> None:
    if w.body not in names.bodies:
        err(path + ["body"], f"unknown body {w.body!r}")
    if w.meeting:
        if w.meeting not in names.meetings:
            err(path + ["meeting"], f"unknown meeting {w.meeting!r}")
        elif names.meeting_body.get(w.meeting) != w.body:
            err(path + ["meeting"], f"meeting {w.meeting!r} is not a meeting of {w.body!r}")


def check_paper(x: PaperIn, path, names, err) -> None:
    if x.meeting and x.meeting not in names.meetings:
        err(path + ["meeting"], f"unknown meeting {x.meeting!r}")
    if x.agenda_item:
        if not x.meeting:
            err(path + ["agenda_item"], "an agenda item needs the paper's meeting")
        elif x.meeting in names.agenda_numbers and x.agenda_item not in names.agenda_numbers[x.meeting]:
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
