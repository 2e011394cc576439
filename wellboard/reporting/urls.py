from django.urls import path

from . import views

app_name = "reporting"

# Reporting cycles: the lead's updates and the coordinator's cycle pages.
urlpatterns = [
    path("my-updates/", views.my_updates, name="my_updates"),
    path("updates/<id:pk>/", views.update_request, name="update_request"),
    path("plans/<slug:code>/cycles/", views.cycles_for_plan, name="cycles"),
    path("plans/<slug:code>/cycles/<id:pk>/", views.cycle, name="cycle"),
    path("plans/<slug:code>/cycles/<id:pk>/updates/<id:request_pk>/", views.review, name="cycle_review"),
    path("plans/<slug:code>/cycles/<id:pk>/close/", views.close, name="cycle_close"),
]
