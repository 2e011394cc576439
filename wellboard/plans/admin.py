from django.contrib import admin

from .models import (
    DistributionEntry,
    ItemLead,
    MeasureYear,
    PlanItem,
    PlanVersion,
    ProgressUpdate,
    ReportingPeriod,
    Strategy,
)


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "body", "start", "end", "published"]
    list_filter = ["kind", "published", "body"]
    search_fields = ["title", "code"]
    inlines = [ReportingPeriodInline, PlanVersionInline]


class ItemLeadInline(admin.TabularInline):
    model = ItemLead
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class MeasureYearInline(admin.TabularInline):
    model = MeasureYear
    extra = 0


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "strategy", "retired"]
    list_filter = ["strategy", "kind", "retired"]
    search_fields = ["title", "ref"]
    raw_id_fields = ["parent"]
    inlines = [ItemLeadInline, MeasureYearInline, ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["item", "period", "rag", "status", "date"]
    list_filter = ["status", "period__strategy"]
    raw_id_fields = ["item"]


class DistributionInline(admin.TabularInline):
    model = DistributionEntry
    extra = 0


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["strategy", "number", "date_text", "author"]
    inlines = [DistributionInline]


admin.site.register(ReportingPeriod)
admin.site.register(ItemLead)
admin.site.register(MeasureYear)
admin.site.register(DistributionEntry)
