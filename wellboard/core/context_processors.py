"""What the header needs to know about the signed-in user's roles (menus only; views enforce)."""

from . import permissions


def access(request):
    user = getattr(request, "user", None)
    return {"is_administrator": permissions.is_administrator(user)}
