"""The permission matrix of the decision letters (issue 21): staff (``notices.change_lettertemplate``) list, edit,
preview and reset a program's letters; board members and auditors read the list and the previews and change
nothing; applicants, inspectors, port representatives, finance, signatories and supervisors get a 404 everywhere;
anonymous visitors sign in first."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from mywork.menu import groups_for
from notices.kinds import Kind
from notices.models import LetterTemplate
from notices.services import save_letter
from programs.models import Program
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

BODY = "Sorry: {reason} {reconsideration} {next_step} {contact}"


@pytest.fixture
def letter(db):
    program = Program.objects.get(code="PA2026-02")
    return save_letter(
        program, Kind.APPLICATION_REJECTED, "en", subject="S", body=BODY, actor=UserFactory(role=Role.STAFF)
    )


def urls(letter):
    args = [letter.program_id, letter.kind, letter.language]
    return {
        "list": reverse("notices:letters"),
        "edit": reverse("notices:letter_edit", args=args),
        "preview": reverse("notices:letter_preview", args=args),
        "reset": reverse("notices:letter_reset", args=args),
    }


def signed_in(client, role):
    user = UserFactory(role=role)
    client.login(username=user.username, password=PASSWORD)
    return user


def unchanged(letter):
    return LetterTemplate.objects.filter(pk=letter.pk, body=BODY, subject="S").exists()


@pytest.mark.parametrize(
    "role",
    [Role.APPLICANT, Role.INSPECTOR, Role.PORT_REPRESENTATIVE, Role.FINANCE, Role.SIGNATORY, Role.SUPERVISOR],
)
def test_people_outside_the_district_staff_find_no_letters(client, letter, role):
    user = signed_in(client, role)
    pages = urls(letter)
    for name in ("list", "edit", "preview"):
        assert client.get(pages[name]).status_code == 404, (role, name)
    assert client.post(pages["edit"], {"subject": "X", "body": BODY}).status_code == 404
    assert client.post(pages["reset"]).status_code == 404
    assert unchanged(letter)
    assert "Decision letters" not in [str(link.label) for group in groups_for(user) for link in group.links]


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.AUDITOR])
def test_board_members_and_auditors_read_the_letters_and_change_nothing(client, letter, role):
    user = signed_in(client, role)
    pages = urls(letter)
    listing = client.get(pages["list"])
    assert listing.status_code == 200
    html = listing.content.decode()
    assert f'href="{pages["preview"]}"' in html and f'href="{pages["edit"]}"' not in html
    assert client.get(pages["preview"]).status_code == 200
    assert client.get(pages["edit"]).status_code == 404
    assert client.post(pages["edit"], {"subject": "X", "body": BODY}).status_code == 404
    assert client.post(pages["reset"]).status_code == 404
    assert unchanged(letter)
    assert "Decision letters" in [str(link.label) for group in groups_for(user) for link in group.links]


def test_staff_edit_preview_and_reset(client, letter):
    user = signed_in(client, Role.STAFF)
    pages = urls(letter)
    assert f'href="{pages["edit"]}"' in client.get(pages["list"]).content.decode()
    assert client.get(pages["edit"]).status_code == 200
    assert client.get(pages["preview"]).status_code == 200
    assert client.post(pages["edit"], {"subject": "New", "body": "New. " + BODY}).status_code == 302
    assert LetterTemplate.objects.get(pk=letter.pk).updated_by == user
    assert client.get(pages["reset"]).status_code == 405  # reset only by POST
    assert client.post(pages["reset"]).status_code == 302
    assert not LetterTemplate.objects.filter(pk=letter.pk).exists()
    assert "Decision letters" in [str(link.label) for group in groups_for(user) for link in group.links]


def test_no_such_letter_is_not_found(client, letter):
    signed_in(client, Role.STAFF)
    for args in (
        [letter.program_id, "agreement_ready", "en"],
        [letter.program_id, letter.kind, "fr"],
        [99999, letter.kind, "en"],
    ):
        assert client.get(reverse("notices:letter_edit", args=args)).status_code == 404


def test_anonymous_visitors_sign_in_first(client, letter):
    for name, url in urls(letter).items():
        response = client.post(url) if name == "reset" else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
