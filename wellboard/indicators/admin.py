from django.contrib import admin

from .models import Breakdown, BreakdownCategory, BreakdownValue, Indicator, IndicatorNote, Value


class ValueInline(admin.TabularInline):
    model = Value
    extra = 0
    fields = ["kind", "comparator", "period", "period_start", "period_end", "value", "text", "display",
              "as_of", "status", "officer_rag", "officer_rag_reason"]


class NoteInline(admin.StackedInline):
    model = IndicatorNote
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "strategy", "unit", "polarity", "illustrative"]
    list_filter = ["strategy", "polarity", "unit", "illustrative"]
    search_fields = ["title", "code", "source"]
    filter_horizontal = ["items"]
    inlines = [ValueInline, NoteInline]


class CategoryInline(admin.TabularInline):
    model = BreakdownCategory
    extra = 0


@admin.register(Breakdown)
class BreakdownAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    inlines = [CategoryInline]


admin.site.register(BreakdownValue)
admin.site.register(Value)
admin.site.register(IndicatorNote)
