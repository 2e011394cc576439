from django.shortcuts import render
from django.utils.text import slugify

from wellboard.core import permissions
from wellboard.indicators.queries import series_for_strategy
from wellboard.plans.tree import load_tree, strategy_for_page

from . import action_plan, headline_metrics, progress_report
from .pdf import pdf_response


def _progress_context(request, code):
    strategy = strategy_for_page(code, request.user)
    tree = load_tree(strategy, request.user)
    period = progress_report.choose_period(strategy, request.GET.get("period"), tree)
    return {
        "strategy": strategy,
        "period": period,
        "periods": strategy.reporting_periods.all(),
        "sections": progress_report.build(tree, period),
        "ratings": strategy.rag_scale.ratings.all() if strategy.rag_scale else [],
    }


def progress_report_page(request, code):
    return render(request, "outputs/progress_report.html", _progress_context(request, code))


def progress_report_pdf(request, code):
    context = _progress_context(request, code)
    name = slugify(f"{context['strategy'].title} progress report") + ".pdf"
    return pdf_response(request, "outputs/progress_report_document.html", context, name)


def _action_plan_context(request, code):
    strategy = strategy_for_page(code, request.user)
    tree = load_tree(strategy, request.user)
    return {
        "strategy": strategy,
        "themes": action_plan.build(tree),
        "metrics": headline_metrics.build(strategy, series_for_strategy(strategy, request.user)),
        "periods": strategy.reporting_periods.all(),
        "versions": strategy.versions.prefetch_related("distribution", "approving_resolutions__meeting"),
        # Distribution lists carry people's email addresses: readers of the plan only.
        "show_distribution": permissions.can(request.user, "view_private", strategy),
        "ratings": strategy.rag_scale.ratings.all() if strategy.rag_scale else [],
    }


def action_plan_page(request, code):
    return render(request, "outputs/action_plan.html", _action_plan_context(request, code))


def action_plan_pdf(request, code):
    context = _action_plan_context(request, code)
    return pdf_response(request, "outputs/action_plan_document.html", context, slugify(context["strategy"].title) + ".pdf")
