from django.contrib import admin

from .models import RagRating, RagScale, RoleAssignment


class RagRatingInline(admin.TabularInline):
    model = RagRating
    extra = 0


@admin.register(RagScale)
class RagScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [RagRatingInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "scope_label"]
    list_filter = ["role", "scope_type"]
    search_fields = ["user__username"]
