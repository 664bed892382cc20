"""The Board report PDF: one function renders it, whoever asks (the dashboard's link today; a task that renders and
caches it tomorrow). It opens with an executive summary page, the headline figures in sentences, before the
sections' charts and tables."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import board, selectors
from .cache import cached


def render_board_report(period: selectors.Period, *, generated: dt.datetime | None = None) -> bytes:
    """The report's PDF for ``period`` (WeasyPrint), in English, as the Board's materials are."""
    from weasyprint import HTML  # imported when a PDF is made: it loads Pango

    dashboard = cached("board", (period, ""), lambda: board.dashboard(period, None))
    with translation.override("en"):
        html = render_to_string(
            "dashboards/report_pdf.html",
            {"dashboard": dashboard, "generated": generated or timezone.localtime()},
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
