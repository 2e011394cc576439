"""The `rag_scales` section: a board's own RAG key (core owns RAG scales)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from wellboard.core.models import RagRating, RagScale

from .schema import Strict
from .section import Anything, Section, dropped_keys
from .writing import upsert

NOT_RATED_LABELS = {"not rated", "not_rated", "no rating", "unrated"}


class RatingIn(Strict):
    code: str = Field(min_length=1, max_length=30)
    label: str = Field(min_length=1, max_length=60)
    letter: str = Field(default="", max_length=3)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    symbol: str = Field(min_length=1, max_length=4)
    criteria: str = ""
    source: Literal["board", "wellboard"] = "board"
    counts_as: Literal["red", "amber", "green"] | None = None


class RagScaleIn(Strict):
    code: str = Field(min_length=1, max_length=80, pattern=r"^[-a-z0-9_]+$")
    name: str = Field(min_length=1, max_length=200)
    ratings: list[RatingIn] = Field(min_length=1)


def names(names, parsed) -> None:
    """`names.scales`: scale code -> every spelling of its ratings a file may use (casefolded)."""
    names.scales = {s.code: set(s.lookup()) for s in RagScale.objects.prefetch_related("ratings")}
    for p in parsed:
        for s in p.data.rag_scales:
            names.scales[s.code] = {k.casefold() for r in s.ratings for k in (r.code, r.letter, r.label) if k}
    for p in parsed:
        for code in dropped_keys(p, "rag_scales"):
            names.scales[code] = Anything()


def check(s: RagScaleIn, path, names, err) -> None:
    codes = [r.code for r in s.ratings]
    for j, c in enumerate(codes):
        if codes.index(c) != j:
            err(path + ["ratings", j, "code"], f"rating code {c!r} is used twice")
    for j, r in enumerate(s.ratings):
        # An empty rating already is Wellboard's one "Not rated"; a second would show twice in every menu.
        if r.label.casefold() in NOT_RATED_LABELS or r.code.casefold() in NOT_RATED_LABELS:
            err(path + ["ratings", j, "label"], f"{r.label!r} duplicates Wellboard's own "
                "'Not rated' (no rating given): leave the rating out; an item without one shows as not rated")


def apply(files, counts) -> None:
    for data in files:
        for s in data.rag_scales:
            scale = upsert(RagScale, counts, {"code": s.code}, {"name": s.name}, source=s)
            for pos, r in enumerate(s.ratings):
                upsert(RagRating, counts, {"scale": scale, "code": r.code}, {
                    "label": r.label, "letter": r.letter, "colour": r.colour, "symbol": r.symbol,
                    "criteria": r.criteria, "position": pos, "source": r.source, "counts_as": r.counts_as or "",
                }, source=r)


SECTIONS = (
    Section("rag_scales", RagScaleIn, order=40, key=("RAG scale", "code"),
            markable=frozenset({RagScaleIn, RatingIn}), names=names, check=check, apply=apply),
)
