from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Reporting cycles: requests to leads, their updates and values, approval and publishing.

    It sits above plans and indicators because an update carries both an item's progress and
    the new values of the indicators that measure it.
    """

    name = "wellboard.reporting"
    label = "reporting"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
