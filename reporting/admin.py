"""Read-only admin views of usage reports, remedies and closeouts with their history: every change goes through
``reporting.services`` (the portal's own pages), never through the admin, and its history cannot be restored."""

from django.contrib import admin

from core.admin import AuditedHistoryAdmin

from .models import Closeout, Remedy, ReportDocument, UsageReport


class ReadOnly(AuditedHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UsageReport)
class UsageReportAdmin(ReadOnly):
    list_display = ("__str__", "status", "due", "usage", "unit", "shortfall")
    list_select_related = ("agreement", "funded_project")  # the name reads both: 2 queries a row without (issue 25)
    list_filter = ("status", "program")
    search_fields = ("agreement__number",)


@admin.register(ReportDocument)
class ReportDocumentAdmin(ReadOnly):
    list_display = ("__str__", "report", "uploaded_at")


@admin.register(Remedy)
class RemedyAdmin(ReadOnly):
    list_display = ("__str__", "kind", "status", "amount_owed", "decided_at")
    list_filter = ("kind", "status")


@admin.register(Closeout)
class CloseoutAdmin(ReadOnly):
    list_display = ("__str__", "released", "closed_at")
