from django.contrib import admin

from .models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    MinuteCorrection,
    MinuteItem,
    MinuteParagraph,
    Paper,
    PaperAppendix,
    PaperContact,
    Recommendation,
    Resolution,
    Signoff,
    WorkProgrammeEntry,
    WorkProgrammeMove,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "substitute"]


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status"]
    list_filter = ["body", "status", "kind"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline, DeclarationInline]


def _minutes_locked(obj) -> bool:
    meeting = getattr(obj, "meeting", None) or getattr(getattr(obj, "item", None), "meeting", None)
    return bool(meeting and meeting.minutes_locked)


class LockedMinutes:
    """Approved minutes are read-only here: they change only through a recorded correction
    (the models refuse it in clean() too, for any form that gets this far)."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _minutes_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _minutes_locked(obj)


class LockedMinutesInline(LockedMinutes):
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _minutes_locked(obj)


class ParagraphInline(LockedMinutesInline, admin.TabularInline):
    model = MinuteParagraph
    extra = 0


class ResolutionInline(LockedMinutesInline, admin.StackedInline):
    model = Resolution
    extra = 0
    raw_id_fields = ["from_recommendation", "delegated_by", "approves_version", "retires_item", "changes_target"]


@admin.register(MinuteParagraph, Resolution)
class MinuteRecordAdmin(LockedMinutes, admin.ModelAdmin):
    pass


@admin.register(MinuteItem)
class MinuteItemAdmin(LockedMinutes, admin.ModelAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting__body"]
    inlines = [ParagraphInline, ResolutionInline]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


class SignoffInline(admin.TabularInline):
    model = Signoff
    extra = 0


class ContactInline(admin.TabularInline):
    model = PaperContact
    extra = 0


class AppendixInline(admin.TabularInline):
    model = PaperAppendix
    extra = 0


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "published"]
    list_filter = ["published", "meeting__body"]
    search_fields = ["title", "code"]
    inlines = [RecommendationInline, SignoffInline, ContactInline, AppendixInline]


class ActionNoteInline(admin.TabularInline):
    model = ActionNote
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "due_date", "status"]
    list_filter = ["status", "meeting__body"]
    inlines = [ActionNoteInline]


class MoveInline(admin.TabularInline):
    model = WorkProgrammeMove
    extra = 0


@admin.register(WorkProgrammeEntry)
class WorkProgrammeEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "target_meeting", "status"]
    list_filter = ["body", "status"]
    inlines = [MoveInline]


for model in (AgendaItem, Attendance, Declaration, MinuteCorrection, Recommendation,
              Signoff, PaperContact, PaperAppendix, ActionNote, WorkProgrammeMove):
    admin.site.register(model)
