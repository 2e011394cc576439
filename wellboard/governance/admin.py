from django.contrib import admin

from .models import Body


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
