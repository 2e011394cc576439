from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wellboard.core"
    label = "core"

    def ready(self):
        from wellboard.core import audit

        audit.register_app_models(self)
        audit.register_users()
        audit.guard_entries()
        audit.lock_admin()
