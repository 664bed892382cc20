"""Staff admin for announcements and their rounds.

A program's page shows its current round's window, budget and every term beside the seed's value and clause,
marking what the round changed, with a button to re-issue the announcement. A round's page shows the same for
that round, its history of changes (who, when, old and new value, why) and a button to change it. Rounds are
only issued and changed through ``programs.services``, never edited in place.
"""

import csv
import io
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import citations
from core.admin import AuditedHistoryAdmin

from . import selectors, services
from .forms import RoundForm
from .models import FactorTable, FundingRuleSet, Program, Round, RoundChange
from .rules import moyer_onroad
from .rules.registry import rule_sets
from .rules.terms import Terms
from .selectors import stated


def term_table(round_: Round):
    """The round's parameters beside the seed's value and clause; those the round changed are marked."""
    marker = "changed by the re-issue" if round_.number else "amended"
    return format_html(
        '<table class="round-terms"><thead><tr><th>Parameter</th><th>This round</th><th>Original announcement</th>'
        "<th>Clause</th><th></th></tr></thead><tbody>{}</tbody></table>",
        format_html_join(
            "",
            '<tr data-term="{}"{}><td>{}</td><td>{}</td><td>{}</td><td><small>{}<span data-sources hidden> [{}]</span>'
            "</small></td><td>{}</td></tr>",
            (
                (
                    row.name,
                    mark_safe(' class="changed" style="background:#fff3cd"') if row.changed else "",
                    row.label,
                    row.value,
                    row.seed_value,
                    citations.public(row.source),
                    row.source,
                    format_html("<strong>{}</strong>", marker) if row.changed else "",
                )
                for row in selectors.term_rows(round_)
            ),
        ),
    )


def _describe(change: RoundChange, terms: Terms, value) -> str:
    """A recorded value in words: dates in PT, money as money, terms as their unit says."""
    if value is None:
        if change.parameter == "factor_table":
            return "the newest imported edition"
        return "not stated" if change.parameter == "budget" else "—"
    if change.parameter == "issued":
        return "original issue" if value == 0 else f"re-issue {value}"
    if change.parameter in ("opens_at", "closes_at"):
        return f"{timezone.localtime(parse_datetime(value)):%B %-d, %Y, %-I:%M %p} PT"
    if change.parameter == "budget":
        return stated(Decimal(value))
    if change.parameter == "factor_table":
        table = FactorTable.objects.filter(pk=value).first()
        return selectors.factor_table_citation(table) if table else str(value)
    if change.parameter in terms:
        term = terms.term(change.parameter)
        return term.describe(term.parse(value))
    return str(value)


class FundingRuleSetInline(admin.TabularInline):
    model = FundingRuleSet
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        """The rule set's code names the rules that evaluate its projects (programs.rules.registry): fixed once
        saved (issue 15); titles and budgets stay editable."""
        return ("code",) if obj is not None else ()

    def has_add_permission(self, request, obj=None):
        """Rule sets come with the rules (the seeds' migrations); a new one without rules could not evaluate."""
        return obj is None and super().has_add_permission(request, obj)


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    can_delete = False
    fields = ("issue", "issued_on", "opens_at", "closes_at", "round_budget", "changed_terms")
    readonly_fields = fields
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Issue")
    def issue(self, round_):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:programs_round_change", args=[round_.pk]), round_.label.capitalize()
        )

    @admin.display(description="Budget")
    def round_budget(self, round_):
        return stated(round_.budget)

    @admin.display(description="Terms changed from the seed")
    def changed_terms(self, round_):
        return len(round_.terms) or "none"


class ProgramForm(forms.ModelForm):
    """A new announcement names one of the rule sets and a window that opens before it closes."""

    class Meta:
        model = Program
        fields = ("code", "title", "measure", "opens_at", "closes_at", "budget", "funding_source", "source")

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code not in rule_sets():
            raise forms.ValidationError(f"No rule set evaluates {code}; known: {', '.join(rule_sets())}.")
        return code

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and opens_at >= closes_at:
            self.add_error("closes_at", "The submission deadline must be after the window opens.")
        return cleaned


@admin.register(Program)
class ProgramAdmin(AuditedHistoryAdmin):
    """Budget and window changes are kept with old and new values (History); money, so no revert."""

    form = ProgramForm
    list_display = ("code", "title", "current_issue", "opens_at", "closes_at", "budget", "funding_source")
    search_fields = ("code", "title")
    inlines = [RoundInline, FundingRuleSetInline]
    change_form_template = "admin/programs/program/change_form.html"
    fieldsets = (
        (None, {"fields": ("code", "title", "measure", "funding_source", "source")}),
        ("Controls", {"fields": ("second_approval_above",)}),
        (
            "Current round",
            {
                "fields": ("current_issue", "opens_at", "closes_at", "budget", "current_round_terms"),
                "description": "The window and budget follow the current round; re-issue the "
                "announcement or change the round to change them.",
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("rounds")

    def get_readonly_fields(self, request, obj=None):
        following = ("current_issue", "current_round_terms")
        # The rules, funds and references all key on the code: fixed once the program exists (issue 15).
        return following if obj is None else ("code", *following, "opens_at", "closes_at", "current_budget")

    def get_fieldsets(self, request, obj=None):
        """On an existing program the budget is shown as money, read from the current round."""
        if obj is None:
            return self.fieldsets
        (main, controls, current) = self.fieldsets
        fields = tuple("current_budget" if name == "budget" else name for name in current[1]["fields"])
        return (main, controls, (current[0], {**current[1], "fields": fields}))

    def save_model(self, request, obj, form, change):
        """A new announcement is issued as its original round, so its window and budget have a history too."""
        super().save_model(request, obj, form, change)
        if not change:
            services.reissue(
                obj,
                opens_at=obj.opens_at,
                closes_at=obj.closes_at,
                budget=obj.budget,
                by=request.user,
                reason="The announcement as issued.",
                source=obj.source,
            )

    def _current(self, program):
        rounds = sorted(program.rounds.all(), key=lambda round_: round_.number)
        return rounds[-1] if rounds else None

    @admin.display(description="Current issue")
    def current_issue(self, program):
        current = self._current(program) if program.pk else None
        if current is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>, issued {}',
            reverse("admin:programs_round_change", args=[current.pk]),
            current.label.capitalize(),
            f"{current.issued_on:%B %-d, %Y}",
        )

    @admin.display(description="Budget")
    def current_budget(self, program):
        return stated(program.budget)

    @admin.display(description="Terms of the current round")
    def current_round_terms(self, program):
        current = self._current(program) if program.pk else None
        return term_table(current) if current else "—"

    def get_urls(self):
        return [
            path("<int:pk>/reissue/", self.admin_site.admin_view(self.reissue_view), name="programs_program_reissue"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_reissue": request.user.has_perm("programs.add_round")}
        return super().change_view(request, object_id, form_url, extra_context)

    def reissue_view(self, request, pk):
        """Re-issue: the current round copied (budget, terms), with the new window and what the new PA changes."""
        if not request.user.has_perm("programs.add_round"):
            raise PermissionDenied
        program = get_object_or_404(Program, pk=pk)
        current = program.current_round
        terms = selectors.terms_of(current, program.code) or Terms(selectors.round_terms(program.code))
        initial = {"budget": current.budget} if current else {}
        form = RoundForm(
            request.POST or None, terms=terms, reissue=True, initial=initial, factor_tables=reads_factor_tables(program)
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.reissue(
                    program,
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    budget=data["budget"],
                    issued_on=data["issued_on"],
                    source=data["source"],
                    terms=form.term_values(),
                    by=request.user,
                    reason=data["reason"],
                    **({"factor_table": data["factor_table"]} if "factor_table" in data else {}),
                )
            except services.RoundError as error:
                form.add_service_errors(error.errors)
            else:
                messages.success(
                    request,
                    f"{program.code} {round_.label} issued; it opens {timezone.localtime(round_.opens_at):%B %-d, %Y}.",
                )
                return redirect("admin:programs_round_change", round_.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": program,
            "form": form,
            "title": f"Re-issue {program.code}",
            "intro": f"The new round starts as a copy of the {current.label if current else 'seed'}; "
            "change what the re-issued announcement changes.",
        }
        return TemplateResponse(request, "admin/programs/round_form.html", context)


def reads_factor_tables(program: Program) -> bool:
    """Whether the program's evaluation reads the Carl Moyer on-road factor tables (PA2022-01's CMP path)."""
    return program.code == "PA2022-01"


def guidelines_edition_text(round_: Round) -> str:
    """The round's Guidelines edition in words: edition, source and import date, or what stands in for it."""
    if not reads_factor_tables(round_.program):
        return "Not read by this program's evaluation"
    table = selectors.factor_table_of(round_)
    if table is None:
        return "No table imported yet: projects are evaluated with the factors staff give per project"
    chosen = "" if round_.factor_table_id else " (none chosen: the newest imported edition)"
    return selectors.factor_table_citation(table) + chosen


class RoundChangeInline(admin.TabularInline):
    model = RoundChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "changed_by", "label", "old", "new", "reason")
    readonly_fields = fields
    verbose_name = "change"
    verbose_name_plural = "history of changes"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "round__program")

    def _terms(self, change):
        return selectors.terms_of(change.round, change.round.program.code)

    @admin.display(description="Old value")
    def old(self, change):
        return _describe(change, self._terms(change), change.old_value)

    @admin.display(description="New value")
    def new(self, change):
        return _describe(change, self._terms(change), change.new_value)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("__str__", "issued_on", "opens_at", "closes_at", "round_budget", "terms_changed")
    list_filter = ("program",)
    list_select_related = ("program",)
    inlines = [RoundChangeInline]
    change_form_template = "admin/programs/round/change_form.html"
    fields = (
        "program",
        "number",
        "issued_on",
        "source",
        "opens_at",
        "closes_at",
        "round_budget",
        "guidelines_edition",
        "term_list",
        "created_by",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Budget")
    def round_budget(self, round_):
        return stated(round_.budget)

    @admin.display(description="Carl Moyer Guidelines edition")
    def guidelines_edition(self, round_):
        """The imported on-road factor table the round's projects are evaluated by, with its source and import
        date (issue 23)."""
        return guidelines_edition_text(round_)

    @admin.display(description="Terms changed from the original announcement")
    def terms_changed(self, round_):
        terms = selectors.terms_of(round_)
        return ", ".join(terms.term(name).label for name in round_.terms if name in terms) or "none"

    @admin.display(description="Window, budget and terms beside the original announcement's")
    def term_list(self, round_):
        return term_table(round_)

    def get_urls(self):
        return [
            path("<int:pk>/amend/", self.admin_site.admin_view(self.amend_view), name="programs_round_amend"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_amend": request.user.has_perm("programs.change_round")}
        return super().change_view(request, object_id, form_url, extra_context)

    def amend_view(self, request, pk):
        """Change a round's window, budget or terms; each changed value is recorded with the reason."""
        if not request.user.has_perm("programs.change_round"):
            raise PermissionDenied
        round_ = get_object_or_404(Round.objects.select_related("program"), pk=pk)
        initial = {
            "opens_at": timezone.localtime(round_.opens_at),
            "closes_at": timezone.localtime(round_.closes_at),
            "budget": round_.budget,
        }
        reads = reads_factor_tables(round_.program)
        if reads:
            initial["factor_table"] = round_.factor_table_id
        form = RoundForm(request.POST or None, terms=selectors.terms_of(round_), initial=initial, factor_tables=reads)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                changes = services.change_round(
                    round_,
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    budget=data["budget"],
                    terms=form.term_values(),
                    by=request.user,
                    reason=data["reason"],
                    **({"factor_table": data["factor_table"]} if "factor_table" in data else {}),
                )
            except services.RoundError as error:
                form.add_service_errors(error.errors)
            else:
                if changes:
                    messages.success(request, f"{round_}: {', '.join(change.label for change in changes)} changed.")
                else:
                    messages.info(request, f"{round_}: nothing changed.")
                return redirect("admin:programs_round_change", round_.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": round_,
            "form": form,
            "title": f"Change {round_}",
            "intro": "Change what an amendment of this announcement changes. Applications already "
            "submitted in this round are evaluated by its terms when they are evaluated again.",
        }
        return TemplateResponse(request, "admin/programs/round_form.html", context)


class FactorTableImportForm(forms.ModelForm):
    """Import: the Guidelines edition, where the table comes from and the CSV (``moyer_onroad.FACTOR_COLUMNS``); every
    bad cell named by row and column, nothing imported while one is wrong."""

    file = forms.FileField(
        label="Table (CSV: service_class, engine_model_year, nox_g_per_mile, rog_g_per_mile, pm10_g_per_mile)"
    )

    class Meta:
        model = FactorTable
        fields = ["edition", "source"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            rows = list(csv.DictReader(io.StringIO(upload.read().decode("utf-8-sig"))))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text (save it as CSV UTF-8).") from None
        factors, errors = moyer_onroad.read_factor_rows(rows)
        if errors:
            raise forms.ValidationError([f"{where}: {message}" for where, message in errors.items()])
        self.instance.rows = [[k[0], k[1], str(f.nox), str(f.rog), str(f.pm10)] for k, f in sorted(factors.items())]
        self.instance.row_count = len(factors)
        return cleaned


@admin.register(FactorTable)
class FactorTableAdmin(admin.ModelAdmin):
    """The Carl Moyer Guidelines tables the programs read, each with its edition, source and import date; "Add"
    imports one (the newest on-road table is the one PA2022-01 evaluations read)."""

    form = FactorTableImportForm
    list_display = ("table", "edition", "source", "row_count", "imported_at", "imported_by")
    readonly_fields = ("table", "edition", "source", "row_count", "imported_at", "imported_by", "rows")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ("edition", "source", "file")

    def save_model(self, request, obj, form, change):
        obj.imported_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return False
