from django.urls import path

from . import views_audit

app_name = "core"

urlpatterns = [
    path("history/<slug:app_label>/<slug:model_name>/<str:pk>/", views_audit.history, name="history"),
    path("audit/export.csv", views_audit.export_csv, name="audit-export"),
]
