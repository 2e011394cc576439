from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wellboard.api"
    label = "api"
