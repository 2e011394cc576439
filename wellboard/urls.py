from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wellboard.api.routes import api
from wellboard.core import converters, permissions, rag_css
from wellboard.outputs import views_home

converters.register()  # before the apps' URL patterns are read

admin.site.site_header = "Wellboard administration"
admin.site.site_title = "Wellboard"
# The admin is for site-wide administrators only: a staff flag alone opens nothing.
admin.site.has_permission = lambda request: bool(
    request.user.is_active and request.user.is_staff and permissions.is_administrator(request.user))

urlpatterns = [
    path("", views_home.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("rag-colours.css", rag_css.rag_colours, name="rag-colours"),
    path("api/v1/", api.urls),
    path("", include("wellboard.plans.urls")),
    path("", include("wellboard.reporting.urls")),
    path("", include("wellboard.indicators.urls")),
    path("", include("wellboard.meetings.urls")),
    path("", include("wellboard.outputs.urls")),
    path("", include("wellboard.core.urls")),
]
