"""The `bodies` section of a `wellboard/1` data file: boards, their constitution and seats (core/datafile/section.py)."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field

from wellboard.core.audit import audited_update
from wellboard.core.datafile.numbers_check import column
from wellboard.core.datafile.schema import Strict
from wellboard.core.datafile.section import Section, dropped_keys
from wellboard.core.datafile.writing import upsert
from wellboard.directory.models import Organisation, Person
from wellboard.governance.models import Body, BodyConstitution, Seat, SeatHolding, StandingItem


class HolderIn(Strict):
    person: str = Field(min_length=1)
    from_: datetime.date | None = Field(default=None, alias="from")
    to: datetime.date | None = None
    substitutes: list[str] = []


class SeatIn(Strict):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    representing: str = Field(min_length=1, max_length=300)
    organisation: str | None = None
    kind: Literal["member", "invitee"] = "member"
    role: Literal["", "chair", "vice_chair"] = ""
    holders: list[HolderIn] = []


class StandingItemIn(Strict):
    title: str = Field(min_length=1, max_length=300)
    presenter: str = Field(default="", max_length=200)


class BodyIn(Strict):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["board", "committee", "sub_committee", "group", "partnership"] = "board"
    parent: str | None = None
    organisation: str | None = None
    also_reports_to: list[str] = []
    description: str = ""
    terms_of_reference: str = ""
    quorum: column(BodyConstitution, "quorum", ge=1) | None = None
    resolution_format: str = Field(default="", max_length=60)
    standing_items: list[StandingItemIn] = []
    seats: list[SeatIn] = []


def names(names, parsed) -> None:
    """`names.bodies`: body codes; `names.resolution_format`: body code -> how it numbers resolutions."""
    names.bodies = set(Body.objects.values_list("code", flat=True))
    names.resolution_format = dict(BodyConstitution.objects.values_list("body__code", "resolution_format"))
    for p in parsed:
        names.bodies |= {b.code for b in p.data.bodies} | dropped_keys(p, "bodies")
        for b in p.data.bodies:
            names.resolution_format[b.code] = b.resolution_format


def check(b: BodyIn, path, names, err) -> None:
    if b.parent and b.parent not in names.bodies:
        err(path + ["parent"], f"unknown body {b.parent!r}")
    if b.organisation and b.organisation not in names.orgs:
        err(path + ["organisation"], f"unknown organisation {b.organisation!r}")
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


def apply(files, counts) -> None:
    bodies = [b for data in files for b in data.bodies]
    # Parents may be defined later in the list, so create bodies first and link after.
    for b in bodies:
        org = Organisation.objects.get(code=b.organisation) if b.organisation else None
        upsert(Body, counts, {"code": b.code}, {"name": b.name, "kind": b.kind, "organisation": org}, source=b)
    for b in bodies:
        if b.parent:
            parent = Body.objects.get(code=b.parent)
            audited_update(Body.objects.filter(code=b.code).exclude(parent=parent), parent=parent)
    for b in bodies:
        _apply_constitution(b, counts)


def _apply_constitution(b: BodyIn, counts) -> None:
    body = Body.objects.get(code=b.code)
    constitution = upsert(BodyConstitution, counts, {"body": body}, {
        "description": b.description, "terms_of_reference": b.terms_of_reference, "quorum": b.quorum,
        "resolution_format": b.resolution_format,
    })
    constitution.also_reports_to.set(Body.objects.filter(code__in=b.also_reports_to))
    for i, s in enumerate(b.standing_items):
        upsert(StandingItem, counts, {"body": body, "position": i}, {"title": s.title, "presenter": s.presenter},
               source=s)
    for i, s in enumerate(b.seats):
        org = Organisation.objects.get(code=s.organisation) if s.organisation else None
        seat = upsert(Seat, counts, {"body": body, "code": s.code}, {
            "representing": s.representing, "organisation": org, "kind": s.kind, "role": s.role, "position": i,
        }, source=s)
        # A seat's history in the file is the whole history: it replaces what was stored.
        seat.holdings.all().delete()
        for h in s.holders:
            holding = SeatHolding.objects.create(seat=seat, person=Person.objects.get(name=h.person),
                                                 start=h.from_, end=h.to)
            holding.substitutes.set(Person.objects.filter(name__in=h.substitutes))


SECTIONS = (
    Section("bodies", BodyIn, order=30, after=("organisations", "people"), key=("body", "code"),
            markable=frozenset({BodyIn, StandingItemIn, SeatIn}), names=names, check=check, apply=apply),
)
