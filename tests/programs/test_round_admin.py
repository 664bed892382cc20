"""Staff see each round's terms beside the seed's value and clause, re-issue and change rounds in the admin;
board members read them; nobody else reaches them (the permission matrix for rounds and their history)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from programs import selectors, services
from programs.models import Program, Round, RoundChange
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PT = timezone.get_current_timezone()


def signed_in(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def reissued(db):
    staff = UserFactory(role=Role.STAFF)
    return services.reissue(
        Program.objects.get(code="PA2026-02"),
        opens_at=dt.datetime(2026, 11, 16, 12, tzinfo=PT),
        closes_at=dt.datetime(2027, 2, 15, 12, tzinfo=PT),
        by=staff,
        reason="Re-issued PA",
        terms={"deployment_deadline": "2029-05-31"},
    )


def row(page, term):
    match = re.search(rf'<tr data-term="{term}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, term
    return match.group(0)


def test_the_program_page_shows_each_term_beside_its_seed_citation_and_marks_the_changed_ones(client, reissued):
    signed_in(client, Role.STAFF)
    page = client.get(reverse("admin:programs_program_change", args=[reissued.program.pk])).content.decode()
    deadline = row(page, "deployment_deadline")
    assert "May 31, 2029" in deadline and "February 29, 2028" in deadline
    assert "001_ea26778b00a7e017.txt, PA2026-02 Section 1.1" in deadline
    assert "changed by the re-issue" in deadline
    cap = row(page, "award_cap")
    assert "$400,000.00" in cap and "changed by the re-issue" not in cap
    assert "changed by the re-issue" in row(page, "closes_at") and "February 15, 2027, 12:00 PM PT" in page
    assert "Re-issue 1</a>, issued" in page
    assert reverse("admin:programs_program_reissue", args=[reissued.program.pk]) in page


def test_staff_reissue_from_the_program_page_and_the_history_shows_old_and_new_values(client, reissued):
    staff = signed_in(client, Role.STAFF)
    program = reissued.program
    url = reverse("admin:programs_program_reissue", args=[program.pk])
    form = client.get(url).content.decode()
    assert 'value="2029-05-31"' in form  # the new round starts as a copy of the current one
    services.change_round(
        reissued, by=staff, reason="Closed for re-issue 2", closes_at=dt.datetime(2027, 1, 31, 12, tzinfo=PT)
    )
    data = {
        "opens_at": "2027-02-01T12:00",
        "closes_at": "2027-05-28T12:00",
        "budget": "9000000.00",
        "issued_on": "2027-01-20",
        "source": "PA2026-02 re-issued, Board item 7",
        "reason": "Second re-issue for the remaining funds",
    }
    data.update(
        {
            f"term__{term.name}": value
            for term, value in (
                (
                    term,
                    "2029-05-31"
                    if term.name == "deployment_deadline"
                    else "350000.00"
                    if term.name == "award_cap"
                    else term.default,
                )
                for term in selectors.round_terms(program.code)
            )
        }
    )
    response = client.post(url, data)
    second = Round.objects.get(program=program, number=2)
    assert response.status_code == 302 and response.url == reverse("admin:programs_round_change", args=[second.pk])
    assert second.terms == {"deployment_deadline": "2029-05-31", "award_cap": "350000.00"}
    assert second.source == "PA2026-02 re-issued, Board item 7" and second.created_by == staff
    page = client.get(response.url).content.decode()
    assert "$400,000.00" in page and "$350,000.00" in page and "Second re-issue for the remaining funds" in page
    assert "May 28, 2027, 12:00 PM PT" in page


def test_a_bad_reissue_comes_back_with_the_field_named_and_nothing_saved(client, reissued):
    signed_in(client, Role.STAFF)
    program = reissued.program
    data = {
        "opens_at": "2026-12-01T12:00",
        "closes_at": "2027-03-01T12:00",
        "issued_on": "2026-11-20",
        "reason": "Overlapping",
        **{f"term__{term.name}": term.default for term in selectors.round_terms(program.code)},
    }
    response = client.post(reverse("admin:programs_program_reissue", args=[program.pk]), data)
    assert response.status_code == 200
    assert "overlaps the re-issue 1" in response.content.decode()
    assert program.rounds.count() == 2


def test_staff_change_a_round_and_each_change_is_recorded(client, reissued):
    staff = signed_in(client, Role.STAFF)
    url = reverse("admin:programs_round_amend", args=[reissued.pk])
    assert 'value="2026-11-16T12:00"' in client.get(url).content.decode()
    data = {
        "opens_at": "2026-11-16T12:00",
        "closes_at": "2027-03-15T12:00",
        "budget": "28000000.00",
        "reason": "Amendment 1",
        **{f"term__{term.name}": term.default for term in selectors.round_terms(reissued.program.code)},
    }
    data["term__deployment_deadline"] = "2029-05-31"
    data["term__quote_max_age_days"] = "120"
    response = client.post(url, data)
    assert response.status_code == 302
    changes = RoundChange.objects.filter(round=reissued, reason="Amendment 1")
    assert {(change.parameter, change.changed_by) for change in changes} == {
        ("closes_at", staff),
        ("quote_max_age_days", staff),
    }
    page = client.get(reverse("admin:programs_round_change", args=[reissued.pk])).content.decode()
    assert "90 calendar days" in page and "120 calendar days" in page
    assert "changed by the re-issue" in row(page, "quote_max_age_days")


@pytest.mark.parametrize(
    ("role", "page_status", "may_issue"),
    [
        (Role.STAFF, 200, True),
        (Role.BOARD_MEMBER, 200, False),
        (Role.INSPECTOR, 302, False),
        (Role.APPLICANT, 302, False),
        (Role.PORT_REPRESENTATIVE, 302, False),
    ],
)
def test_rounds_and_their_history_by_role(client, reissued, role, page_status, may_issue):
    signed_in(client, role)
    program = reissued.program
    for url in (
        reverse("admin:programs_program_change", args=[program.pk]),
        reverse("admin:programs_round_change", args=[reissued.pk]),
        reverse("admin:programs_round_changelist"),
    ):
        assert client.get(url).status_code == page_status, url
    for url in (
        reverse("admin:programs_program_reissue", args=[program.pk]),
        reverse("admin:programs_round_amend", args=[reissued.pk]),
    ):
        status = client.get(url).status_code
        assert status == (200 if may_issue else 403 if page_status == 200 else 302), url
        response = client.post(
            url,
            {"opens_at": "2030-01-01T12:00", "closes_at": "2030-03-01T12:00", "issued_on": "2029-12-01", "reason": "x"},
        )
        assert response.status_code in ((200,) if may_issue else (302, 403)), url
    assert program.rounds.count() == 2
    assert not RoundChange.objects.filter(reason="x").exists()
    add = client.get(reverse("admin:programs_round_add"))
    assert add.status_code in (302, 403)
    delete = client.post(reverse("admin:programs_round_delete", args=[reissued.pk]), {"post": "yes"})
    assert delete.status_code in (302, 403) and Round.objects.filter(pk=reissued.pk).exists()


def test_the_home_page_says_which_issue_is_current(client, reissued):
    page = client.get("/").content.decode()
    card = page.split('data-program="PA2026-02"')[1].split("data-program=")[0]
    assert f"Re-issue 1, issued {timezone.localdate():%B %-d, %Y}" in card
    assert "February 15, 2027, 12:00 PM PT" in card


def test_a_new_announcement_added_in_the_admin_is_issued_as_its_original_round(client):
    staff = signed_in(client, Role.STAFF)
    # the seeded announcement is moved aside (its funds and ledger are never deleted) so staff can add it anew
    Program.objects.filter(code="PA2026-03").update(code="PA2026-03-SEEDED")
    data = {
        "code": "PA2026-03",
        "title": "Charging Infrastructure Deployment Incentive Program",
        "measure": "INVEST CLEAN Measure 1",
        "opens_at_0": "2025-08-15",
        "opens_at_1": "12:00:00",
        "closes_at_0": "2025-11-28",
        "closes_at_1": "12:00:00",
        "budget": "178500000.00",
        "funding_source": "U.S. EPA CPRG",
        "source": "001_ea26778b00a7e017.txt, PA2026-03",
        "rounds-TOTAL_FORMS": "0",
        "rounds-INITIAL_FORMS": "0",
        "funding_rule_sets-TOTAL_FORMS": "0",
        "funding_rule_sets-INITIAL_FORMS": "0",
    }
    refused = client.post(reverse("admin:programs_program_add"), {**data, "code": "PA2030-01"})
    assert refused.status_code == 200 and "No rule set evaluates PA2030-01" in refused.content.decode()
    backwards = client.post(reverse("admin:programs_program_add"), {**data, "closes_at_0": "2025-08-01"})
    assert "must be after the window opens" in backwards.content.decode()
    response = client.post(reverse("admin:programs_program_add"), data)
    assert response.status_code == 302
    original = Program.objects.get(code="PA2026-03").current_round
    assert (original.number, original.created_by, original.budget) == (0, staff, Decimal("178500000.00"))
    assert original.source == "001_ea26778b00a7e017.txt, PA2026-03" and original.changes.count() == 1


def test_a_round_form_refuses_a_usage_minimum_below_the_announcements(client, reissued):
    """Issue 23: PA2026-02 Section 4, "a minimum of 7,000 miles a year"; what staff typed comes back."""
    signed_in(client, Role.STAFF)
    url = reverse("admin:programs_round_amend", args=[reissued.pk])
    data = {
        "opens_at": "2026-11-16T12:00",
        "closes_at": "2027-02-15T12:00",
        "budget": "28000000.00",
        "reason": "Lower the miles",
        **{f"term__{term.name}": term.default for term in selectors.round_terms(reissued.program.code)},
    }
    data["term__minimum_annual_miles"] = "6000"
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    start = page.index("6,000 miles is below the announcement&#x27;s 7,000 miles")
    message = page[start : page.index("never lowered", start)]
    assert "Program Announcement PA2026-02, Section 4" in message and ".txt" not in message
    assert 'value="6000"' in page
    assert not RoundChange.objects.filter(round=reissued, reason="Lower the miles").exists()
