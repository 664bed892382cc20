"""Disadvantaged and low-income communities from the address (issue 23; PA2025-04 SECTION IV items 2 and 3): the
address geocoded to its 2010 census tract through saved US Census Geocoder answers (no network), read on the imported
lists; the operation-records path and the override; a lookup that cannot be made waits and the application stands."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import Role
from applications import services as application_services
from applications.models import Project
from communities import services
from communities.geocoder import FixtureGeocoder, GeocoderUnavailable
from communities.models import DesignationList, Determination
from communities.rules.designation import GeocoderAnswerError, census_tract_from
from tests.factories import (
    ApplicationFactory,
    ProjectFactory,
    UserFactory,
    complete_application,
    complete_draft,
    open_program,
)

pytestmark = pytest.mark.django_db

IN_DAC = "1200 E Anaheim St, Wilmington, CA 90744"  # tract 06037294820: on both sample lists
IN_LOW_INCOME = "400 S Main St, Santa Ana, CA 92701"  # tract 06059074901: the AB 1550 sample list only
OUTSIDE = "21865 Copley Dr, Diamond Bar, CA 91765"  # tract 06037403325: on neither
NO_MATCH = "1 Nowhere Rd, Nowhere, CA 90000"
UNREACHABLE = "99 Unsaved Answer Ave, Pomona, CA 91766"  # no saved answer: the fixture geocoder is "down"
FIXTURES = Path(__file__).resolve().parents[2] / "communities" / "fixtures" / "geocoder"


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF)


@pytest.fixture
def sample_lists(db):
    call_command("import_designations", "--sample", stdout=io.StringIO())


def soon(staff, address, *, dac_answer=False):
    return complete_application(
        "PA2025-04", staff=staff, details={"business_address": address}, projects=({"dac_or_low_income": dac_answer},)
    )


def test_the_census_answer_gives_the_2010_tract():
    answer = json.loads((FIXTURES / "inside_dac.json").read_text())
    match = census_tract_from(answer)
    assert (match.tract, match.matched_address) == ("06037294820", "1200 E ANAHEIM ST, WILMINGTON, CA, 90744")
    assert census_tract_from(json.loads((FIXTURES / "no_match.json").read_text())).tract is None
    with pytest.raises(GeocoderAnswerError):
        census_tract_from({"errors": ["Invalid benchmark"]})
    with pytest.raises(GeocoderUnavailable):
        FixtureGeocoder().tract_of(UNREACHABLE)


@pytest.mark.parametrize(
    ("address", "tract", "designation", "qualifies"),
    [
        (IN_DAC, "06037294820", "dac_and_low_income", True),
        (IN_LOW_INCOME, "06059074901", "low_income", True),
        (OUTSIDE, "06037403325", "none", False),
    ],
)
def test_the_address_decides_and_the_ranking_and_rules_read_it(
    staff, sample_lists, address, tract, designation, qualifies
):
    application = soon(staff, address, dac_answer=not qualifies)  # the applicant's box says the opposite
    determination = services.look_up(application.pk)
    assert (determination.tract, determination.designation) == (tract, designation)
    assert determination.method == Determination.Method.ADDRESS and determination.used_sample
    assert "SAMPLE" in determination.lists
    project = application.projects.get()
    assert project.dac is qualifies  # the funding order and SOON's DAC floor read this column
    application_services.evaluate_application(application)
    project.refresh_from_db()
    assert project.dac is qualifies and project.figures["dac_or_low_income"] is qualifies


@pytest.mark.parametrize("address", [UNREACHABLE, NO_MATCH, ""])
def test_a_lookup_that_cannot_be_made_waits_and_the_application_stands(staff, sample_lists, address):
    application = soon(staff, address, dac_answer=True)
    determination = services.look_up(application.pk)
    assert determination.method == Determination.Method.WAITING and determination.designation == ""
    assert determination.lookup_error
    assert list(Determination.objects.filter(method="waiting")) == [determination]
    assert application.projects.get().dac is True  # the answer stands until the determination is made


def test_staff_decide_from_operation_records_and_a_later_lookup_keeps_it(staff, sample_lists):
    application = soon(staff, OUTSIDE)
    services.look_up(application.pk)
    with pytest.raises(services.CommunityError) as refused:
        services.decide(application, designation="dac", method="operation_records", reason=" ", actor=staff)
    assert set(refused.value.errors) == {"reason"}
    services.decide(
        application,
        designation="dac",
        method="operation_records",
        reason="GPS logs: 70% of hours at the Wilmington yard (tract 06037294820)",
        actor=staff,
    )
    determination = services.look_up(application.pk)
    assert (determination.method, determination.designation, determination.decided_by) == (
        "operation_records",
        "dac",
        staff,
    )
    assert Project.objects.get(application=application).dac is True


def test_a_staff_override_with_its_reason(staff, sample_lists):
    application = soon(staff, IN_DAC)
    services.look_up(application.pk)
    services.decide(
        application, designation="none", method="staff_override", reason="Address is a mailing office", actor=staff
    )
    determination = Determination.objects.get(application=application)
    assert (determination.designation, determination.reason) == ("none", "Address is a mailing office")
    assert application.projects.get().dac is False


def test_submitting_looks_the_address_up(staff, sample_lists, django_capture_on_commit_callbacks):
    application = ApplicationFactory(program=open_program("PA2025-04"))
    application.details = {**application.details, "business_address": IN_LOW_INCOME}
    application.save()
    ProjectFactory(application=application)
    complete_draft(application)
    with django_capture_on_commit_callbacks(execute=True):
        application_services.submit(application, application.applicant)
    assert Determination.objects.get(application=application).designation == "low_income"


def test_the_import_names_each_bad_row_and_column(tmp_path):
    bad = tmp_path / "dac.csv"
    bad.write_text("tract,category\n06037294820,Top 25%\n6037.5,x\n06037294820,again\n")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_designations", "sb535_dac", str(bad), "--name", "SB 535", "--vintage", "4.0", "--source", "CalEPA"
        )
    assert "row 3, column tract: '6037.5' is not an 11-digit census tract GEOID" in str(refused.value)
    assert "row 4, column tract: tract 06037294820 is listed twice" in str(refused.value)
    assert not DesignationList.objects.exists()
    good = tmp_path / "low.csv"
    good.write_text("geoid\n6059074901\n")  # a spreadsheet dropped the leading zero
    call_command(
        "import_designations",
        "ab1550_low_income",
        str(good),
        "--name",
        "AB 1550",
        "--vintage",
        "2022",
        "--source",
        "CARB",
        stdout=io.StringIO(),
    )
    imported = DesignationList.objects.get()
    assert (imported.tract_count, imported.is_sample) == (1, False)
    assert list(imported.tracts.values_list("geoid", flat=True)) == ["06059074901"]


def test_staff_pages_label_the_sample_and_list_the_waiting(client, staff, sample_lists):
    application = soon(staff, UNREACHABLE)
    services.look_up(application.pk)
    client.force_login(staff)
    page = client.get(reverse("communities:index")).content.decode()
    assert "SAMPLE: not the official list" in page and application.reference in page
    upload = SimpleUploadedFile("dac.csv", b"tract\n06037294820\nabc\n", content_type="text/csv")
    bad = client.post(
        reverse("communities:import"),
        {
            "kind": "sb535_dac",
            "name": "SB 535",
            "vintage": "CalEnviroScreen 4.0, May 2022",
            "source": "CalEPA",
            "file": upload,
        },
    )
    assert bad.status_code == 400 and "row 3, column tract" in bad.content.decode()
    assert 'value="CalEnviroScreen 4.0, May 2022"' in bad.content.decode()  # nothing typed is lost
    decided = client.post(
        reverse("communities:application", args=[application.pk]),
        {"method": "staff_override", "designation": "dac", "reason": "Yard visited"},
    )
    assert decided.status_code == 302
    assert Determination.objects.get(application=application).designation == "dac"


def test_applicants_cannot_see_the_staff_pages(client, staff, sample_lists):
    application = soon(staff, IN_DAC)
    client.force_login(application.applicant)
    assert client.get(reverse("communities:index")).status_code == 404
    assert client.get(reverse("communities:application", args=[application.pk])).status_code == 404
    assert (
        client.post(
            reverse("communities:application", args=[application.pk]),
            {"method": "staff_override", "designation": "dac", "reason": "x"},
        ).status_code
        == 404
    )
