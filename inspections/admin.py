"""Inspections in the admin, read-only: staff and board members look records up and read their history here; every
change (assigning, scheduling, submitting, accepting, returning) is made on the portal's inspection pages through
``inspections.services``. History is never reverted: these are workflow records that gate payments."""

from django.contrib import admin

from agreements.admin import ReadOnly
from core.admin import AuditedHistoryAdmin

from .models import Inspection, InspectionPhoto, ProjectDocument, Step


class PhotoInline(ReadOnly, admin.TabularInline):
    model = InspectionPhoto
    extra = 0
    fields = ("caption", "original_name", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class StepInline(ReadOnly, admin.TabularInline):
    model = Step
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("__str__", "kind", "status", "inspector", "scheduled_for", "result", "version")
    list_select_related = ("project__application__program", "inspector")  # the name reads the project's (issue 25)
    list_filter = ("kind", "status", "result", "agreement__program")
    search_fields = ("agreement__number", "inspector__username", "findings")
    inlines = (PhotoInline, StepInline)


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("__str__", "project", "kind", "on", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
