"""The staff application list as CSV (streamed, any size) and Excel (openpyxl's write-only workbook).

Money as numbers with two decimals, dates in the documents' calendar (Pacific time), statuses in words.
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.timezone import localtime

from core import spreadsheets
from core.db import reports

COLUMNS = (
    "Application",
    "Organization",
    "Program",
    "Status",
    "County",
    "Submitted",
    "Response due",
    "Award",
    "Reviewer",
    "Contact e-mail",
)


def rows(queryset):
    """One tuple per application, read in chunks (constant memory for 100,000 rows)."""
    queryset = queryset.select_related("program", "organization", "assigned_to").order_by("-submitted_at", "-pk")
    for application in queryset.iterator(chunk_size=2000):
        reviewer = application.assigned_to
        yield (
            application.reference,
            application.organization.name,
            application.program.code,
            application.get_status_display(),
            application.county,
            localtime(application.submitted_at).date().isoformat() if application.submitted_at else "",
            application.deficiency_response_due.isoformat() if application.deficiency_response_due else "",
            f"{application.award_total:.2f}" if application.award_total is not None else "",
            (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "",
            application.details.get("contact_email", ""),
        )


def _filename(extension: str) -> str:
    return f"applications-{timezone.localdate().isoformat()}.{extension}"


def csv_response(queryset) -> StreamingHttpResponse:
    writer = spreadsheets.csv_writer()

    def lines():
        yield "\ufeff"  # so Excel reads the UTF-8 names right
        yield writer.writerow(COLUMNS)
        with reports():  # read from the reporting database (core.db)
            for row in rows(queryset):
                yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(queryset) -> FileResponse:
    """An Excel workbook written row by row (write-only mode) to a temporary file, then streamed."""
    from decimal import Decimal

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Applications")
    sheet.append(COLUMNS)
    with reports():  # read from the reporting database (core.db)
        for row in rows(queryset):
            row = list(row)
            row[7] = Decimal(row[7]) if row[7] else None
            sheet.append(spreadsheets.xlsx_row(sheet, row))
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
