"""Reference checks for bodies' membership, meetings and papers in a data file."""

from __future__ import annotations

from wellboard.meetings.models import Meeting, Paper

from .schema import BodyIn, MeetingIn, PaperIn


class MeetingNames:
    def __init__(self, parsed):
        self.meetings = set(Meeting.objects.values_list("code", flat=True))
        self.papers = set(Paper.objects.values_list("code", flat=True))
        self.agenda_numbers: dict[str, set[str]] = {}
        for m in Meeting.objects.prefetch_related("agenda_items"):
            self.agenda_numbers[m.code] = {a.number for a in m.agenda_items.all() if a.number}
        for p in parsed:
            for m in p.data.meetings:
                self.meetings.add(m.code)
                self.agenda_numbers[m.code] = {a.number for a in m.agenda if a.number}
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
            for k, a in enumerate(r.actions):
                if a.owner and a.owner not in names.people:
                    err(path + ["minutes", "items", i, "resolutions", j, "actions", k, "owner"],
                        f"unknown person {a.owner!r}")
    if m.minutes and m.minutes.approved_at and m.minutes.approved_at not in mnames.meetings:
        err(path + ["minutes", "approved_at"], f"unknown meeting {m.minutes.approved_at!r}")
    if m.minutes and m.minutes.approved_at and m.status != "minutes_approved":
        err(path + ["status"], "minutes approved at a meeting need status minutes_approved")


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
