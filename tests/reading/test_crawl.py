"""Every page each demo role reaches, and every PDF and export those pages link to, reads as written for people:
no seed file name, developer note, Python value, escaped markup, internal key or grouped year (issue 20).

The demo is built once for the module (``demo_site``) and the crawl visits a bounded number of each URL pattern
(``tests.reading.crawl``), so the whole check costs one demo build and a few hundred requests.
"""

import pytest
from django.contrib.auth import get_user_model

from .crawl import crawl, findings_in, read_html, read_pdf

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
