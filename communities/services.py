"""The community determination of an application, and the designation lists' import (issue 23).

Writes lock the determination's row and re-check inside the lock; a staff decision (operation records, override)
is never replaced by a later address lookup. The determination decides what the rules, the funding order and SOON's
DAC floor read: ``Project.dac`` (the ranking column) follows it at once, and the evaluation reads it in place of the
applicant's answer (``applications.services._evaluate_values``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import OPEN_FOR_REVIEW, Application, Project
from applications.services import queue_evaluation

from .geocoder import GeocoderUnavailable, geocoder
from .models import DesignatedTract, DesignationList, Determination
from .rules.designation import Designation, designation_of, read_tract_rows

STAFF_METHODS = (Determination.Method.RECORDS, Determination.Method.OVERRIDE)


class CommunityError(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


# --- Lists -------------------------------------------------------------------------------------------------------


def current_lists() -> list[DesignationList]:
    """The newest import of each list (the one in force)."""
    found = []
    for kind in DesignationList.Kind:
        newest = DesignationList.objects.filter(kind=kind).order_by("-imported_at", "-pk").first()
        if newest is not None:
            found.append(newest)
    return found


@transaction.atomic
def import_list(
    kind: str, rows: Iterable[dict[str, str]], *, name: str, vintage: str, source: str, by=None, sample: bool = False
) -> DesignationList:
    """One designation list from the state's file (CSV rows with a tract/GEOID column and an optional category);
    every bad row named by row and column (``CommunityError``), nothing imported then."""
    errors = {}
    if kind not in DesignationList.Kind.values:
        errors["kind"] = _("Choose the SB 535 disadvantaged communities or the AB 1550 low-income communities.")
    for field, value in (("name", name), ("vintage", vintage), ("source", source)):
        if not value.strip():
            errors[field] = _("Required: every list is recorded with its name, vintage and source.")
    tracts, row_errors = read_tract_rows(list(rows))
    errors.update(row_errors)
    if not tracts and not row_errors:
        errors["file"] = _("The file lists no census tracts.")
    if errors:
        raise CommunityError(errors)
    designation_list = DesignationList.objects.create(
        kind=kind,
        name=name.strip(),
        vintage=vintage.strip(),
        source=source.strip(),
        is_sample=sample,
        imported_by=by,
        tract_count=len(tracts),
    )
    DesignatedTract.objects.bulk_create(
        DesignatedTract(designation_list=designation_list, geoid=row.geoid, category=row.category) for row in tracts
    )
    return designation_list


def rows_of(upload: bytes) -> list[dict[str, str]]:
    """The rows of an uploaded CSV (UTF-8, a byte-order mark allowed)."""
    try:
        text = upload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommunityError(
            {"file": _("The file is not UTF-8 text (save it from the spreadsheet as CSV UTF-8).")}
        ) from None
    return list(csv.DictReader(io.StringIO(text)))


# --- Determinations ------------------------------------------------------------------------------------------------


def address_of(application: Application) -> str:
    """The address looked up: the applicant's business address, where the equipment is domiciled (the application
    forms ask no separate domicile address; staff decide from operation records or override where it differs)."""
    return str(application.details.get("business_address") or "").strip()


def _locked(application: Application) -> Determination:
    Determination.objects.get_or_create(application=application)
    return Determination.objects.select_for_update().get(application=application)


def _apply(determination: Determination) -> None:
    """The ranking column of every project follows the determination; an application under review is evaluated
    again so its rules read it."""
    application = determination.application
    Project.objects.filter(application=application).update(dac=determination.qualifies)
    if application.status in OPEN_FOR_REVIEW and application.evaluated_at is not None:
        transaction.on_commit(lambda: queue_evaluation(application.pk))


def look_up(application_id: int) -> Determination:
    """Geocode the application's address to its 2010 census tract and read the lists in force. An unreachable
    geocoder leaves the determination waiting (with why) for the next try; a staff decision is never replaced."""
    application = Application.objects.get(pk=application_id)
    address = address_of(application)
    match = error = None
    if not address:
        error = _("The application gives no business address.")
    else:
        try:
            match = geocoder().tract_of(address)
        except GeocoderUnavailable as unavailable:
            error = _("The geocoder could not be reached: %(why)s") % {"why": str(unavailable)[:200]}
    with transaction.atomic():
        determination = _locked(application)
        if determination.method in STAFF_METHODS:
            return determination
        determination.address = address
        determination.attempts += 1
        if match is None or match.tract is None:
            determination.method = Determination.Method.WAITING
            determination.lookup_error = error or _("The geocoder found no match for the address: staff decide.")
            determination.save()
            return determination
        lists = current_lists()
        tracts = {
            item.kind: set(item.tracts.filter(geoid=match.tract).values_list("geoid", flat=True)) for item in lists
        }
        designation = designation_of(
            match.tract, tracts.get(DesignationList.Kind.DAC, set()), tracts.get(DesignationList.Kind.LOW_INCOME, set())
        )
        determination.matched_address = match.matched_address
        determination.tract = match.tract
        determination.designation = designation.value
        determination.method = Determination.Method.ADDRESS
        determination.lists = "; ".join(str(item) for item in lists)
        determination.used_sample = any(item.is_sample for item in lists)
        determination.lookup_error = ""
        determination.decided_at = timezone.now()
        determination.decided_by = None
        determination.reason = ""
        determination.save()
        _apply(determination)
        return determination


@transaction.atomic
def decide(application: Application, *, designation: str, method: str, reason: str, actor) -> Determination:
    """Staff decide: from the operation records the applicant submitted (SECTION IV item 3) or by an override, each
    with a reason."""
    errors = {}
    if method not in STAFF_METHODS:
        errors["method"] = _("Choose operation records reviewed or a staff override.")
    if designation not in {item.value for item in Designation}:
        errors["designation"] = _("Choose the designation.")
    if not reason.strip():
        errors["reason"] = _("Say why (the records reviewed, or the reason for the override).")
    if errors:
        raise CommunityError(errors)
    determination = _locked(application)
    determination.designation = designation
    determination.method = method
    determination.reason = reason.strip()
    determination.decided_by = actor
    determination.decided_at = timezone.now()
    determination.lookup_error = ""
    determination.save()
    _apply(determination)
    return determination


def queue_look_up(application_id: int) -> None:
    """Send the lookup to Celery once committed; if the broker is down the determination waits, listed for staff."""
    from core.queueing import enqueue

    from .tasks import look_up_task

    Determination.objects.get_or_create(application_id=application_id)
    transaction.on_commit(lambda: enqueue(look_up_task, application_id, what=f"the address lookup of {application_id}"))
