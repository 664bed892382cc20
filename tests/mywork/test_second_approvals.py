"""A supervisor's My work (issue 21, Controls): the awards and payments above their program's amount that another
person approved first wait there for the second approval, each row opening the page where it is given; staff without
the supervisor permission have no such section."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from applications import services
from payments import services as payment_services
from programs.models import Program
from tests.factories import UserFactory, complete_application, signatory
from tests.payments.conftest import Inspections, funded_project, submitted_request

pytestmark = pytest.mark.django_db


def sections(client, user) -> dict[str, int]:
    client.force_login(user)
    page = client.get(reverse("mywork:page")).content.decode()
    return {key: int(count) for key, count in re.findall(r'id="(\w+)" data-count="(\d+)"', page)}, page


def test_awards_and_payments_waiting_for_a_second_approval(client, monkeypatch):
    from payments import selectors

    monkeypatch.setattr(selectors, "clearances_for", Inspections())  # the inspections report them passed
    staff = UserFactory(role=Role.STAFF, first_name="Lena", last_name="Park")
    supervisor = signatory("rosa", name=("Rosa", "Diaz"), title="Program Supervisor", role=Role.SUPERVISOR)
    funded = funded_project("PA2026-02", staff=staff)  # approved before the program set an amount
    Program.objects.filter(code="PA2026-02").update(second_approval_above=Decimal("300000.00"))
    waiting = complete_application(staff=staff)
    services.approve(waiting, staff, "First approval.")
    below = complete_application(staff=staff)
    request = submitted_request(funded, costs=("350000.00",))
    payment_services.approve(request, actor=staff)

    counts, page = sections(client, supervisor)
    assert (counts["second_awards"], counts["second_payments"]) == (1, 1)
    assert reverse("funding:approve_application", args=[waiting.pk]) in page
    assert reverse("payments:detail", args=[request.pk]) in page
    assert below.reference not in page.split('id="second_awards"')[1].split("</section>")[0]
    assert "second_awards" not in sections(client, staff)[0]  # no supervisor permission, no section

    services.approve(waiting, supervisor, "Second approval.")
    payment_services.second_approve(request, actor=supervisor)
    counts, _ = sections(client, supervisor)
    assert (counts["second_awards"], counts["second_payments"]) == (0, 0)
