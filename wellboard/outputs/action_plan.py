"""Seed 000's action-plan table: per theme, each action with its milestones and success measures,
the per-year tick and RAG columns, the lead, and one column per reporting period."""

from __future__ import annotations

from dataclasses import dataclass, field

from wellboard.plans.tree import Node, Tree


@dataclass
class Line:
    """One table row: a success measure (or a milestone or action with none)."""

    milestone: Node | None = None
    milestone_rowspan: int = 0  # 0: the milestone cell was opened by an earlier row
    measure: Node | None = None
    years: dict = field(default_factory=dict)


@dataclass
class ActionBlock:
    action: Node
    lines: list[Line]
    updates: list  # one per reporting period, None where there is none


@dataclass
class ThemeBlock:
    theme: Node
    actions: list[ActionBlock]
    nested_themes: list = field(default_factory=list)


def _years(node: Node) -> dict:
    return {y.year: y for y in node.item.years.all()}


def _lines(action: Node) -> list[Line]:
    lines: list[Line] = []
    for child in action.children:
        if child.item.kind == "milestone":
            measures = [c for c in child.children if c.item.kind == "success_measure"]
            if not measures:
                lines.append(Line(milestone=child, milestone_rowspan=1, years=_years(child)))
            for i, m in enumerate(measures):
                lines.append(Line(milestone=child if i == 0 else None,
                                  milestone_rowspan=len(measures) if i == 0 else 0,
                                  measure=m, years=_years(m)))
        elif child.item.kind == "success_measure":
            lines.append(Line(measure=child, years=_years(child), milestone_rowspan=1))
    return lines or [Line(milestone_rowspan=1)]


def build(tree: Tree) -> list[ThemeBlock]:
    periods = list(tree.strategy.reporting_periods.all())

    def block(theme: Node) -> ThemeBlock:
        actions = []
        for node in theme.walk():
            if node.item.kind == "action":
                actions.append(ActionBlock(node, _lines(node), [node.update_for(p.key) for p in periods]))
        return ThemeBlock(theme, actions)

    return [block(root) for root in tree.roots]
