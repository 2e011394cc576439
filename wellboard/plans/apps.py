from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "wellboard.plans"
    label = "plans"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
