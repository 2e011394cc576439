from django.shortcuts import render
from django.utils.text import slugify

from wellboard.plans.tree import strategy_for_page

from . import downloads, page_data
from .pdf import pdf_response


def _progress_context(request, code):
    strategy = strategy_for_page(code, request.user)
    context = page_data.progress_context_for(strategy, request.user, {"period": request.GET.get("period")})
    return {**context, "downloads": downloads.menu("progress-report", strategy, context, request.user)}


def progress_report_page(request, code):
    return render(request, "outputs/progress_report.html", _progress_context(request, code))


def progress_report_pdf(request, code):
    context = _progress_context(request, code)
    name = slugify(f"{context['strategy'].title} progress report") + ".pdf"
    return pdf_response(request, "outputs/progress_report_document.html", context, name)


def _action_plan_context(request, code):
    strategy = strategy_for_page(code, request.user)
    context = page_data.action_plan_context_for(strategy, request.user)
    return {**context, "downloads": downloads.menu("action-plan", strategy, context, request.user)}


def action_plan_page(request, code):
    return render(request, "outputs/action_plan.html", _action_plan_context(request, code))


def action_plan_pdf(request, code):
    context = _action_plan_context(request, code)
    return pdf_response(request, "outputs/action_plan_document.html", context, slugify(context["strategy"].title) + ".pdf")
