from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "wellboard.indicators"
    label = "indicators"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
