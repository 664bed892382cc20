"""Issue 26: VINs and phone numbers accepted anything. The applicant's forms now check them where the programs ask
(the rules and the evaluate command read the same text as before), naming the field in English and Spanish."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from applications.models import Application
from core.validators import check_phone, check_vin, vin_check_digit
from programs.rules.registry import rule_sets
from tests.factories import UserFactory, example, open_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("vin", "expected"),
    [
        ("1XKAD49X7CJ000001", "1XKAD49X7CJ000001"),
        (" 1xkad49x7cj000001 ", "1XKAD49X7CJ000001"),
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP042788"),  # check digit X
    ],
)
def test_a_good_vin(vin, expected):
    assert check_vin(vin, "VIN") == expected


@pytest.mark.parametrize(
    ("vin", "message"),
    [
        ("1XKAD49X7CJ00000", "VIN: enter the 17 letters and digits of the VIN (it has no I, O or Q)."),
        ("1XKAD49X7CJ00000O", "VIN: enter the 17 letters and digits of the VIN (it has no I, O or Q)."),
        ("1XKAD49X0CJ000001", "VIN: this VIN's check digit (its 9th character) does not match; check each character."),
        ("=cmd|' /C calc'!A0", "VIN: enter the 17 letters and digits of the VIN (it has no I, O or Q)."),
    ],
)
def test_a_bad_vin_is_refused_naming_the_field(vin, message):
    with pytest.raises(ValidationError) as refused:
        check_vin(vin, "VIN")
    assert refused.value.messages == [message]


def test_the_check_digit_of_the_standards_example():
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"


@pytest.mark.parametrize("phone", ["909-555-0142", "(909) 555-0142", "+1 562 555 0100", "+52 664 123 4567"])
def test_a_good_phone(phone):
    assert check_phone(phone, "Phone") == phone.strip()


@pytest.mark.parametrize("phone", ["555-0142", "hello", "123", "909-555-01420000", "+1 000 555 0142"])
def test_a_bad_phone_is_refused_naming_the_field(phone):
    with pytest.raises(ValidationError) as refused:
        check_phone(phone, "Vendor phone number")
    assert refused.value.messages == [
        "Vendor phone number: enter a phone number with its area code, like 909-555-0142."
    ]


def test_the_messages_in_spanish():
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        check_vin("1XKAD49X0CJ000001", "VIN")
    assert refused.value.messages[0].startswith("VIN: ") and "dígito" in refused.value.messages[0]


CHECKED = [
    (code, scope, spec.name, spec.check)
    for code, rule_set in rule_sets().items()
    for scope, specs in (("application", rule_set.application_fields), ("project", rule_set.project_fields))
    for spec in specs
    if spec.check
]


def test_the_programs_ask_for_vins_and_phones():
    assert {check for *_, check in CHECKED} == {"vin", "phone"}
    assert ("PA2026-02", "project", "existing_vin", "vin") in CHECKED


@pytest.mark.parametrize("code", sorted({code for code, *_ in CHECKED}))
def test_the_forms_refuse_a_bad_vin_or_phone_and_keep_what_was_typed(client, code):
    client.force_login(UserFactory())
    open_program(code)
    client.post(reverse("applications:start", args=[code]))
    application = Application.objects.get(program__code=code)
    for scope in ("application", "project"):
        names = {name: check for c, s, name, check in CHECKED if c == code and s == scope}
        if not names:
            continue
        data = {key: str(value) for key, value in example(code)[scope].items() if not isinstance(value, bool)}
        data.update({name: "not-a-" + check for name, check in names.items()})
        url = reverse(
            "applications:details" if scope == "application" else "applications:project_new", args=[application.pk]
        )
        response = client.post(url, data)
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert set(names) <= set(errors), errors
        page = response.content.decode()
        assert all(f'value="not-a-{check}"' in page for check in names.values())
    application.refresh_from_db()
    assert application.projects.count() == 0
