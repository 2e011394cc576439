from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "wellboard.governance"
    label = "governance"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
