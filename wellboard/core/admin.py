from django.contrib import admin

from .models import RagRating, RagScale


class RagRatingInline(admin.TabularInline):
    model = RagRating
    extra = 0


@admin.register(RagScale)
class RagScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [RagRatingInline]
