"""The Board dashboard, a program's page, their CSV tables and the PDF board report (board members and staff,
read-only: every view answers GET only), and the public page with its open-data export (anyone).

Board members and staff (the admin users holding the funding and agreements view permissions) see the Board pages;
anyone else signed in gets a 404, as on the funding pages. The figures come from ``dashboards.selectors``.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import pdfs, spreadsheets
from core.db import for_reports
from programs.models import Program

from . import board, public, selectors, tasks
from . import cache as dashboards_cache
from .cache import cached
from .forms import period_from

PUBLIC_PAGE = 50


def may_view_board(user) -> bool:
    """Staff and board members: admin users who may read the fund ledger and the agreements."""
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm("funding.view_ledgerentry")
        and user.has_perm("agreements.view_agreement")
    )


def board_access(view):
    """Signed in as a board member or staff, GET only; a 404 for everyone else signed in. The figures are read from
    the reporting database (``core.db``)."""
    view = for_reports(view)

    @login_required
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_view_board(request.user):
            raise Http404("The dashboards are for board members and district staff.")
        return view(request, *args, **kwargs)

    return wrapped


def _program(code: str | None) -> Program | None:
    return get_object_or_404(Program, code=code) if code else None


def _query(form) -> str:
    """The period as a query string for the CSV and PDF links."""
    if not form.is_bound or not form.is_valid():
        return ""
    return "&".join(
        f"{name}={form.cleaned_data[name]:%Y-%m-%d}" for name in ("start", "end") if form.cleaned_data.get(name)
    )


def _dashboard(period: selectors.Period, program: Program | None) -> board.Dashboard:
    return cached("board", (period, program.code if program else ""), lambda: board.dashboard(period, program))


def _public_tables():
    return cached("public", (get_language(),), public.tables)


def _suffix(period: selectors.Period) -> str:
    parts = [f"from-{period.start:%Y-%m-%d}" if period.start else "", f"to-{period.end:%Y-%m-%d}" if period.end else ""]
    return "".join(f"-{part}" for part in parts if part)


@board_access
def board_page(request, code=None):
    program = _program(code)
    form, period = period_from(request.GET)
    query = _query(form)

    def sections() -> str:
        """The sections' HTML: the same for every board member and staff (no per-person content, no form)."""
        dashboard = _dashboard(period, program)
        for section in dashboard.sections:
            for table in section.tables:
                url = (
                    reverse("dashboards:program_table_csv", args=[program.code, table.key])
                    if program
                    else reverse("dashboards:table_csv", args=[table.key])
                )
                table.csv_url = f"{url}?{query}" if query else url
        return render_to_string("dashboards/_sections.html", {"dashboard": dashboard})

    return render(
        request,
        "dashboards/board.html",
        {
            # Rendered here from the escaping template, so safe; kept as a plain string in the cache.
            "sections": mark_safe(cached("board-html", (period, code or "", query), lambda: str(sections()))),
            "program": program,
            "form": form,
            "query": query,
            "period": period,
            "today": timezone.localdate(),
            "programs": selectors.programs() if program is None else [],
        },
        status=400 if form.errors else 200,
    )


@board_access
def table_csv(request, key, code=None):
    program = _program(code)
    form, period = period_from(request.GET)
    if form.errors:
        return HttpResponse(
            "; ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    table = _dashboard(period, program).table(key)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
    scope = program.code if program else "board"
    response["Content-Disposition"] = f'attachment; filename="{scope}-{key}{_suffix(period)}.csv"'
    return response


@board_access
def report_pdf(request):
    """The Board's portfolio report: every section of the dashboard with its charts and tables, rendered by a task and
    kept under the data's fingerprint (``core.pdfs``): the person asking waits on a page that reloads, and no web
    worker is held for the seconds a rendering takes (issue 25)."""
    form, period = period_from(request.GET)
    start, end = (day.isoformat() if day else "" for day in (period.start, period.end))
    fingerprint = f"{start}:{end}:{dashboards_cache.fingerprint()}"
    return pdfs.respond(
        request,
        kind=tasks.BOARD_REPORT,
        fingerprint=fingerprint,
        queue=pdfs.queue_task(tasks.render_board_report, start, end, fingerprint, what="the Board report"),
        filename=f"board-report{_suffix(period)}.pdf",
        title=_("The Board report"),
    )


# --- Public --------------------------------------------------------------------------------------------------------


class AwardsPage:
    """One page of the public awards list (the list can hold tens of thousands of awards)."""

    def __init__(self, number):
        self.count = cached("award_count", (), selectors.award_count)
        self.num_pages = max(1, -(-self.count // PUBLIC_PAGE))
        try:
            self.number = min(max(int(number), 1), self.num_pages)
        except (TypeError, ValueError):
            self.number = 1
        found = cached(
            "awards",
            (self.number,),
            lambda: selectors.awards(offset=(self.number - 1) * PUBLIC_PAGE, limit=PUBLIC_PAGE),
        )
        self.awards = [(award, public.STATUS[award.stage]) for award in found]
        self.has_previous, self.has_next = self.number > 1, self.number < self.num_pages
        self.previous_page_number, self.next_page_number = self.number - 1, self.number + 1


@require_safe
@for_reports
def public_page(request):
    with selectors.one_reading():  # the totals, the count and the page of awards from one catch-up
        headlines, tables = _public_tables()
        page = AwardsPage(request.GET.get("page"))
    for table in tables:
        table.csv_url = reverse("dashboards:public_table_csv", args=[table.key])
    return render(
        request,
        "dashboards/public.html",
        {"headlines": headlines, "tables": tables, "page": page, "today": timezone.localdate()},
    )


@require_safe
@for_reports
def public_table_csv(request, key):
    table = next((table for table in _public_tables()[1] if table.key == key), None)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="clean-air-grants-{key}.csv"'
    return response


@require_safe
@for_reports
def awards_csv(request):
    """Every award, one line per funded project (docs/open-data.md), streamed."""
    writer = spreadsheets.csv_writer()

    def rows():
        yield writer.writerow(public.AWARD_FIELDS)
        for award in selectors.iter_awards():
            record = public.award_record(award)
            yield writer.writerow([record[name] for name in public.AWARD_FIELDS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clean-air-grants-awards.csv"'
    return response


@require_safe
@for_reports
def awards_json(request):
    """Every award as a JSON array of objects (docs/open-data.md), streamed."""

    def chunks():
        generated = json.dumps(timezone.localtime().isoformat(timespec="seconds"))
        yield f'{{"generated": {generated}, "awards": ['

        for index, award in enumerate(selectors.iter_awards()):
            yield ("," if index else "") + "\n" + json.dumps(public.award_record(award))
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="clean-air-grants-awards.json"'
    return response


@require_safe
@for_reports
def totals_json(request):
    """The public page's headline totals, per program and per county and program (docs/open-data.md)."""
    headlines, tables = _public_tables()
    counties = tables[1]
    return HttpResponse(
        json.dumps(
            {
                "generated": timezone.localtime().isoformat(timespec="seconds"),
                "programs": [
                    {
                        "program": item.code,
                        "title": item.title,
                        "funding_source": item.funding_source,
                        "funds": str(item.budget),
                        "awarded": str(item.awarded),
                        "available": str(item.available),
                        "projects_funded": item.projects,
                    }
                    for item in headlines
                ],
                "counties": [
                    {"county": county, "program": code, "projects_funded": projects, "awarded": str(awarded)}
                    for county, code, projects, awarded in counties.rows
                ],
            },
            indent=2,
        ),
        content_type="application/json",
    )
