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


class ParagraphInline(admin.TabularInline):
    model = MinuteParagraph
    extra = 0


class ResolutionInline(admin.StackedInline):
    model = Resolution
    extra = 0
    raw_id_fields = ["from_recommendation", "delegated_by", "approves_version", "retires_item", "changes_target"]


@admin.register(MinuteItem)
class MinuteItemAdmin(admin.ModelAdmin):
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


for model in (AgendaItem, Attendance, Declaration, MinuteParagraph, Resolution, MinuteCorrection, Recommendation,
              Signoff, PaperContact, PaperAppendix, ActionNote, WorkProgrammeMove):
    admin.site.register(model)
