from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "wellboard.directory"
    label = "directory"

    def ready(self):
        from wellboard.core.audit import register_app_models

        register_app_models(self)
