"""The base of every record of a `wellboard/1` data file, whichever app's section it sits in."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

NonEmpty = Field(min_length=1)


class Strict(BaseModel):
    # extra="forbid" turns a misspelt field into an error instead of silently dropped data.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=False,
                              populate_by_name=True)

    # Marks on a record (docs/data-format.md, "Reconstructed and inferred values"): field name -> reason.
    # Which records may carry them is each section's `markable`; field names are checked in marks.py.
    reconstructed: dict[str, Annotated[str, Field(min_length=1)]] = {}
    inferred: dict[str, Annotated[str, Field(min_length=1)]] = {}
