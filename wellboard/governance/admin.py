from django.contrib import admin

from .models import Body, BodyConstitution, Seat, SeatHolding, StandingItem


class ConstitutionInline(admin.StackedInline):
    model = BodyConstitution
    filter_horizontal = ["also_reports_to"]


class StandingItemInline(admin.TabularInline):
    model = StandingItem
    extra = 0


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    show_change_link = True


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [ConstitutionInline, StandingItemInline, SeatInline]


class HoldingInline(admin.TabularInline):
    model = SeatHolding
    extra = 0
    autocomplete_fields = ["person"]
    filter_horizontal = ["substitutes"]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["representing", "body", "kind", "role"]
    list_filter = ["body", "kind"]
    inlines = [HoldingInline]


admin.site.register(BodyConstitution)
admin.site.register(SeatHolding)
admin.site.register(StandingItem)
