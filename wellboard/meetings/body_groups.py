"""The bodies list grouped by the organisation each body belongs to, each group as its tree.

A sub-group rarely records its organisation; it belongs where the body it reports to belongs, so
the organisation is looked for up the reporting line. Works on bodies already loaded (with
``parent`` and ``organisation``): no query per body.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BodyRow:
    body: object
    depth: int  # 0 for a body at the top of its group's tree


@dataclass
class BodyGroup:
    heading: str
    rows: list[BodyRow] = field(default_factory=list)


def _top(body, by_pk):
    seen = set()
    while body.parent_id and body.parent_id in by_pk and body.pk not in seen:
        seen.add(body.pk)
        body = by_pk[body.parent_id]
    return body


def _owner(body, by_pk):
    """The first organisation up the reporting line, else the body at its top."""
    seen = set()
    node = body
    while node is not None and node.pk not in seen:
        if node.organisation_id:
            return ("org", node.organisation_id), node.organisation.name
        seen.add(node.pk)
        node = by_pk.get(node.parent_id)
    top = _top(body, by_pk)
    return ("body", top.pk), top.name


def group_bodies(bodies) -> list[BodyGroup]:
    bodies = sorted(bodies, key=lambda b: b.name.lower())
    by_pk = {b.pk: b for b in bodies}
    children: dict[int | None, list] = {}
    for b in bodies:
        parent = b.parent_id if b.parent_id in by_pk else None
        children.setdefault(parent, []).append(b)
    groups: dict[tuple, BodyGroup] = {}

    def place(body, depth, key):
        groups[key].rows.append(BodyRow(body, depth))
        for child in children.get(body.pk, []):
            child_key, heading = _owner(child, by_pk)
            if child_key == key:
                place(child, depth + 1, key)
            else:  # a child with its own organisation heads that organisation's tree
                groups.setdefault(child_key, BodyGroup(heading))
                place(child, 0, child_key)

    for root in children.get(None, []):
        key, heading = _owner(root, by_pk)
        groups.setdefault(key, BodyGroup(heading))
        place(root, 0, key)
    placed = {row.body.pk for g in groups.values() for row in g.rows}
    for b in bodies:  # a reporting loop has no top: list its bodies rather than lose them
        if b.pk not in placed:
            key, heading = ("body", b.pk), b.name
            groups.setdefault(key, BodyGroup(heading)).rows.append(BodyRow(b, 0))
    return sorted(groups.values(), key=lambda g: g.heading.lower())
