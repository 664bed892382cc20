from django.contrib import admin

from .models import FundingRuleSet, Program


class FundingRuleSetInline(admin.TabularInline):
    model = FundingRuleSet
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "opens_at", "closes_at", "budget", "funding_source")
    search_fields = ("code", "title")
    inlines = [FundingRuleSetInline]
