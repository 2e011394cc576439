"""The `organisations` and `people` sections of a `wellboard/1` data file (core/datafile/section.py)."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from wellboard.core.datafile.schema import Strict
from wellboard.core.datafile.section import Section, dropped_keys
from wellboard.core.datafile.writing import upsert
from wellboard.directory.models import Organisation, Person


class OrganisationIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)


class PersonIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=40)
    job_title: str = Field(default="", max_length=300)
    organisation: str | None = None
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)

    @field_validator("email")
    @classmethod
    def _email(cls, v):
        if v and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
            raise ValueError("is not an email address")
        return v


def organisation_names(names, parsed) -> None:
    """`names.orgs`: organisation codes."""
    names.orgs = set(Organisation.objects.values_list("code", flat=True))
    for p in parsed:
        names.orgs |= {o.code for o in p.data.organisations} | dropped_keys(p, "organisations")


def people_names(names, parsed) -> None:
    """`names.people`: people's names (a person's natural key)."""
    names.people = set(Person.objects.values_list("name", flat=True))
    for p in parsed:
        names.people |= {x.name for x in p.data.people} | dropped_keys(p, "people", "name")


def check_person(x: PersonIn, path, names, err) -> None:
    if x.organisation and x.organisation not in names.orgs:
        err(path + ["organisation"], f"unknown organisation {x.organisation!r}")


def apply_organisations(files, counts) -> None:
    for data in files:
        for o in data.organisations:
            upsert(Organisation, counts, {"code": o.code}, {"name": o.name}, source=o)


def apply_people(files, counts) -> None:
    for data in files:
        for x in data.people:
            org = Organisation.objects.get(code=x.organisation) if x.organisation else None
            upsert(Person, counts, {"name": x.name}, {
                "title": x.title, "job_title": x.job_title, "organisation": org, "email": x.email, "phone": x.phone,
            }, source=x)


SECTIONS = (
    Section("organisations", OrganisationIn, order=10, key=("organisation", "code"),
            markable=frozenset({OrganisationIn}), names=organisation_names, apply=apply_organisations),
    Section("people", PersonIn, order=20, after=("organisations",), key=("person", "name"),
            markable=frozenset({PersonIn}), names=people_names, check=check_person, apply=apply_people),
)
