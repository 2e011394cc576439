"""Why a plan item left reporting, as this user may read it.

A resolution that retires an item is linked to it (``retiring_resolutions``), never copied into
it: the resolution may be Part B or its minutes unapproved. Its text is shown only to those the
permission module lets view that resolution; others see who decided and when, if that meeting is
public, or only that the item was retired. A reason loaded from a published paper (seed data with
no resolution) is public and shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.core.permissions import can


@dataclass(frozen=True)
class Retirement:
    text: str
    url: str = ""  # the meeting's page, when the user may open it


def retirement(item, user) -> Retirement | None:
    if not item.retired:
        return None
    resolutions = list(item.retiring_resolutions.all())  # prefetched with meeting__body by load_tree
    for r in resolutions:
        if can(user, "view", r):
            m = r.meeting
            return Retirement(f"Agreed by the {m.body.name} at the meeting on {m.date:%-d %B %Y}: {r.text}",
                              m.get_absolute_url())
    if resolutions:
        m = resolutions[0].meeting
        if m.is_public():
            return Retirement(f"Retired by decision of {m.body.name}, {m.date:%-d %B %Y}.", m.get_absolute_url())
        return Retirement("Retired from reporting.")
    return Retirement(item.retired_reason)
