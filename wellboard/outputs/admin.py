from django.contrib import admin
from django.shortcuts import redirect

from .models import WordTemplate


@admin.register(WordTemplate)
class WordTemplateAdmin(admin.ModelAdmin):
    """Read-only here: a template is added only through the upload page, which checks the file."""

    list_display = ["name", "active", "size", "uploaded_at", "uploaded_by"]
    list_filter = ["active"]
    readonly_fields = ["file", "name", "size", "sha256", "active", "uploaded_by", "uploaded_at"]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("outputs:word_template")

    def has_delete_permission(self, request, obj=None):
        # A replaced template is kept, so what an earlier document looked like can be explained.
        return False
