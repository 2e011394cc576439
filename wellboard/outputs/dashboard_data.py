"""The dashboard's numbers for one plan and period: RAG counts per priority, movement since the previous
period, and the indicator scorecard with sparklines. Read through load_tree and series_for_strategy,
as the pages do, so each reader's counts come from what they may see; the query count is fixed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from wellboard.indicators.chart import Chart, line_chart
from wellboard.indicators.queries import series_for_strategy
from wellboard.indicators.series import Series
from wellboard.plans.models import ReportingPeriod, Strategy
from wellboard.plans.tree import Node, load_tree

from .exceptions import movement, period_rating, previous_period
from .progress_report import choose_period

MOVES = ("better", "worse", "same")


@dataclass
class PriorityCounts:
    node: Node
    ratings: Counter = field(default_factory=Counter)  # RagRating pk (None: not rated) -> count
    moves: Counter = field(default_factory=Counter)  # "better" / "worse" / "same" / None (not compared)

    @property
    def title(self) -> str:
        item = self.node.item
        return f"{item.number} {item.title}".strip()


@dataclass
class ScoreRow:
    series: Series
    sparkline: Chart | None


@dataclass
class Dashboard:
    strategy: Strategy
    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    ratings: list  # the plan's scale, worst first
    priorities: list[PriorityCounts]
    scorecard: list[ScoreRow]

    def total(self, key) -> int:
        return sum(p.ratings[key] for p in self.priorities)

    def moved(self, key) -> int:
        return sum(p.moves[key] for p in self.priorities)


def sparkline(series: Series) -> Chart | None:
    """As the scorecard page draws it (indicators.views)."""
    values = [v for _, v in series.numeric]
    if not values:
        return None
    ind = series.indicator
    return line_chart([label for label, _ in series.numeric], values, None, None, decimals=ind.decimals,
                      width=120, height=32, sparkline=True, unit="%" if ind.unit == ind.Unit.PERCENTAGE else "")


def gather(strategy: Strategy, user, period_key: str | None = None) -> Dashboard:
    tree = load_tree(strategy, user)
    period = choose_period(strategy, period_key, tree)
    previous = previous_period(strategy, period)
    priorities = []
    for root in tree.roots:
        counts = PriorityCounts(root)
        for node in root.walk():
            if not node.item.reportable or node.item.retired:
                continue
            if tree.rated:
                rating = period_rating(node, period)
                counts.ratings[rating.pk if rating else None] += 1
            counts.moves[movement(node, period, previous)] += 1
        priorities.append(counts)
    ratings = list(strategy.rag_scale.ratings.all()) if tree.rated else []
    scorecard = [ScoreRow(s, sparkline(s)) for s in series_for_strategy(strategy, user)]
    return Dashboard(strategy, period, previous, ratings, priorities, scorecard)
