"""What the progress report and action plan show one reader: the pages, their PDFs and the
format-neutral documents all start here, so each shows the same records to the same user."""

from wellboard.core import permissions
from wellboard.indicators.queries import series_for_strategy
from wellboard.plans.tree import load_tree

from . import action_plan, headline_metrics, progress_report


def progress_context_for(strategy, user, options: dict | None = None) -> dict:
    tree = load_tree(strategy, user)
    period = progress_report.choose_period(strategy, (options or {}).get("period"), tree)
    return {
        "strategy": strategy,
        "period": period,
        "periods": strategy.reporting_periods.all(),
        "sections": progress_report.build(tree, period),
        "ratings": strategy.rag_scale.ratings.all() if strategy.rag_scale else [],
    }


def action_plan_context_for(strategy, user, options: dict | None = None) -> dict:
    tree = load_tree(strategy, user)
    return {
        "strategy": strategy,
        "themes": action_plan.build(tree),
        "metrics": headline_metrics.build(strategy, series_for_strategy(strategy, user)),
        "periods": strategy.reporting_periods.all(),
        "versions": strategy.versions.prefetch_related("distribution", "approving_resolutions__meeting"),
        # Distribution lists carry people's email addresses: readers of the plan only.
        "show_distribution": permissions.can(user, "view_private", strategy),
        "ratings": strategy.rag_scale.ratings.all() if strategy.rag_scale else [],
    }
