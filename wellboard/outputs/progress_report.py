"""A plan's progress tables (seed 001's paper calls its own "Appendix 1 Progress tables"; the heading
is the plan's `report_heading`): per priority, headline outcomes, secondary outcomes and key actions,
each with its RAG and progress text for one reporting period."""

from __future__ import annotations

from dataclasses import dataclass, field

from wellboard.plans.models import ReportingPeriod
from wellboard.plans.tree import Node, Tree

GROUPS = [("headline", "Headline Outcome"), ("secondary", "Secondary Outcomes"), ("action", "Key Actions")]


@dataclass
class Row:
    node: Node
    update: object | None

    @property
    def item(self):
        return self.node.item

    @property
    def rating(self):
        """The period's officer RAG; without one, the roll-up of the item's success measures (as on the plan page)."""
        if self.update and self.update.rag_id:
            return self.update.rag
        return self.node.measure_rag

    @property
    def rating_from_measures(self) -> bool:
        return self.rating is not None and not (self.update and self.update.rag_id)


@dataclass
class Section:
    node: Node
    groups: list[tuple[str, list[Row]]] = field(default_factory=list)
    rag_counts: list[tuple[object, int]] = field(default_factory=list)
    retired_count: int = 0


def _group_key(node: Node) -> str | None:
    item = node.item
    if item.kind == "outcome":
        return "headline" if item.outcome_type == "headline" else "secondary"
    if item.kind == "action":
        return "action"
    return None


def build(tree: Tree, period: ReportingPeriod | None) -> list[Section]:
    sections = []
    for root in tree.roots:
        rows: dict[str, list[Row]] = {key: [] for key, _ in GROUPS}
        for node in root.walk():
            key = _group_key(node)
            if key:
                update = node.update_for(period.key) if period else node.latest
                rows[key].append(Row(node, update))
        section = Section(root, [(label, rows[key]) for key, label in GROUPS if rows[key]])
        counts: dict = {}
        for _, group in section.groups:
            for row in group:
                if row.item.retired:
                    section.retired_count += 1
                    continue
                counts[row.rating] = counts.get(row.rating, 0) + 1
        if tree.rated:
            ordered = [r for r in tree.strategy.rag_scale.ratings.all() if r in counts]
            section.rag_counts = [(r, counts[r]) for r in ordered] + ([(None, counts[None])] if None in counts else [])
        sections.append(section)
    return sections


def choose_period(strategy, key: str | None, tree: Tree | None = None) -> ReportingPeriod | None:
    """The period asked for, else the newest one this reader has updates for: a cycle that is still
    open must not blank the published report while its updates are unapproved."""
    periods = list(strategy.reporting_periods.all())
    if key:
        return next((p for p in periods if p.key == key), None)
    if tree is not None:
        seen = {u.period_id for node in tree.walk() for u in node.updates}
        with_updates = [p for p in periods if p.pk in seen]
        if with_updates:
            return with_updates[-1]
    return periods[-1] if periods else None
