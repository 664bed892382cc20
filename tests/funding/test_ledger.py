"""The fund ledger: budgets from the announcements, encumbrance on approval with the fund rows locked, release,
disbursement and reversal; entries never edited; sums per program, fund and county in one query."""

from decimal import Decimal

import pytest

from applications import services as application_services
from applications.models import Status
from funding import selectors, services
from funding.models import LedgerEntry, LedgerEntryIsFinal
from programs.models import Program
from tests.factories import complete_application

Kind = LedgerEntry.Kind

pytestmark = pytest.mark.django_db

D = Decimal


def fund_of(code, path=""):
    return Program.objects.get(code=code).fund_sources.get(pays_path=path)


def test_budgets_are_opened_from_the_announcements():
    budgets = {
        (fund.program.code, fund.pays_path): selectors.balance_of_fund(fund).budget
        for fund in fund_of("PA2026-02").__class__.objects.select_related("program")
    }
    assert budgets == {
        ("PA2026-01", ""): D("20600000.00"),
        ("PA2026-02", ""): D("28000000.00"),
        ("PA2026-03", ""): D("178500000.00"),
        ("PA2022-01", "CMP"): D("32100000.00"),
        ("PA2022-01", "Prop 1B"): D("25000000.00"),
    }
    entry = fund_of("PA2022-01", "CMP").entries.get()
    assert entry.actor is None and "002_93fe1fbed5faf247.txt" in entry.reason
    assert not Program.objects.get(code="PA2025-04").fund_sources.exists()  # SOON names no amount


def test_approval_encumbers_the_award_and_the_balances_follow(staff_user):
    application = complete_application(staff=staff_user, projects=({}, {"existing_yard_county": "Riverside"}))
    application_services.approve(application, staff_user, "Meets the requirements.")
    fund = fund_of("PA2026-02")
    assert selectors.balance_of_fund(fund) == selectors.Balance(D("28000000.00"), D("800000.00"), D("0.00"))
    assert selectors.balance_of_fund(fund).available == D("27200000.00")
    assert selectors.award_of(application) == D("800000.00")
    assert selectors.balances_by_county(fund.program) == {
        "Los Angeles": selectors.Balance(D(0), D("400000.00"), D(0)),
        "Riverside": selectors.Balance(D(0), D("400000.00"), D(0)),
    }
    entries = list(application.ledger_entries.order_by("project__position"))
    assert [(entry.kind, entry.amount, entry.county, entry.msa, entry.actor) for entry in entries] == [
        ("encumbrance", D("400000.00"), "Los Angeles", "Los Angeles-Orange County MSA", staff_user),
        ("encumbrance", D("400000.00"), "Riverside", "Inland Empire MSA", staff_user),
    ]


def test_approval_respects_the_other_msas_reserve(staff_user):
    fund = fund_of("PA2026-02")
    services.adjust_budget(fund, D("-27000000.00"), actor=staff_user, reason="Demo: most of the budget moved")
    services.set_reserve(fund, "Inland Empire MSA", D("700000.00"), actor=staff_user, reason="Balance the MSAs")
    application = complete_application(staff=staff_user)  # Los Angeles: $300,000 usable
    with pytest.raises(application_services.WorkflowError) as refused:
        application_services.approve(application, staff_user)
    assert "exceeds what U.S. EPA CPRG" in str(refused.value)
    assert "reserved for the Inland Empire MSA ($300,000.00 usable here)" in str(refused.value)
    application.refresh_from_db()
    assert application.status == Status.COMPLETE and not application.ledger_entries.exists()
    services.set_reserve(fund, "Inland Empire MSA", D("0.00"), actor=staff_user, reason="Released: none applied")
    application_services.approve(application, staff_user)
    assert selectors.balance_of_fund(fund).available == D("600000.00")


def test_partial_offer_from_a_round_is_encumbered_as_offered(staff_user):
    application = complete_application(staff=staff_user)
    project = application.projects.get()
    application_services.approve(application, staff_user, "Partial", offers=[services.Offer(project, D("150000.00"))])
    assert selectors.award_of(application) == D("150000.00")


def test_an_offer_above_the_evaluated_award_is_refused(staff_user):
    application = complete_application(staff=staff_user)
    project = application.projects.get()
    with pytest.raises(services.FundingError, match="more than its evaluated award"):
        application_services.approve(application, staff_user, offers=[services.Offer(project, D("400000.01"))])


def test_a_program_without_a_fund_cannot_approve(staff_user):
    application = complete_application("PA2025-04", staff=staff_user, details={"fleet_size_class": "small"})
    with pytest.raises(services.FundingError, match="PA2025-04 has no fund source yet"):
        application_services.approve(application, staff_user)
    fund = services.create_fund(
        application.program,
        name="Carl Moyer Program FY2025",
        budget=D("1000000.00"),
        actor=staff_user,
        reason="Board allocation of CMP funds to SOON",
    )
    application_services.approve(application, staff_user)
    assert selectors.balance_of_fund(fund).encumbered == application.projects.get().award


def pa2022_project(staff, award, path):
    """A PA2022-01 truck replacement as if eligible under ``path`` (the seed's 2022-2024 dates fail today)."""
    application = complete_application("PA2022-01", staff=staff)
    project = application.projects.get()
    project.eligible, project.award, project.path = True, award, path
    project.save()
    application.award_total = award
    application.save()
    return application, project


def test_pa2022_01_awards_go_to_the_fund_of_their_path(staff_user):
    cmp, prop1b = fund_of("PA2022-01", "CMP"), fund_of("PA2022-01", "Prop 1B")
    application, _ = pa2022_project(staff_user, D("100000.00"), "Prop 1B")
    application_services.approve(application, staff_user)
    assert selectors.balance_of_fund(prop1b).encumbered == D("100000.00")
    assert selectors.balance_of_fund(cmp).encumbered == D("0.00")


def test_pa2022_01_solicitation_total_caps_both_funds(staff_user):
    """$32.1M (CMP) and $25M (Prop 1B) in the funds, but about $35M for the solicitation."""
    # Earlier awards already hold $34,950,000, entered as ledger rows: no one truck's award may be that large (the
    # caps of Tables 2 to 4 are refused since issue 23).
    for path, amount in (("Prop 1B", "24950000.00"), ("CMP", "10000000.00")):
        _, earlier = pa2022_project(staff_user, D("100000.00"), path)
        fund = fund_of("PA2022-01", path)
        services._entry(fund, Kind.ENCUMBRANCE, D(amount), actor=staff_user, reason="Earlier", project=earlier)
    third, project = pa2022_project(staff_user, D("100000.00"), "CMP")
    with pytest.raises(services.FundingError) as refused:
        application_services.approve(third, staff_user)
    assert "the solicitation total of $35,000,000.00 is reached ($50,000.00 left of it)" in str(refused.value)
    application_services.approve(third, staff_user, offers=[services.Offer(project, D("50000.00"))])
    assert selectors.balance_of_program(third.program).encumbered == D("35000000.00")


def test_release_and_disbursement_never_exceed_what_is_awarded_and_unpaid(staff_user):
    application = complete_application(staff=staff_user)
    application_services.approve(application, staff_user)
    project = application.projects.get()
    services.disburse(project, D("250000.00"), actor=staff_user, reason="Invoice 1, check 5512")
    with pytest.raises(services.FundingError, match=r"Only \$150,000.00 of this project's award is not yet paid"):
        services.disburse(project, D("150000.01"), actor=staff_user, reason="Invoice 2")
    with pytest.raises(services.FundingError, match=r"Only \$150,000.00"):
        services.release(project, D("200000.00"), actor=staff_user, reason="Reduced")
    services.release(project, D("100000.00"), actor=staff_user, reason="Project closed for less")
    balance = selectors.balances_by_project([project])[project.pk]
    assert (balance.encumbered, balance.disbursed, balance.outstanding) == (
        D("300000.00"),
        D("250000.00"),
        D("50000.00"),
    )
    assert [
        entry.amount for entry in services.release_remaining(application, actor=staff_user, reason="Terminated")
    ] == [D("-50000.00")]
    assert selectors.balance_of_fund(fund_of("PA2026-02")).available == D("27750000.00")


def test_reversal_corrects_an_entry_and_is_itself_final(staff_user):
    application = complete_application(staff=staff_user)
    application_services.approve(application, staff_user)
    encumbrance = application.ledger_entries.get()
    reversal = services.reverse(encumbrance, actor=staff_user, reason="Approved the wrong application")
    assert (reversal.kind, reversal.amount, reversal.reverses) == ("encumbrance", D("-400000.00"), encumbrance)
    assert selectors.award_of(application) == D("0.00")
    with pytest.raises(services.FundingError, match="already been reversed"):
        services.reverse(encumbrance, actor=staff_user, reason="again")
    with pytest.raises(services.FundingError, match="A reversal is not reversed"):
        services.reverse(reversal, actor=staff_user, reason="undo")


def test_a_budget_cannot_drop_below_what_is_encumbered(staff_user):
    application = complete_application(staff=staff_user)
    application_services.approve(application, staff_user)
    fund = fund_of("PA2026-02")
    with pytest.raises(services.FundingError, match="available"):
        services.adjust_budget(fund, D("-27600000.01"), actor=staff_user, reason="Too much")
    services.adjust_budget(fund, D("-27600000.00"), actor=staff_user, reason="Reallocated")
    assert selectors.balance_of_fund(fund).available == D("0.00")


def test_entries_are_never_edited_or_deleted(staff_user):
    entry = fund_of("PA2026-02").entries.get()
    entry.amount = D("1.00")
    with pytest.raises(LedgerEntryIsFinal):
        entry.save()
    with pytest.raises(LedgerEntryIsFinal):
        entry.delete()
    with pytest.raises(LedgerEntryIsFinal):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=D("1.00"))
    with pytest.raises(LedgerEntryIsFinal):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_balances_are_one_query_whatever_the_number_of_entries(staff_user, django_assert_num_queries):
    for _ in range(3):
        application_services.approve(complete_application(staff=staff_user), staff_user)
    with django_assert_num_queries(1):
        by_program = selectors.balances_by_program()
    with django_assert_num_queries(1):
        selectors.balances_by_county()
    with django_assert_num_queries(2):
        programs = selectors.programs_with_balances()
    assert by_program[fund_of("PA2026-02").program_id].encumbered == D("1200000.00")
    assert {program.code: program.has_funds for program in programs}["PA2025-04"] is False
    # PA2022-01's funds hold $57.1M together, but the solicitation is "About $35 million".
    assert {program.code: program.balance.available for program in programs}["PA2022-01"] == D("35000000.00")


def test_an_award_above_the_announcements_cap_is_refused_at_approval(staff_user):
    """Issue 23: PA2022-01 Table 4's largest amount is $200,000 (Class 7 and 8 zero-emission trucks)."""
    application, _ = pa2022_project(staff_user, D("200000.01"), "Prop 1B")
    with pytest.raises(services.FundingError) as refused:
        application_services.approve(application, staff_user)
    message = str(refused.value)
    assert "award of $200,000.01 is above the announcement's Prop 1B Table 4 maximum of $200,000.00" in message
    assert "Program Announcement PA2022-01, Table 4" in message and ".txt" not in message
    assert selectors.balance_of_program(application.program).encumbered == D("0.00")
