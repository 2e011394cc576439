"""How a meeting's date and time read on its pages."""

from django import template

register = template.Library()


def _clock(t) -> str:
    # "9:30am", as Django's "g:ia" and the seeds print times.
    return f"{t.hour % 12 or 12}:{t.minute:02d}{'am' if t.hour < 12 else 'pm'}"


@register.filter
def meeting_time(meeting) -> str:
    """The time as the papers gave it, else start (to end), else "" (so no empty "Time" row is drawn)."""
    if meeting.time_text:
        return meeting.time_text
    if not meeting.start_time:
        return ""
    return _clock(meeting.start_time) + (f" to {_clock(meeting.end_time)}" if meeting.end_time else "")
