from django.urls import path

from . import views, views_decisions

app_name = "outputs"

urlpatterns = [
    path("plans/<slug:code>/progress-report/", views.progress_report_page, name="progress_report"),
    path("plans/<slug:code>/progress-report.pdf", views.progress_report_pdf, name="progress_report_pdf"),
    path("plans/<slug:code>/action-plan/", views.action_plan_page, name="action_plan"),
    path("plans/<slug:code>/action-plan.pdf", views.action_plan_pdf, name="action_plan_pdf"),
    path("plans/<slug:code>/items/<id:pk>/retire/", views_decisions.retire_item, name="retire_item"),
]
