from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "wellboard.plans"
    label = "plans"
