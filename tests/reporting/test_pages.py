"""The pages: the awardee's reports due and report form (figures with units, draft, documents, submit, staff's
review), staff's queue and review with the contracted figures beside the reported ones, the shortfall flag, the remedy
form and the closeout button; bad input is a form error naming the field, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from reporting.models import UsageReport
from tests.reporting.conftest import awardee_of, file_report, in_reporting, login, pdf

pytestmark = pytest.mark.django_db
D = dt.date
LATER = D(2035, 1, 1)


def first(funded):
    return UsageReport.objects.get(funded_project=funded, number=1)


def test_the_awardee_files_a_report_through_the_pages(client, staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    login(client, awardee_of(funded))
    page = client.get(reverse("reporting:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Semi-annual report 1" in text and "Overdue" in text
    report = first(funded)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Vehicle miles traveled (miles)" in page and "Miles within the two MSAs (miles)" in page
    bad = client.post(reverse("reporting:save", args=[report.pk]), {"miles": "lots", "msa_miles": "10"})
    assert bad.status_code == 400 and "Vehicle miles traveled (miles): enter a number." in bad.content.decode()
    client.post(
        reverse("reporting:save", args=[report.pk]), {"miles": "3000", "msa_miles": "2400", "energy_used_kwh": "900"}
    )
    report.refresh_from_db()
    assert (report.status, report.usage) == ("draft", 3000)
    for slot in ("registration", "insurance"):
        client.post(reverse("reporting:upload", args=[report.pk]), {"slot": slot, "files": pdf(f"{slot}.pdf")})
    assert report.documents.count() == 2
    fake = client.post(
        reverse("reporting:upload", args=[report.pk]),
        {
            "slot": "registration",
            "files": pdf("x.pdf").__class__("x.pdf", b"not a pdf", content_type="application/pdf"),
        },
    )
    assert fake.status_code == 400
    response = client.post(reverse("reporting:submit", args=[report.pk]), {"certify": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    download = client.get(reverse("reporting:download", args=[report.pk, report.documents.first().pk]))
    assert download.status_code == 200


def test_staff_see_the_contracted_figures_beside_the_reported_ones_and_the_shortfall(client, staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    report = file_report(first(funded), 3000, 2000, today=LATER)
    login(client, staff_user)
    queue = client.get(reverse("reporting:queue")).content.decode()
    assert "Short by 500" in queue and "Area share short" in queue
    overdue = client.get(reverse("reporting:queue") + "?status=overdue").content.decode()
    assert "Semi-annual report 2" in overdue
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="required-in-period">3,500' in page and 'id="reported-in-period">3,000' in page
    assert 'id="shortfall-size">500 miles' in page and "66.66%" in page
    assert "Extend the agreement" in page or "xtension" in page
    response = client.post(
        reverse("reporting:remedy", args=[funded.pk]), {"kind": "extension", "reason": "Makeup", "report": report.pk}
    )
    assert response.status_code == 400 and "Give the months" in response.content.decode()
    client.post(
        reverse("reporting:remedy", args=[funded.pk]),
        {"kind": "extension", "months": "2", "reason": "Makeup approved", "report": report.pk},
    )
    funded.refresh_from_db()
    assert funded.term_extension_months == 2
    project = client.get(reverse("reporting:project", args=[funded.pk])).content.decode()
    assert "extended by 2" in project and "Close out the project" in project
    client.post(reverse("reporting:accept", args=[report.pk]), {"note": ""})
    report.refresh_from_db()
    assert report.status == "accepted"
