"""URL converters. Record ids in URLs are at most 18 digits: Django's `int` converter accepts any
length, and a 20-digit id overflows SQLite's integer (a 500) before the view can say "not found"."""

from django.urls import register_converter


class RecordId:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(RecordId, "id")
