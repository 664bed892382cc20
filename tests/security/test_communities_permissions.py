"""The permission matrix for the community determinations (issue 23): staff read and decide and import; board
members read only; applicants, inspectors, finance and port representatives see nothing (404); anonymous visitors
sign in. No refused request changes anything."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from communities.models import DesignationList, Determination
from tests.factories import UserFactory, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(db):
    staff = UserFactory(role=Role.STAFF)
    return complete_application(
        "PA2025-04", staff=staff, details={"business_address": "1 Nowhere Rd, Nowhere, CA 90000"}
    )


def requests(application):
    decide = reverse("communities:application", args=[application.pk])
    return {
        "index": ("get", reverse("communities:index"), {}),
        "application": ("get", decide, {}),
        "decide": ("post", decide, {"method": "staff_override", "designation": "dac", "reason": "Yard visited"}),
        "import": (
            "post",
            reverse("communities:import"),
            {
                "kind": "sb535_dac",
                "name": "SB 535",
                "vintage": "4.0",
                "source": "CalEPA",
                "file": SimpleUploadedFile("dac.csv", b"tract\n06037294820\n", content_type="text/csv"),
            },
        ),
    }


EXPECTED = {
    Role.STAFF: {"index": 200, "application": 200, "decide": 302, "import": 302},
    Role.BOARD_MEMBER: {"index": 200, "application": 200, "decide": 404, "import": 404},
    Role.APPLICANT: {"index": 404, "application": 404, "decide": 404, "import": 404},
    Role.INSPECTOR: {"index": 404, "application": 404, "decide": 404, "import": 404},
    Role.FINANCE: {"index": 404, "application": 404, "decide": 404, "import": 404},
    Role.PORT_REPRESENTATIVE: {"index": 404, "application": 404, "decide": 404, "import": 404},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_and_changes_only_what_it_may(client, application, role):
    client.force_login(UserFactory(role=role))
    for name, (method, url, data) in requests(application).items():
        response = getattr(client, method)(url, data)
        assert response.status_code == EXPECTED[role][name], (role, name)
    changed = Determination.objects.filter(designation="dac").exists() or DesignationList.objects.exists()
    assert changed is (role == Role.STAFF)


def test_anonymous_visitors_sign_in(client, application):
    for method, url, data in requests(application).values():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Determination.objects.exists() and not DesignationList.objects.exists()
