from django.urls import path

from . import downloads, views, views_decisions, views_exceptions, views_word_template
from .registry import KINDS

app_name = "outputs"

urlpatterns = [
    path("plans/<slug:code>/progress-report/", views.progress_report_page, name="progress_report"),
    path("plans/<slug:code>/progress-report.pdf", views.progress_report_pdf, name="progress_report_pdf"),
    path("plans/<slug:code>/action-plan/", views.action_plan_page, name="action_plan"),
    path("plans/<slug:code>/action-plan.pdf", views.action_plan_pdf, name="action_plan_pdf"),
    path("plans/<slug:code>/exceptions/", views_exceptions.exception_report_page, name="exception_report"),
    path("plans/<slug:code>/dashboard/", views_exceptions.dashboard_page, name="dashboard"),
    path("plans/<slug:code>/items/<id:pk>/retire/", views_decisions.retire_item, name="retire_item"),
    path("settings/word-template/", views_word_template.word_template, name="word_template"),
]
# Every other plan document and format in the registry, one named route each (outputs:<kind>_<fmt>,
# e.g. outputs:progress_report_xlsx), so a route list shows them all; the .pdf routes above keep their views.
urlpatterns += [
    path(f"plans/<slug:code>/{kind}.{fmt}", downloads.download, {"kind": kind, "fmt": fmt},
         name=downloads.route_name(kind, fmt))
    for kind, spec in KINDS.items() if spec.subject == "plan"
    for fmt in spec.formats if downloads.route_name(kind, fmt) not in ("progress_report_pdf", "action_plan_pdf")
]
