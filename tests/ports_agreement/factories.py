"""factory_boy factories for the ports. The two Ports and the penalty tiers come from the data migration."""

import datetime as dt
from decimal import Decimal as D

import factory
from django.contrib.auth.models import Group

from accounts.roles import Role
from ports_agreement.models import (
    Agreement,
    AnnualReport,
    Baseline,
    ControlStrategy,
    DefaultTier,
    Determination,
    EmissionReductionPlan,
    InfrastructurePlan,
    Milestone,
    Phase,
    Port,
    PortRepresentative,
    ProgressReport,
    SourceCategory,
)
from tests.factories import UserFactory


def port(code: str) -> Port:
    return Port.objects.get(code=code)


def tier(name: str) -> DefaultTier:
    return DefaultTier.objects.get(name=name)


def representative(port_code: str):
    user = UserFactory(role=Role.APPLICANT)
    user.groups.set([Group.objects.get(name=Role.PORT_REPRESENTATIVE.value)])
    PortRepresentative.objects.create(user=user, port=port(port_code))
    return user


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    executed_on = dt.date(2025, 11, 7)

    @factory.post_generation
    def parties(agreement, create, extracted, **kwargs):
        agreement.ports.set(extracted if extracted is not None else Port.objects.all())


class InfrastructurePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfrastructurePlan

    agreement = factory.SubFactory(AgreementFactory)
    port = factory.LazyFunction(lambda: port("pola"))
    source_category = SourceCategory.CARGO_HANDLING_EQUIPMENT
    phase = Phase.PHASE_1
    planning_targets = "Charging for 100% of yard tractors by 2030"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(InfrastructurePlanFactory)
    description = "Utility service agreement for terminal charging"
    due_on = dt.date(2027, 6, 30)


class BaselineFactory(factory.django.DjangoModelFactory):
    """Illustrative figures (the AQMP table is not in the seeds): PM2.5 equivalent exactly 100 tons/day."""

    class Meta:
        model = Baseline

    port = None
    nox = D("1000")
    sox = D("0")
    pm25 = D("30")


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    port = None
    calendar_year = 2015
    nox = D("0")
    sox = D("0")
    pm25 = D("25.01")  # 74.99% below the baseline above
    submitted_on = dt.date(2016, 7, 1)


class DeterminationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Determination

    report = factory.SubFactory(AnnualReportFactory)
    baseline_pm25_equivalent = D("100")
    report_pm25_equivalent = D("25.01")
    percent_reduction = D("74.99")
    plan_required = True
    reason = "Less than the 75% reduction target."
    notified_on = dt.date(2016, 7, 20)
    decided_by = factory.SubFactory(UserFactory, role=Role.STAFF)


class EmissionReductionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmissionReductionPlan

    determination = factory.SubFactory(DeterminationFactory)
    port = factory.LazyAttribute(lambda plan: plan.determination.report.port)
    shortfall = D("0.01")
    received_on = dt.date(2017, 1, 10)
    public_meeting_on = dt.date(2016, 10, 1)
    commission_approved_on = dt.date(2016, 12, 15)
    progress_reporting = "Quarterly progress reports with the annual emissions report."


class ControlStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ControlStrategy

    plan = factory.SubFactory(EmissionReductionPlanFactory)
    name = "Expanded vessel speed reduction"
    actions = "Incentives for 12 knots within 40 nm"
    expected_reduction = D("0.02")
    cost = D("1500000")
    nox_pm_cost_per_ton = D("20000")
    sox_cost_per_ton = D("30000")
    legal_authority = True
    method = "Tariff incentive"
    schedule = "Within 12 months of approval"


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    plan = factory.SubFactory(EmissionReductionPlanFactory)
    reported_on = dt.date(2018, 1, 10)
    reductions_achieved = D("0.004")
    narrative = "Participation 60%."
