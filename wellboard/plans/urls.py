from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plans/<slug:code>/", views.plan, name="plan"),
    path("plans/<slug:code>/items/<id:pk>/", views.item, name="item"),
]
