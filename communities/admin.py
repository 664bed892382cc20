from django.contrib import admin
from django.shortcuts import redirect

from .models import DesignationList, Determination


@admin.register(DesignationList)
class DesignationListAdmin(admin.ModelAdmin):
    """The imported lists, with their name, vintage, source and import date; "Add" is the import (a file)."""

    list_display = ("name", "kind", "vintage", "source", "is_sample", "tract_count", "imported_at", "imported_by")
    list_filter = ("kind", "is_sample")
    readonly_fields = ("kind", "name", "vintage", "source", "is_sample", "tract_count", "imported_at", "imported_by")

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("communities:index")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Determination)
class DeterminationAdmin(admin.ModelAdmin):
    list_display = ("application", "tract", "designation", "method", "decided_by", "decided_at", "updated_at")
    list_filter = ("method", "designation")
    list_select_related = ("application", "decided_by")
    readonly_fields = [field.name for field in Determination._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
