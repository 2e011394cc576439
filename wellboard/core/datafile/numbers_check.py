"""Number fields of a data file, bounded by the database column each one is stored in.

``column(Model, "field")`` reads the Django field and returns the pydantic type that accepts
exactly what that column holds on SQLite and PostgreSQL alike: integer ranges from Django's
own table of ranges, decimals by max_digits/decimal_places, floats finite and below 1e15.
A number out of range is then a message naming the field, never an OverflowError or a
database error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from pydantic import Field

# The same bound `wellboard assess` uses: beyond it, float arithmetic on the values loses units.
MAX_FLOAT_MAGNITUDE = 1e15


def column(model: type[models.Model], name: str, *, ge: int | None = None, gt: int | None = None):
    field = model._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return Annotated[Decimal, Field(max_digits=field.max_digits, decimal_places=field.decimal_places,
                                        allow_inf_nan=False)]
    if isinstance(field, models.FloatField):
        return Annotated[float, Field(allow_inf_nan=False, ge=-MAX_FLOAT_MAGNITUDE, le=MAX_FLOAT_MAGNITUDE)]
    if isinstance(field, models.IntegerField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        if ge is not None:
            low = max(low, ge)
        if gt is not None:
            low = max(low, gt + 1)
        return Annotated[int, Field(ge=low, le=high, strict=False)]
    raise TypeError(f"{model.__name__}.{name} is not a number column")
