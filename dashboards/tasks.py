import datetime as dt

from celery import shared_task

from core.pdfs import keep

from . import report
from .selectors import Period

BOARD_REPORT = "board-report"


@shared_task
def render_board_report(start: str, end: str, fingerprint: str) -> int:
    """The Board report's PDF for the period (ISO dates, "" for open), kept under ``fingerprint`` for the page that
    asked (``core.pdfs``; issue 25: never rendered in a web worker). Returns its size in bytes."""
    period = Period(
        start=dt.date.fromisoformat(start) if start else None, end=dt.date.fromisoformat(end) if end else None
    )
    pdf = report.render_board_report(period)
    keep(BOARD_REPORT, fingerprint, pdf)
    return len(pdf)
