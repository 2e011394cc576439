"""Who sat on a body on a given day, read from dated seat holdings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Body, Seat, SeatHolding


@dataclass
class SeatOnDay:
    seat: Seat
    holding: SeatHolding | None  # None: vacant that day

    @property
    def vacant(self) -> bool:
        return self.holding is None


def membership_on(body: Body, day: dt.date | None = None) -> list[SeatOnDay]:
    day = day or dt.date.today()
    seats = body.seats.prefetch_related(
        Prefetch("holdings", queryset=SeatHolding.objects.select_related("person").prefetch_related("substitutes"))
    ).select_related("organisation")
    result = []
    for seat in seats:
        current = [h for h in seat.holdings.all() if h.covers(day)]
        result.append(SeatOnDay(seat, current[-1] if current else None))
    return result


def memberships_now(bodies, day: dt.date | None = None) -> dict[int, list[SeatOnDay]]:
    """Membership of many bodies in a fixed number of queries (for lists and the API)."""
    day = day or dt.date.today()
    seats = Seat.objects.filter(body__in=bodies).select_related("organisation").prefetch_related(
        Prefetch("holdings", queryset=SeatHolding.objects.select_related("person").prefetch_related("substitutes"))
    ).order_by("body", "kind", "position")
    result: dict[int, list[SeatOnDay]] = {b.pk: [] for b in bodies}
    for seat in seats:
        current = [h for h in seat.holdings.all() if h.covers(day)]
        result[seat.body_id].append(SeatOnDay(seat, current[-1] if current else None))
    return result
