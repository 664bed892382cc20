"""Every page each demo role reaches, and every PDF and export those pages link to, reads as written for people:
no seed file name, developer note, Python value, escaped markup, internal key or grouped year (issue 20).

The demo is built once for the module (``demo_site``) and the crawl visits a bounded number of each URL pattern
(``tests.reading.crawl``), so the whole check costs one demo build and a few hundred requests.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from .crawl import ENGLISH, crawl, findings_in, read_html, read_pdf, without_names

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "applicant", "consultant", "staff", "finance", "inspector", "board", "port_la")
# Pages a role must reach, so the crawl cannot pass by reaching nothing.
MUST_REACH = {
    "applicant": ("/agreements/", "/agreements/calendar/", "/payments/", "/reporting/"),
    "staff": ("/admin/applications/application/", "/agreements/obligations/", "/funding/", "/dashboard/"),
    "board": ("/dashboard/", "/dashboard/report.pdf"),
    "inspector": ("/inspections/mine/",),
    "port_la": ("/ports/port/", "/ports/status/", "/ports/rule-4001/"),
}
STARTS = {"staff": ("/", "/admin/applications/application/")}


@pytest.mark.parametrize("role", ROLES)
def test_what_each_demo_role_reads_is_written_for_people(demo_site, demo_media, client, role):
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    visited = []
    result = crawl(client, role, start=STARTS.get(role, ("/",)), visited=visited)
    assert not result.errors, result.errors
    assert result.pages >= 5
    for url in MUST_REACH.get(role, ()):
        assert url in visited, f"{role} did not reach {url}"
    assert not result.findings, "\n".join(str(finding) for finding in result.findings[:40])


def test_the_checks_catch_what_the_issue_found():
    """Each check fails on the strings the issue quotes, and passes their corrected forms."""
    bad = (
        '(001_ea26778b00a7e017.txt, PA2026-02 Section 4.4 "DELIVERABLES")',
        "(schedule left to the agreement; portal default)",
        "Vehicle model year 2,012",
        "invoice_deadline, operational_deadline",
        "Data: {'award': '267664.57'}",
    )
    for text in bad:
        assert findings_in(text), text
    text, _ = read_html('<p>posted on &lt;a href="http://www.aqmd.gov/moyer"&gt;www.aqmd.gov/moyer&lt;/a&gt;</p>')
    assert findings_in(text)
    good = (
        'Program Announcement PA2026-02, Section 4.4 "DELIVERABLES"',
        "Vehicle model year 2012 · 612,000 miles · $1,234.00",
        "Payment request deadline, In operation by",
        "None listed.",
    )
    for text in good:
        assert not findings_in(text), text
    text, _ = read_html("<p>Show sources<span data-sources hidden>001_ea26778b00a7e017.txt</span></p>")
    assert not findings_in(text)
    assert read_pdf(b"not a PDF") is None


# The awardee's and applicant's side in Spanish, and the staff's payment review (staff may read Spanish too). A PDF is
# checked when it is the Spanish courtesy translation: the binding English original and the records the portal keeps
# (receipts, signed documents) are English by right. A notice is kept as it was written, in the language its account
# read when it was sent (a Spanish account's notices are Spanish: tests/browser/test_reading_journeys.py), so the
# notices of the demo's English-speaking accounts are left out.
SPANISH_ROLES = {
    "applicant": {"start": ("/",), "within": None},
    "consultant": {"start": ("/",), "within": None},
    "staff": {"start": ("/payments/queue/",), "within": re.compile(r"^/payments/")},
}
SPANISH_PDFS = re.compile(r"-es\.pdf$")
NOTICES = re.compile(r"^/notices/")


def names_in_the_demo():
    """What is English by right on a Spanish page: the programs' titles, the district's, ports', organizations' and
    funds' names, people's names and the demo's typed data (project and cost descriptions)."""
    from accounts.models import Organization
    from agreements.models import ProjectEvent
    from applications.models import Decision
    from conversations.models import Message
    from funding.models import FundSource
    from payments.models import CostLine, Step
    from ports_agreement.models import Port
    from programs.models import Program

    names = {"Clean Air Grants", "South Coast Air Quality Management District", "South Coast AQMD"}
    names |= set(Program.objects.values_list("title", flat=True))
    names |= set(Organization.objects.values_list("name", flat=True))
    names |= set(Port.objects.values_list("name", flat=True))
    names |= set(FundSource.objects.values_list("name", flat=True))
    # What the demo's people typed: a decision's and a payment step's reason, cost lines, an event's note.
    names |= set(Decision.objects.values_list("reason", flat=True))
    names |= set(Step.objects.values_list("reason", flat=True))
    names |= set(CostLine.objects.values_list("description", flat=True))
    names |= set(ProjectEvent.objects.filter(note__contains="(demo)").values_list("note", flat=True))
    names |= set(Message.objects.values_list("body", flat=True))  # the demo's conversations
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        names.add(f"{first} {last}".strip())
    return {name for name in names if name}


@pytest.mark.parametrize(
    "role", [pytest.param(role, marks=[pytest.mark.pdf] if role != "staff" else []) for role in SPANISH_ROLES]
)
def test_a_spanish_reader_reads_spanish(demo_site, demo_media, client, role):
    """With Spanish chosen, every page the role reaches (and every PDF those pages offer in Spanish) has no English
    sentence left: each common English word found outside a name is a string that was never translated."""
    client.force_login(get_user_model().objects.get(username=role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    visited = []
    options = SPANISH_ROLES[role]
    result = crawl(
        client,
        role,
        start=options["start"],
        within=options["within"],
        visited=visited,
        checks=ENGLISH,
        names=names_in_the_demo(),
        pdfs=SPANISH_PDFS,
        skip=NOTICES,
    )
    assert not result.errors, result.errors
    assert result.pages >= 3
    assert not result.findings, "\n".join(str(finding) for finding in result.findings[:80])


def test_the_english_check_finds_english_and_leaves_spanish_and_names():
    assert findings_in("Solicitar el pago · Save the request", checks=ENGLISH)
    assert findings_in("Estado: Submitted", checks=ENGLISH)
    names = {"Port of Los Angeles", "Carl Moyer Program"}
    spanish = "El Port of Los Angeles presentó su informe del Carl Moyer Program el 7 de diciembre de 2026."
    assert not findings_in(without_names(spanish, names), checks=ENGLISH)
    cited = 'Se desguaza. (Program Announcement PA2026-02, Section 4.2 "SCRAPPING REQUIREMENTS" ("within ninety days"))'
    assert not findings_in(without_names(cited, ()), checks=ENGLISH)
    text, _ = read_html('<p>Aviso<span lang="en">Your agreement is ready</span></p>')
    assert not findings_in(text, checks=ENGLISH)
