from django.apps import AppConfig


class OutputsConfig(AppConfig):
    name = "wellboard.outputs"
    label = "outputs"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
