"""Loading a meeting with everything its pages show, in a fixed number of queries."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Action, AgendaItem, Attendance, Meeting, MinuteItem, Resolution


def meeting_for_page(code: str) -> Meeting:
    qs = Meeting.objects.select_related("body", "body__constitution", "minutes_approved_at",
                                           "minutes_for_approval_at").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("paper")),
        Prefetch("attendance", queryset=Attendance.objects.select_related("person", "substitute", "replacing")),
        "declarations__person",
        Prefetch("minute_items", queryset=MinuteItem.objects.select_related("agenda_item").prefetch_related(
            "paragraphs",
            Prefetch("resolutions", queryset=Resolution.objects.select_related(
                "retires_item__strategy", "approves_version", "delegated_by__meeting__body")),
        )),
        Prefetch("actions", queryset=Action.objects.select_related("owner", "due_meeting", "resolution")),
        "corrections",
    )
    return get_object_or_404(qs, code=code)
