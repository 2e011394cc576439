"""The check for link fields of a data file (the rules are in wellboard.core.links)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from wellboard.core.links import link_problem


def _check_link(value: str) -> str:
    problem = link_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Link = Annotated[str, AfterValidator(_check_link)]
