"""Enforcing the permission module in views: one refusal pattern for every page.

`require(request, action, obj)` returns quietly when the user may act; otherwise an anonymous
visitor is sent to sign in (and back), a signed-in user without the right gets 403, and a record
the user may not even see is 404, so its existence is not revealed.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import permissions


class SignInRequired(PermissionDenied):
    """Raised for anonymous visitors; `SignInMiddleware` turns it into a redirect to the sign-in page."""


def require(request, action: str, obj=None) -> None:
    user = request.user
    if permissions.can(user, action, obj):
        return
    if obj is not None and action != "view" and not permissions.can(user, "view", obj):
        raise Http404("Not found")
    if not user.is_authenticated:
        raise SignInRequired
    raise PermissionDenied("You do not have permission to do this.")


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
