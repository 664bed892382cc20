"""Approving shows the facts the decision changes (issue 21): the amount, each fund charged with its available balance
before and after, the limit that set the award and the application's place in the program's order; the decision
keeps the figures shown, and an approval made on figures the ledger no longer matches is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Status
from funding import services as funding_services
from tests.factories import approve_on_page, complete_application

pytestmark = pytest.mark.django_db

INVEST_CLEAN_TRUCKS = Decimal("28000000.00")
"""PA2026-02's fund: $28,000,000 for the Freight Vehicle Deployment Measure (001_ea26778b00a7e017.txt, Recommended
Actions 2)."""


@pytest.fixture
def earlier(staff_user):
    return complete_application("PA2026-02", staff=staff_user, submitted_at=timezone.now() - dt.timedelta(days=2))


@pytest.fixture
def later(staff_user):
    return complete_application("PA2026-02", staff=staff_user, submitted_at=timezone.now() - dt.timedelta(days=1))


def test_the_approve_page_shows_amount_fund_balances_binding_limit_and_place(staff_client, earlier, later):
    fund = later.program.fund_sources.get()
    page = staff_client.get(reverse("funding:approve_application", args=[later.pk])).content.decode()
    funds = page.split('id="approval-funds"')[1].split("</table>")[0]
    assert fund.name in funds
    assert "$28,000,000.00" in funds and "$400,000.00" in funds and "$27,600,000.00" in funds
    assert '<strong id="approval-total">$400,000.00</strong>' in page
    limits = page.split('id="approval-limits"')[1].split("</table>")[0]
    assert "The program&#x27;s award cap" in limits
    place = page.split('id="approval-place"')[1].split("</dd>")[0]
    assert "2 of 2 complete applications waiting for funds" in place
    assert "first come, first served, by submission time" in place
    first = staff_client.get(reverse("funding:approve_application", args=[earlier.pk])).content.decode()
    assert "1 of 2 complete applications" in first


def test_the_decision_keeps_who_when_why_and_the_figures_shown(staff_client, staff_user, earlier, later):
    approve_on_page(staff_client, earlier, "First come, first served: Board item 5.")
    response = approve_on_page(staff_client, later, "Second in line.")
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.status == Status.APPROVED
    decision = later.decisions.get(action="approve")
    assert (decision.actor, decision.reason) == (staff_user, "Second in line.")
    assert decision.figures["total"] == "400000.00"
    fund = later.program.fund_sources.get()
    assert decision.figures["funds"] == [
        {"fund": fund.name, "before": "27600000.00", "charged": "400000.00", "after": "27200000.00"}
    ]
    assert decision.figures["limits"] == [{"project": 1, "binding_limit": "award_cap", "amount": "400000.00"}]
    assert decision.figures["place"] == {"number": 1, "waiting": 1, "order": "submission"}


def test_an_approval_on_figures_the_ledger_no_longer_matches_is_refused(staff_client, staff_user, later):
    url = reverse("funding:approve_application", args=[later.pk])
    stale = staff_client.get(url).content.decode()
    fund = later.program.fund_sources.get()
    funding_services.adjust_budget(fund, Decimal("-1000000.00"), actor=staff_user, reason="Moved to Measure 1.")
    import html
    import re

    shown = html.unescape(re.search(r'name="shown" value="([^"]*)"', stale).group(1))
    page = staff_client.post(url, {"reason": "On the old figures.", "shown": shown}).content.decode()
    assert "changed since the page was shown" in page
    assert "$27,000,000.00" in page.split('id="approval-funds"')[1]  # the page now shows the new balance
    later.refresh_from_db()
    assert later.status == Status.COMPLETE and not later.ledger_entries.exists()


def test_a_fund_that_cannot_pay_is_shown_and_approve_is_not_offered(staff_client, staff_user, later):
    fund = later.program.fund_sources.get()
    funding_services.adjust_budget(
        fund, Decimal("399999.99") - INVEST_CLEAN_TRUCKS, actor=staff_user, reason="Reallocated."
    )
    page = staff_client.get(reverse("funding:approve_application", args=[later.pk])).content.decode()
    problem = page.split('id="approval-problem"')[1].split("</div>")[0]
    assert "can give it: $399,999.99" in problem
    assert 'id="approve-form"' not in page


def test_the_approve_page_reads_in_spanish(staff_client, later):
    page = staff_client.get(
        reverse("funding:approve_application", args=[later.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Disponible después" in page and "$27,600,000.00" in page
    assert "El tope de subvención del programa" in page
    assert "1 de 1 solicitudes completas en espera de fondos" in page
    assert "por orden de llegada, según la hora de presentación" in page
