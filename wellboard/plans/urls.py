from django.urls import path

from . import views, views_edit

app_name = "plans"

urlpatterns = [
    # Before plans/<code>/: "new" is a reserved plan code (plans/workflows.py).
    path("plans/new/", views_edit.plan_new, name="plan_new"),
    path("plans/<slug:code>/", views.plan, name="plan"),
    path("plans/<slug:code>/items/<id:pk>/", views.item, name="item"),
    path("plans/<slug:code>/edit/", views_edit.plan_edit, name="plan_edit"),
    path("plans/<slug:code>/items/new/", views_edit.item_add, name="item_add_top"),
    path("plans/<slug:code>/items/<id:pk>/add/", views_edit.item_add, name="item_add"),
    path("plans/<slug:code>/items/<id:pk>/edit/", views_edit.item_edit, name="item_edit"),
    path("plans/<slug:code>/items/<id:pk>/move/", views_edit.item_move, name="item_move"),
    path("plans/<slug:code>/items/<id:pk>/reorder/", views_edit.item_reorder, name="item_reorder"),
    path("plans/<slug:code>/items/<id:pk>/leads/", views_edit.item_leads, name="item_leads"),
    path("plans/<slug:code>/items/<id:pk>/years/", views_edit.item_years, name="item_years"),
]
