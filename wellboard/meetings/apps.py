from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "wellboard.meetings"
    label = "meetings"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
