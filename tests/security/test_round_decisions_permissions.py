"""The permission matrix for a funding round's line decisions and its waitlist offer (issue 21): only staff who
decide funding (``funding.change_fundinground``) exclude, hold, waitlist or offer returned money; board members,
applicants, inspectors, port representatives, finance, signatories, supervisors and auditors get a 404 and change nothing; anonymous visitors sign in."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from funding import services
from funding.models import LedgerEntry, Recommendation
from programs.models import Program
from tests.factories import PASSWORD, UserFactory, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user(db):
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def funding_round(staff_user):
    complete_application(staff=staff_user)
    return services.run_round(services.start_round(Program.objects.get(code="PA2026-02"), actor=staff_user))


def actions(funding_round):
    line = funding_round.lines.get()
    return [
        (reverse("funding:decide_line", args=[funding_round.pk, line.pk]), {"action": "exclude", "reason": "x"}),
        (reverse("funding:offer_waitlist", args=[funding_round.pk, line.pk]), {"reason": "x"}),
    ]


OTHERS = [
    Role.BOARD_MEMBER,
    Role.APPLICANT,
    Role.INSPECTOR,
    Role.PORT_REPRESENTATIVE,
    Role.FINANCE,
    Role.SIGNATORY,
    Role.SUPERVISOR,
    Role.AUDITOR,
]


@pytest.mark.parametrize("role", OTHERS)
def test_only_staff_who_decide_funding_may_decide_lines_or_offer_the_waitlist(client, funding_round, role):
    client.login(username=UserFactory(role=role).username, password=PASSWORD)
    entries = LedgerEntry.objects.count()
    for url, data in actions(funding_round):
        assert client.post(url, data).status_code == 404, (role, url)
        assert client.get(url).status_code in (404, 405), (role, url)
    line = Recommendation.objects.get(funding_round=funding_round)
    assert (line.action, line.action_by, line.offered_at) == ("", None, None)
    assert LedgerEntry.objects.count() == entries


def test_staff_may_decide_a_line(client, funding_round, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    url, data = actions(funding_round)[0]
    assert client.post(url, data).status_code == 302
    assert Recommendation.objects.get(funding_round=funding_round).action_by == staff_user


def test_a_line_of_another_round_is_not_found(client, funding_round, staff_user):
    client.login(username=staff_user.username, password=PASSWORD)
    line = funding_round.lines.get()
    url = reverse("funding:decide_line", args=[funding_round.pk + 1000, line.pk])
    assert client.post(url, {"action": "exclude", "reason": "x"}).status_code == 404


def test_anonymous_visitors_sign_in_first(client, funding_round):
    for url, data in actions(funding_round):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
