"""The home page: the boards' plans and their next meetings, as the viewer may see them.

It lives above plans and meetings (plans may not import meetings), composing both."""

from django.shortcuts import render
from django.utils import timezone

from wellboard.meetings.listing import next_or_recent
from wellboard.plans.views import home_context


def home(request):
    upcoming, meetings = next_or_recent(request.user, timezone.localdate())
    return render(request, "plans/home.html", {**home_context(request), "meetings": meetings,
                                               "meetings_upcoming": upcoming})
