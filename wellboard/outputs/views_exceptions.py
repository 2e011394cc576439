"""The exception report and dashboard pages: each draws its Document (the same one every download
is rendered from) inside the site's page, with a period chooser and the download links."""

from django.http import Http404
from django.shortcuts import render

from wellboard.plans.tree import strategy_for_page

from . import dashboard_data, document_blocks, downloads, exceptions
from .documents import dashboard, exception_report


def _period_key(request, strategy):
    """An unknown period is a 404 naming it, not a report quietly shown for no period."""
    key = request.GET.get("period") or None
    if key and not any(p.key == key for p in strategy.reporting_periods.all()):
        raise Http404(f"This plan has no reporting period {key!r}.")
    return key


def _page(request, template, strategy, document, period, kind):
    context = document_blocks.context(document, strategy)
    context.update({"period": period, "periods": strategy.reporting_periods.all()})
    # The registry's menu, as on the progress report: every format, CSV one link per table of this document.
    context["downloads"] = downloads.menu(kind, strategy, context, request.user)
    return render(request, template, context)


def exception_report_page(request, code):
    strategy = strategy_for_page(code, request.user)
    report = exceptions.gather(strategy, request.user, _period_key(request, strategy))
    document = exception_report.from_report(report, request.user)
    return _page(request, "outputs/exception_report.html", strategy, document, report.period, "exception-report")


def dashboard_page(request, code):
    strategy = strategy_for_page(code, request.user)
    data = dashboard_data.gather(strategy, request.user, _period_key(request, strategy))
    document = dashboard.from_dashboard(data, request.user)
    return _page(request, "outputs/dashboard.html", strategy, document, data.period, "dashboard")

