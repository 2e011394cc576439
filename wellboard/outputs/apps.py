from django.apps import AppConfig


class OutputsConfig(AppConfig):
    name = "wellboard.outputs"
    label = "outputs"
