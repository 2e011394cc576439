from django.urls import path

from . import views, views_edit

app_name = "indicators"

urlpatterns = [
    path("plans/<slug:code>/indicators/", views.scorecard, name="scorecard"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("indicators/<slug:code>/values/<id:pk>/officer-rag/", views.officer_rag, name="officer_rag"),
    path("plans/<slug:code>/indicators/new/", views_edit.indicator_new, name="indicator_new"),
    path("indicators/<slug:code>/edit/", views_edit.indicator_edit, name="indicator_edit"),
    path("indicators/<slug:code>/values/new/", views_edit.value_new, name="value_new"),
    path("indicators/<slug:code>/values/<id:pk>/edit/", views_edit.value_edit, name="value_edit"),
]
