from django.contrib import admin

from core.admin import AuditedHistoryAdmin

from .models import FundingRuleSet, Program


class FundingRuleSetInline(admin.TabularInline):
    model = FundingRuleSet
    extra = 0


@admin.register(Program)
class ProgramAdmin(AuditedHistoryAdmin):
    """Budget and window changes are kept with old and new values (History); money, so no revert."""

    list_display = ("code", "title", "opens_at", "closes_at", "budget", "funding_source")
    search_fields = ("code", "title")
    inlines = [FundingRuleSetInline]
