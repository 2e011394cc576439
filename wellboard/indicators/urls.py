from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("plans/<slug:code>/indicators/", views.scorecard, name="scorecard"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("indicators/<slug:code>/values/<id:pk>/officer-rag/", views.officer_rag, name="officer_rag"),
]
