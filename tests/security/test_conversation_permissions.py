"""The permission matrix of the conversations (issue 22), for an application's and an agreement's: the applicant
organization's people (owner, consultant) read what is not staff-only and write; program staff read everything and
write, notes to staff only included; board members and auditors read everything and write nothing; another
applicant, inspectors, port representatives and finance get 404 on every page, post and file; anonymous visitors
sign in. Nothing refused is stored."""

import pytest
from django.urls import reverse

from accounts.models import MemberRole, Membership
from accounts.roles import Role
from conversations import services
from conversations.models import Message
from tests.conversations.conftest import pdf, signed_in
from tests.factories import UserFactory, executed_agreement

pytestmark = pytest.mark.django_db

ANSWER = "The answer for the applicant."
NOTE = "A note among staff."


@pytest.fixture
def world():
    staff = UserFactory(role=Role.STAFF)
    agreement = executed_agreement("PA2026-01", staff=staff)
    application = agreement.application
    consultant = UserFactory(role=Role.APPLICANT)
    Membership.objects.create(organization=application.organization, user=consultant, role=MemberRole.CONSULTANT)
    files = {}
    for kind, obj in (("application", application), ("agreement", agreement)):
        services.post(kind, obj, author=staff, body=ANSWER, files=[pdf("answer.pdf")])
        note = services.post(kind, obj, author=staff, body=NOTE, staff_only=True, files=[pdf("note.pdf")])
        files[kind] = note.files.get().pk
    return {
        "subjects": {"application": application, "agreement": agreement},
        "note_files": files,
        "people": {
            "owner": application.applicant,
            "consultant": consultant,
            "staff": staff,
            "board": UserFactory(role=Role.BOARD_MEMBER),
            "auditor": UserFactory(role=Role.AUDITOR),
            "other applicant": UserFactory(role=Role.APPLICANT),
            "inspector": UserFactory(role=Role.INSPECTOR),
            "port representative": UserFactory(role=Role.PORT_REPRESENTATIVE),
            "finance": UserFactory(role=Role.FINANCE),
        },
    }


WRITERS = {"owner": False, "consultant": False, "staff": True}
"""Who writes, and whether they read the staff-only notes."""
READERS = {"board", "auditor"}
NOBODY = {"other applicant", "inspector", "port representative", "finance"}
KINDS = ("application", "agreement")


def urls(world, kind):
    pk = world["subjects"][kind].pk
    return (
        reverse("conversations:thread", args=[kind, pk]),
        reverse("conversations:post", args=[kind, pk]),
        reverse("conversations:file", args=[kind, pk, world["note_files"][kind]]),
    )


def test_anonymous_visitors_sign_in_first(client, world):
    for kind in KINDS:
        thread, post, note_file = urls(world, kind)
        for response in (client.get(thread), client.post(post, {"body": "Hello"}), client.get(note_file)):
            assert response.status_code == 302 and "login" in response["Location"]
    assert Message.objects.count() == 4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", sorted(WRITERS))
def test_the_applicants_people_and_staff_read_and_write(client, world, kind, who):
    thread, post, note_file = urls(world, kind)
    person = signed_in(client, world["people"][who])
    page = person.get(thread)
    assert page.status_code == 200
    text = page.content.decode()
    assert ANSWER in text and "answer.pdf" in text
    staff_reads_notes = WRITERS[who]
    assert (NOTE in text, "note.pdf" in text) == (staff_reads_notes, staff_reads_notes)
    assert person.get(note_file).status_code == (200 if staff_reads_notes else 404)
    assert person.post(post, {"body": f"From the {who}"}).status_code == 302
    message = Message.objects.latest("pk")
    assert message.body == f"From the {who}" and message.side == ("staff" if who == "staff" else "applicant")


@pytest.mark.parametrize("kind", KINDS)
def test_the_applicants_side_cannot_keep_a_staff_only_note(client, world, kind):
    _thread, post, _file = urls(world, kind)
    signed_in(client, world["people"]["owner"]).post(post, {"body": "Psst", "staff_only": "on"})
    message = Message.objects.latest("pk")
    assert message.body == "Psst" and not message.staff_only  # the field is not theirs: ignored


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", sorted(READERS))
def test_board_members_and_auditors_read_everything_and_write_nothing(client, world, kind, who):
    thread, post, note_file = urls(world, kind)
    person = signed_in(client, world["people"][who])
    page = person.get(thread)
    assert page.status_code == 200
    text = page.content.decode()
    assert ANSWER in text and NOTE in text and "<textarea" not in text
    assert person.get(note_file).status_code == 200
    assert person.post(post, {"body": "Board says hi"}).status_code == 404
    assert Message.objects.count() == 4


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", sorted(NOBODY))
def test_everyone_else_gets_404(client, world, kind, who):
    thread, post, note_file = urls(world, kind)
    person = signed_in(client, world["people"][who])
    for response in (person.get(thread), person.post(post, {"body": "Hello?"}), person.get(note_file)):
        assert response.status_code == 404
    assert Message.objects.count() == 4


def test_the_stage_pages_show_the_panel_to_whom_they_show_it(client, world):
    """The applicant's status page and the agreement's page carry the panel; a draft has none (staff never see
    drafts, so there is nobody to talk to)."""
    application, agreement = world["subjects"]["application"], world["subjects"]["agreement"]
    owner = signed_in(client, world["people"]["owner"])
    for url in (reverse("applications:detail", args=[application.pk]), agreement.get_absolute_url()):
        text = owner.get(url).content.decode()
        assert 'id="conversation"' in text and ANSWER in text and NOTE not in text
    from tests.factories import ApplicationFactory

    draft = ApplicationFactory(applicant=world["people"]["owner"])
    assert 'id="conversation"' not in owner.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert owner.post(reverse("conversations:post", args=["application", draft.pk]), {"body": "x"}).status_code == 404
