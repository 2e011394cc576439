"""Read a whole plan tree in a fixed number of queries, whatever its size.

Pages, the API and exports all read plans through `load_tree`, so privacy (only approved
updates for the public) and query counts are decided once, here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import ItemLead, MeasureYear, PlanItem, ProgressUpdate, Strategy


@dataclass
class Node:
    item: PlanItem
    children: list[Node] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)

    @property
    def latest(self) -> ProgressUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def latest_rag(self):
        """The RAG of the latest update that carries one."""
        for update in reversed(self.updates):
            if update.rag_id:
                return update.rag
        return None

    # Filled by load_tree: the worst of the latest-year RAGs of the success measures (and milestones)
    # at and below this node, and how many of them carry one out of how many carry years at all.
    measure_rag: object | None = None
    measures_rated: int = 0
    measures_total: int = 0

    @property
    def rag(self):
        """The item's RAG as every summary counts it: the officer's, else its success measures' roll-up."""
        return self.latest_rag or self.measure_rag

    @property
    def rag_from_measures(self) -> bool:
        return self.latest_rag is None and self.measure_rag is not None

    def update_for(self, period_key: str) -> ProgressUpdate | None:
        return next((u for u in self.updates if u.period.key == period_key), None)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def leads_text(self) -> str:
        item = self.item
        if item.lead_text:
            return item.lead_text
        return "; ".join(str(lead) for lead in item.leads.all())


@dataclass
class Tree:
    strategy: Strategy
    roots: list[Node]
    by_id: dict[int, Node]

    def walk(self):
        for root in self.roots:
            yield from root.walk()

    @property
    def rated(self) -> bool:
        """Whether the plan uses a RAG scale at all: without one there are no RAG columns, keys or counts."""
        return self.strategy.rag_scale_id is not None

    def rag_counts(self, node: Node | None = None) -> list[tuple[object, int]]:
        """How many reportable, unretired items below ``node`` (or in the plan) sit at each RAG (``Node.rag``)."""
        if not self.rated:
            return []
        nodes = node.walk() if node else self.walk()
        counts = Counter()
        for n in nodes:
            if n.item.reportable and not n.item.retired:
                counts[n.rag.pk if n.rag else None] += 1
        ratings = list(self.strategy.rag_scale.ratings.all())
        result = [(r, counts[r.pk]) for r in ratings if counts[r.pk]]
        if counts[None]:
            result.append((None, counts[None]))
        return result


def load_tree(strategy: Strategy, user) -> Tree:
    updates = ProgressUpdate.objects.visible_to(user).select_related("rag", "period", "author").order_by(
        "period__position", "pk"
    )
    items = (
        PlanItem.objects.filter(strategy=strategy)
        .order_by("sort_key")
        .prefetch_related(
            Prefetch("leads", queryset=ItemLead.objects.select_related("person", "organisation")),
            Prefetch("years", queryset=MeasureYear.objects.select_related("rag")),
            Prefetch("updates", queryset=updates, to_attr="visible_updates"),
            # Decisions that retired an item live in meetings (above plans): named, not imported.
            "retiring_resolutions__meeting__body",
        )
    )
    by_id: dict[int, Node] = {}
    roots: list[Node] = []
    for item in items:
        item.strategy = strategy  # every item shares the strategy already loaded
        node = Node(item, updates=item.visible_updates)
        by_id[item.pk] = node
        parent = by_id.get(item.parent_id)
        (parent.children if parent else roots).append(node)
    for root in roots:
        _roll_up_measures(root, strategy.year_columns or [])
    return Tree(strategy, roots, by_id)


def _latest_year_rag(item, columns: list[str]):
    """The rating of the item's latest rated year (the plan's year columns give the order)."""
    order = {year: n for n, year in enumerate(columns)}
    rated = [y for y in item.years.all() if y.rag_id]
    if not rated:
        return None
    return max(rated, key=lambda y: (order.get(y.year, len(order)), y.year)).rag


def _roll_up_measures(node: Node, columns: list[str]) -> None:
    """Worst (lowest position: scales run worst first) of the latest-year RAGs at and below ``node``.

    Worst, not most common: one measure at red makes the item red, so a summary never reads better than
    the plan's own ratings. Only the latest rated year counts: earlier years are history, not status.
    Retired items below are left out, as they are from every other count."""
    found = []
    if node.item.years.all():
        node.measures_total = 1
        own = _latest_year_rag(node.item, columns)
        if own is not None:
            found.append(own)
            node.measures_rated = 1
    for child in node.children:
        _roll_up_measures(child, columns)
        if child.item.retired:
            continue
        node.measures_total += child.measures_total
        node.measures_rated += child.measures_rated
        if child.measure_rag is not None:
            found.append(child.measure_rag)
    node.measure_rag = min(found, key=lambda r: r.position) if found else None


def strategy_for_page(code: str, user) -> Strategy:
    qs = Strategy.objects.visible_to(user).select_related("body", "rag_scale").prefetch_related(
        "rag_scale__ratings", "reporting_periods"
    )
    return get_object_or_404(qs, code=code)
