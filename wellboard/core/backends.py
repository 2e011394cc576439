"""Django permission backend for site-wide administrators.

Administrators (a site-wide role assignment, or a superuser) hold every model permission, so
the Django admin works for them without per-model grants. Everyone else's rights in the domain
come from `core.permissions` through the rules backend; `is_staff` alone grants nothing.
"""

from . import permissions


class AdministratorBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return permissions.is_administrator(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return permissions.is_administrator(user_obj)
