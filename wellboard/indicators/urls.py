from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("plans/<slug:code>/indicators/", views.scorecard, name="scorecard"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
]
