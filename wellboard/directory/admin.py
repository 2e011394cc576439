from django.contrib import admin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "job_title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title"]
