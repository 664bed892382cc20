"""Read-only admin views of funds, the ledger and funding rounds. Staff change funding on the funding pages
(``/funding/``), which go through ``funding.services``; the admin never writes money."""

from django.contrib import admin
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.html import format_html

from .models import CountyShare, FundingRound, FundReserve, FundSource, LedgerEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReserveInline(ReadOnlyInline):
    model = FundReserve
    fields = ("area", "amount", "reason", "set_by", "set_at")
    readonly_fields = fields


class ShareInline(ReadOnlyInline):
    model = CountyShare
    fields = ("county", "truck_population", "reason", "set_by", "set_at")
    readonly_fields = fields


def _sum(kinds):
    return Sum("entries__amount", filter=Q(entries__kind__in=kinds), default=0)


@admin.register(FundSource)
class FundSourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "program", "pays_path", "budget", "encumbered", "available", "funding_page")
    list_filter = ("program",)
    list_select_related = ("program",)
    fields = (
        "program",
        "rule_set",
        "name",
        "pays_path",
        "source",
        "position",
        "redistribute_county_shares",
        "created_at",
    )
    readonly_fields = fields
    inlines = [ReserveInline, ShareInline]

    def get_queryset(self, request):
        kind = LedgerEntry.Kind
        return (
            super()
            .get_queryset(request)
            .annotate(budget_sum=_sum([kind.BUDGET]), encumbered_sum=_sum([kind.ENCUMBRANCE, kind.RELEASE]))
        )

    @admin.display(description="Budget")
    def budget(self, fund):
        return f"${fund.budget_sum:,.2f}"

    @admin.display(description="Encumbered")
    def encumbered(self, fund):
        return f"${fund.encumbered_sum:,.2f}"

    @admin.display(description="Available")
    def available(self, fund):
        return f"${fund.budget_sum - fund.encumbered_sum:,.2f}"

    @admin.display(description="")
    def funding_page(self, fund):
        return format_html('<a href="{}">Funding page</a>', reverse("funding:program", args=[fund.program.code]))


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    """Every movement of money, never edited: a mistake is corrected by a reversing entry (funding.services)."""

    list_display = ("at", "fund", "label", "amount", "application", "project", "county", "actor", "reason")
    list_filter = ("fund__program", "kind", "fund")
    list_select_related = ("fund__program", "application__program", "project__application__program", "actor")
    search_fields = ("application__id", "reason", "county")
    date_hierarchy = "at"
    fields = (
        "at",
        "fund",
        "kind",
        "amount",
        "application",
        "project",
        "county",
        "msa",
        "dac",
        "funding_round",
        "reverses",
        "actor",
        "reason",
    )
    readonly_fields = fields


@admin.register(FundingRound)
class FundingRoundAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "status",
        "projects",
        "created_by",
        "created_at",
        "approved_by",
        "approved_at",
        "round_page",
    )
    list_filter = ("program", "status")
    list_select_related = ("program", "created_by", "approved_by")
    fields = (
        "program",
        "status",
        "projects",
        "created_by",
        "created_at",
        "approved_by",
        "approved_at",
        "approval_reason",
        "error",
    )
    readonly_fields = fields

    @admin.display(description="")
    def round_page(self, funding_round):
        return format_html('<a href="{}">Ranking</a>', reverse("funding:round", args=[funding_round.pk]))
