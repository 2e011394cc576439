"""Types for the API's path and query parameters.

A code is a slug (as the data format requires), so a parameter holding NUL, other control
characters or anything else is answered 422 by the framework before any query runs:
PostgreSQL cannot even be asked about a string with NUL in it.
"""

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, WithJsonSchema

Code = Annotated[str, Field(max_length=100, pattern=r"^[-a-zA-Z0-9_.]+$")]


class NotFoundOut(Schema):
    detail: str


# A meeting's time of day is local and has no offset, so it is not an RFC 3339 "time"
# (which requires one); the schema says what the API really sends: "09:30:00".
LocalTime = Annotated[datetime.time, WithJsonSchema(
    {"type": "string", "pattern": r"^[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
     "description": "Local time of day, HH:MM:SS (UK time, no offset)"})]
