"""Read-only admin views of payment requests. Staff and finance act on the payment pages (``/payments/``), which go
through ``payments.services``; the admin never moves a request or money, and its history cannot be restored."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from core.admin import AuditedHistoryAdmin

from .models import Confirmation, CostLine, Milestone, PaymentDocument, PaymentRequest, Step


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False


class LineInline(ReadOnlyInline):
    model = CostLine
    fields = ("kind", "description", "reference", "amount")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = PaymentDocument
    fields = ("slot", "original_name", "size", "uploaded_by", "uploaded_at", "refused_reason", "refused_by")
    readonly_fields = fields


class ConfirmationInline(ReadOnlyInline):
    model = Confirmation
    fields = ("key", "note", "confirmed_by", "confirmed_at")
    readonly_fields = fields


class StepInline(ReadOnlyInline):
    model = Step
    fields = ("at", "action", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = (
        "__str__",
        "program",
        "status",
        "invoiced_eligible_cost",
        "approved_amount",
        "paid_amount",
        "paid_on",
        "payment_page",
    )
    list_filter = ("program", "status", "payment_method")
    list_select_related = ("program", "agreement", "funded_project")
    search_fields = ("agreement__number", "payment_reference", "agreement__awardee_name")
    date_hierarchy = "created_at"
    fields = (
        "agreement",
        "funded_project",
        "program",
        "number",
        "status",
        "invoice_date",
        "milestone",
        "values",
        "invoiced_eligible_cost",
        "other_incentives",
        "created_by",
        "created_at",
        "submitted_by",
        "submitted_at",
        "approved_amount",
        "approved_by",
        "approved_at",
        "paid_amount",
        "paid_on",
        "payment_method",
        "payment_reference",
        "released_by",
        "released_at",
    )
    readonly_fields = fields
    inlines = [LineInline, DocumentInline, ConfirmationInline, StepInline]

    @admin.display(description="")
    def payment_page(self, payment_request):
        return format_html('<a href="{}">Payment page</a>', reverse("payments:detail", args=[payment_request.pk]))


@admin.register(Milestone)
class MilestoneAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("funded_project", "number", "name", "amount", "set_by", "set_at")
    list_select_related = ("funded_project__project__application__program", "set_by")
    fields = list_display
    readonly_fields = fields
