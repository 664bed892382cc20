"""An approved application becomes a drafted agreement: the program's noun, the awards the fund ledger holds (a
partial offer included) and what the agreement sets for each project, from the application."""

from decimal import Decimal

import pytest

from agreements import services
from agreements.models import Agreement, Step
from applications import services as application_services
from applications.models import Status
from funding import services as funding
from funding.services import Offer
from tests.factories import approved_application, complete_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "noun"),
    [
        ("PA2026-01", "Rebate agreement"),
        ("PA2026-02", "Rebate agreement"),
        ("PA2026-03", "Rebate agreement"),
        ("PA2022-01", "Contract"),
        ("PA2025-04", "Contract"),
    ],
)
def test_approval_drafts_the_programs_agreement(staff_user, code, noun):
    application = approved_application(code, staff=staff_user)
    agreement = application.agreement
    assert agreement.status == Agreement.Status.DRAFTED
    assert str(agreement) == f"{noun} {application.reference}"
    [funded] = agreement.funded_projects.all()
    assert funded.award == application.projects.get().award > 0
    assert funded.fund_names
    assert agreement.awardee_name == application.details["applicant_name"]
    assert Step.objects.get(agreement=agreement).action == "draft"


def test_the_drafts_values_come_from_the_application(staff_user):
    charging = approved_application("PA2026-03", staff=staff_user).agreement.funded_projects.get()
    project = charging.project.data
    assert charging.values["commissioning_date"] == project["commissioning_date"]
    assert charging.values["equipment_order_date"] == project["equipment_order_date"]
    assert charging.values["annual_requirement"] == project["projected_annual_throughput_kwh"]

    soon = approved_application("PA2025-04", staff=staff_user).agreement.funded_projects.get()
    # MAXIMUM ELIGIBLE FUNDING table: the example is a Tier 4 Final replacement, five years.
    assert (soon.values["project_type"], soon.values["project_life_years"]) == ("replacement", 5)
    assert soon.values["annual_requirement"] == str(soon.project.data["proposed_annual_hours"])

    truck = approved_application("PA2022-01", staff=staff_user).agreement.funded_projects.get()
    assert truck.values["path"] == truck.project.path


def test_a_partial_offer_is_the_agreements_award(staff_user):
    application = complete_application("PA2026-02", staff=staff_user)
    project = application.projects.get()
    application_services.approve(application, staff_user, offers=[Offer(project, Decimal("150000.00"))])
    assert application.agreement.funded_projects.get().award == Decimal("150000.00")


def test_an_approval_that_fails_drafts_nothing(staff_user):
    application = complete_application("PA2026-02", staff=staff_user)
    fund = application.program.fund_sources.get()
    funding.adjust_budget(
        fund,
        -(funding.selectors.balance_of_fund(fund).available - Decimal("1000.00")),
        actor=staff_user,
        reason="Spent (test)",
    )
    with pytest.raises(funding.FundingError):
        application_services.approve(application, staff_user)
    application.refresh_from_db()
    assert application.status == Status.COMPLETE and not Agreement.objects.exists()


def test_drafting_twice_keeps_one_agreement(staff_user):
    application = approved_application("PA2026-02", staff=staff_user)
    assert services.draft_agreement(application) == application.agreement
    assert Agreement.objects.count() == 1


def test_staff_set_what_the_draft_states_and_bad_values_are_named(staff_user):
    agreement = approved_application("PA2026-03", staff=staff_user).agreement
    project = agreement.funded_projects.get().project
    funded = services.set_values(
        agreement, project, {"commissioning_date": "2027-06-30", "annual_requirement": "9000"}, actor=staff_user
    )
    assert funded.values == {"commissioning_date": "2027-06-30", "annual_requirement": "9000"}
    with pytest.raises(services.InputError) as error:
        services.set_values(agreement, project, {"commissioning_date": "June"}, actor=staff_user)
    assert "commissioning_date" in error.value.errors


def test_an_agreement_may_ask_more_usage_than_the_announcement_never_less(staff_user):
    """Issue 23: PA2026-02 Section 4, "a minimum of 7,000 miles a year, and 75% of which must be within the two
    MSAs"."""
    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    project = agreement.funded_projects.get().project
    with pytest.raises(services.InputError) as error:
        services.set_values(
            agreement, project, {"annual_requirement": "5000", "share_requirement_percent": "60"}, actor=staff_user
        )
    assert "5,000 miles is below the announcement's 7,000 miles" in error.value.errors["annual_requirement"]
    assert "Program Announcement PA2026-02, Section 4" in error.value.errors["annual_requirement"]
    assert "60% is below the announcement's 75%" in error.value.errors["share_requirement_percent"]
    funded = services.set_values(
        agreement, project, {"annual_requirement": "8000", "share_requirement_percent": "80"}, actor=staff_user
    )
    assert funded.values == {"annual_requirement": "8000", "share_requirement_percent": "80"}


def test_a_soon_project_life_longer_than_the_table_allows_is_refused(staff_user):
    agreement = approved_application("PA2025-04", staff=staff_user).agreement
    project = agreement.funded_projects.get().project
    with pytest.raises(services.InputError) as error:
        services.set_values(
            agreement, project, {"project_type": "replacement", "project_life_years": 7}, actor=staff_user
        )
    assert "5-year maximum project life" in error.value.errors["project_life_years"]


def test_a_cmp_contract_needs_its_project_life(staff_user):
    agreement = approved_application("PA2022-01", staff=staff_user).agreement
    project = agreement.funded_projects.get().project
    with pytest.raises(services.InputError) as error:
        services.set_values(agreement, project, {"path": "CMP"}, actor=staff_user)
    assert "contract term" in error.value.errors["project_life_years"]


def test_nothing_is_sent_while_the_term_lacks_a_value(staff_user):
    agreement = approved_application("PA2022-01", staff=staff_user).agreement
    agreement.funded_projects.update(values={})
    with pytest.raises(services.AgreementError, match="Funding path is required"):
        services.send(agreement, actor=staff_user)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFTED
