from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "wellboard.meetings"
    label = "meetings"
