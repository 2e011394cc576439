from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from wellboard.plans.tree import strategy_for_page

from . import document_cache, downloads, page_data, registry
from .pdf import pdf_response


def _progress_context(request, code):
    strategy = strategy_for_page(code, request.user)
    context = page_data.progress_context_for(strategy, request.user, {"period": request.GET.get("period")})
    return {**context, "downloads": downloads.menu("progress-report", strategy, context, request.user)}


def progress_report_page(request, code):
    return render(request, "outputs/progress_report.html", _progress_context(request, code))


def _cached_pdf(request, code, kind, build):
    """The PDF from the document cache for a public reader, else ``build()`` -> (bytes, filename).
    The site's address is part of the key: WeasyPrint resolves the document's links against it."""
    strategy = strategy_for_page(code, request.user)  # 404 before anything is looked up
    period = request.GET.get("period")
    options = {"period": period, "include": request.GET.getlist("include"), "site": request.build_absolute_uri("/")}

    def produce():
        registry.BUILDS[kind, "pdf"] += 1
        content, filename = build()
        return registry.Produced(content, "application/pdf", filename)

    if document_cache.known_period(strategy, period):
        produced = document_cache.get_or_build(kind, code, "pdf", request.user, options, produce)
    else:
        produced = produce()
    response = HttpResponse(produced.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{produced.filename}"'
    return response


def progress_report_pdf(request, code):
    def build():
        context = _progress_context(request, code)
        name = slugify(f"{context['strategy'].title} progress report") + ".pdf"
        return pdf_response(request, "outputs/progress_report_document.html", context, name).content, name

    return _cached_pdf(request, code, "progress-report", build)


def _action_plan_context(request, code):
    strategy = strategy_for_page(code, request.user)
    context = page_data.action_plan_context_for(strategy, request.user)
    return {**context, "downloads": downloads.menu("action-plan", strategy, context, request.user)}


def action_plan_page(request, code):
    return render(request, "outputs/action_plan.html", _action_plan_context(request, code))


def action_plan_pdf(request, code):
    def build():
        context = _action_plan_context(request, code)
        name = slugify(context["strategy"].title) + ".pdf"
        return pdf_response(request, "outputs/action_plan_document.html", context, name).content, name

    return _cached_pdf(request, code, "action-plan", build)
