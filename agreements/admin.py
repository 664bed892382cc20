"""Agreements in the admin, read-only: staff and board members look records up and read their history here; every
change (sending, countersigning, events, obligations, amendments) is made on the agreement's page in the portal,
through ``agreements.services``. History is never reverted: these are workflow and money records."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedHistoryAdmin

from .models import Agreement, Amendment, FundedProject, Obligation, ProjectEvent, Step


class ReadOnly:
    """View only, whatever the role's model permissions say."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FundedProjectInline(ReadOnly, admin.TabularInline):
    model = FundedProject
    extra = 0
    fields = ("position", "project", "award", "fund_names", "values", "term_extension_months", "status")
    readonly_fields = fields


class StepInline(ReadOnly, admin.TabularInline):
    model = Step
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("number", "program", "awardee_name", "status", "sent_at", "signed_at", "executed_on")
    list_filter = ("program", "status", ("executed_on", admin.DateFieldListFilter))
    search_fields = ("number", "awardee_name", "signer_name")
    list_select_related = ("program",)
    date_hierarchy = "created_at"
    inlines = [FundedProjectInline, StepInline]
    readonly_fields = (
        "portal_page",
        "application",
        "program",
        "number",
        "status",
        "awardee_name",
        "owner",
        "created_at",
        "sent_at",
        "sent_by",
        "signer_name",
        "signer_title",
        "signer_consent",
        "signed_at",
        "signer_ip",
        "signed_by",
        "countersigned_by",
        "countersigner_title",
        "countersigned_at",
        "executed_on",
        "executed_sha256",
    )
    fields = readonly_fields

    @admin.display(description=_("Page in the portal"))
    def portal_page(self, agreement):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("agreements:detail", args=[agreement.pk]),
            _("Open the agreement (send, countersign, events, amendments)"),
        )


@admin.register(Obligation)
class ObligationAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("agreement", "project", "name", "kind", "due", "status", "done_on")
    list_filter = ("agreement__program", "kind", "status", ("due", admin.DateFieldListFilter))
    search_fields = ("agreement__number", "name", "key")
    list_select_related = ("agreement__program", "project__application__program")
    date_hierarchy = "due"
    readonly_fields = (
        "agreement",
        "project",
        "key",
        "name",
        "kind",
        "due",
        "waiting_for",
        "counting",
        "period",
        "source",
        "status",
        "done_on",
        "done_recorded_by",
        "record_type",
        "record_id",
        "original_due",
        "extended_by",
        "waived_by",
        "waived_at",
        "waiver_reason",
    )
    fields = readonly_fields


@admin.register(ProjectEvent)
class ProjectEventAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("agreement", "project", "key", "on", "recorded_by", "recorded_at", "corrects")
    list_filter = ("agreement__program", "key")
    search_fields = ("agreement__number", "note")
    list_select_related = ("agreement__program", "project__application__program", "recorded_by", "corrects")
    readonly_fields = (
        "agreement",
        "project",
        "key",
        "on",
        "note",
        "recorded_by",
        "recorded_at",
        "corrects",
        "record_type",
        "record_id",
    )
    fields = readonly_fields


@admin.register(Amendment)
class AmendmentAdmin(ReadOnly, AuditedHistoryAdmin):
    list_display = ("agreement", "number", "kind", "project", "effective_on", "made_by", "released")
    list_filter = ("agreement__program", "kind")
    search_fields = ("agreement__number", "reason", "new_owner_name")
    list_select_related = ("agreement__program", "project__application__program", "made_by")
    readonly_fields = (
        "agreement",
        "number",
        "kind",
        "project",
        "months",
        "obligation_key",
        "previous_due",
        "new_due",
        "amount",
        "released",
        "previous_owner_name",
        "new_owner_name",
        "new_owner",
        "reason",
        "effective_on",
        "made_by",
        "made_at",
        "sha256",
    )
    fields = readonly_fields
