"""Issue 7, item 1: the admin's history "revert" form is no back door, and a board member's admin POSTs are refused.

On main, as the board user, POST .../history/<id>/ moved an application from complete back to submitted with no
Decision, changed a port report's filed NOx and created Mitigation Fund spending entries.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import Role
from applications import services as application_services
from applications.models import Decision, Status
from core.admin import AuditedHistoryAdmin
from ports_agreement import services as port_services
from ports_agreement.models import AnnualReport, DefaultKind, MitigationFundEntry
from programs.models import Program
from tests.factories import PASSWORD, ApplicationFactory, ProjectFactory, UserFactory, superuser
from tests.ports_agreement.factories import AgreementFactory, AnnualReportFactory, MilestoneFactory, port, tier

pytestmark = pytest.mark.django_db

ROLES = [Role.BOARD_MEMBER, Role.STAFF, "superuser"]


def sign_in(client, role):
    if role == "superuser":
        user = superuser()
    else:
        user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


def history_url(obj, record):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.history_id])


def revert_post(obj, record):
    """What the history form posts: the old version's editable fields."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.filter(is_superuser=True).first() or UserFactory(role=Role.STAFF)
    form = model_admin.get_form(request, obj)
    data = {}
    for name, value in model_to_dict(record.instance, fields=list(form.base_fields)).items():
        if value is None:
            continue
        data[name] = [item.pk for item in value] if isinstance(value, list) else value
    return data


@pytest.fixture
def complete_application():
    staff = UserFactory(role=Role.STAFF)
    application = ApplicationFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
    ProjectFactory(application=application)
    application_services.mark_complete(application, staff, "")
    return application


@pytest.mark.parametrize("role", ROLES)
def test_no_revert_of_an_application(client, complete_application, role):
    sign_in(client, role)
    submitted_version = complete_application.history.filter(status=Status.SUBMITTED).earliest("history_date")
    response = client.post(history_url(complete_application, submitted_version), {})
    assert response.status_code == 403
    complete_application.refresh_from_db()
    assert complete_application.status == Status.COMPLETE
    assert list(Decision.objects.values_list("action", flat=True)) == ["mark_complete"]
    page = client.get(history_url(complete_application, submitted_version)).content.decode()
    assert 'name="_save"' not in page  # no Revert button either


@pytest.mark.parametrize("role", ROLES)
def test_no_revert_of_a_ports_annual_report(client, role):
    report = AnnualReportFactory(port=port("pola"), nox=Decimal("12.500"))
    filed = report.history.earliest("history_date")
    report.nox = Decimal("14.000")
    report.save()
    sign_in(client, role)
    response = client.post(history_url(report, filed), revert_post(report, filed))
    assert response.status_code == 403
    assert AnnualReport.objects.get().nox == Decimal("14.000")


@pytest.mark.parametrize("role", ROLES)
def test_no_revert_of_a_mitigation_fund_entry(client, role):
    staff = UserFactory(role=Role.STAFF)
    default = port_services.record_default(
        agreement=AgreementFactory(),
        port=port("pola"),
        kind=DefaultKind.PLAN_SUBMISSION,
        tier=tier("Tier I"),
        occurred_on=dt.date(2028, 1, 5),
        description="Missed",
        actor=staff,
    )
    deposit = port_services.assess_default(default, on=dt.date(2028, 2, 1), resolution="", actor=staff)
    sign_in(client, role)
    response = client.post(history_url(deposit, deposit.history.get()), revert_post(deposit, deposit.history.get()))
    assert response.status_code == 403
    assert MitigationFundEntry.objects.count() == 1


@pytest.mark.parametrize(("role", "status"), [(Role.BOARD_MEMBER, 403), (Role.STAFF, 302)])
def test_reference_data_reverts_only_with_change_permission(client, role, status):
    milestone = MilestoneFactory(description="Utility agreement")
    first = milestone.history.get()
    milestone.description = "Utility agreement, signed"
    milestone.save()
    sign_in(client, role)
    response = client.post(history_url(milestone, first), revert_post(milestone, first))
    assert response.status_code == status
    milestone.refresh_from_db()
    assert milestone.description == ("Utility agreement" if status == 302 else "Utility agreement, signed")


def first_action(model_admin) -> str:
    action = next(iter(model_admin.actions or []), "delete_selected")
    return action if isinstance(action, str) else action.__name__


def test_a_board_member_gets_403_on_every_admin_post(client, complete_application):
    sign_in(client, Role.BOARD_MEMBER)
    refused = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        for url, data in (
            (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                {
                    "action": first_action(model_admin),
                    "index": "0",
                    "_selected_action": list(model.objects.values_list("pk", flat=True)[:1]),
                },
            ),
            (reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {}),
        ):
            assert client.post(url, data).status_code == 403, url
            refused += 1
    decide = reverse("admin:applications_application_decide", args=[complete_application.pk, "approve"])
    assert client.post(decide, {"reason": "ok"}).status_code == 403
    assert client.post(reverse("admin:logout")).status_code in (200, 302)  # signing out still works
    assert refused >= 2 * 20
    complete_application.refresh_from_db()
    assert complete_application.status == Status.COMPLETE


def test_every_admin_with_history_is_an_audited_one():
    """A new admin on SimpleHistoryAdmin directly would bring the unguarded revert form back."""
    with_history = [
        model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert with_history and all(isinstance(model_admin, AuditedHistoryAdmin) for model_admin in with_history)
    revertable = {type(model_admin).__name__ for model_admin in with_history if model_admin.history_revert}
    assert revertable == {"AgreementAdmin", "MilestoneAdmin", "PublicCommentPeriodAdmin"}
    assert Program in admin.site._registry
