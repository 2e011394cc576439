"""Sign-in throttling through django-axes, adapted to how Wellboard is run.

Axes refuses to authenticate without a request. Sign-in through a page always has one; code
that authenticates without one (the test client's `login`, a shell) has no address to
throttle by, so the check is skipped there and the password backends decide alone.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """The client's address: the peer, or the entry the nearest trusted proxy appended.

    Only the last TRUSTED_PROXY_COUNT entries of X-Forwarded-For were written by our own
    proxies; anything to their left is whatever the client sent and cannot be trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: what happened and when to try again (HTTP 429)."""
    from datetime import timedelta

    from django.shortcuts import render
    from django.utils import timezone

    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff / timedelta(minutes=1)))
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "minutes": minutes,
        "retry_at": timezone.localtime(timezone.now() + cooloff),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": username,
    }
    return render(request, "registration/locked_out.html", context, status=429)
