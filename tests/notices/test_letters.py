"""Decision letters staff edit per program (issue 21): an edited letter is what the reader receives, filled with the
decision's real values (the amount as money, the reason, the next step, who to contact), in the reader's language,
with staff text escaped in the HTML; unknown placeholders and letters missing what their kind must carry are refused
with words naming them, nothing typed lost; every edit keeps who and when."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.services import profile_of
from applications import services as applications
from notices import letters
from notices.kinds import Kind
from notices.models import LetterTemplate, Notice
from notices.services import LetterError, notify, reset_letter, save_letter
from programs.models import Program
from tests.factories import PASSWORD, UserFactory, approved_application

pytestmark = pytest.mark.django_db

CONTACT = "INVEST CLEAN on-road team: investclean-onroad@aqmd.gov"
"""PA2026-02's contact (001_ea26778b00a7e017.txt, PA2026-02 contacts; ``programs.announcements``)."""


def edited(kind, body, *, actor, language="en", subject="Letter about {reference}", code="PA2026-02"):
    return save_letter(Program.objects.get(code=code), kind, language, subject=subject, body=body, actor=actor)


def body_for(kind) -> str:
    """A letter of the program's own words naming every placeholder ``kind`` must carry, and the amount."""
    return "Program's own words for {applicant_name}, about {amount}.\n\n" + "\n".join(
        f"{name}: {{{name}}}" for name in letters.REQUIRED[kind]
    )


def test_an_edited_rejection_letter_is_what_the_applicant_receives(submitted, staff_user):
    edited(
        Kind.APPLICATION_REJECTED,
        "Dear {applicant_name}, after review we cannot fund {reference}.\n\nWhy: {reason}\n\n"
        "To ask us again: {reconsideration}\n\nWhat now: {next_step}\n\nWrite to: {contact}",
        actor=staff_user,
    )
    applications.reject(submitted, staff_user, "The truck is not registered in the South Coast Air Basin.")
    notice = Notice.objects.get(kind=Kind.APPLICATION_REJECTED, related_id=submitted.pk)
    assert notice.subject == f"Letter about {submitted.reference}"
    body = notice.body_text
    assert f"Dear {submitted.organization.name}, after review we cannot fund {submitted.reference}." in body
    assert "Why: The truck is not registered in the South Coast Air Basin." in body
    assert "To ask us again: if you believe the decision is mistaken, write to the program's staff at the " in body
    assert f"citing {submitted.reference}, the reason above" in body
    assert "What now: nothing is awarded under this application" in body
    assert f"Write to: {CONTACT}" in body
    # inside the same layout as every notice: greeting, program, regarding, link
    assert body.startswith("Hello Ana Ruiz,")
    assert "Program: PA2026-02 Battery Electric Freight Vehicle Deployment Incentive Program" in body
    assert f"See your application: http://127.0.0.1:8000/applications/{submitted.pk}/" in body or (
        f"http://127.0.0.1:8000/applications/{submitted.pk}/" in body
    )
    assert "<p>Why: The truck is not registered in the South Coast Air Basin.</p>" in notice.body_html
    assert "Clean Air Grants" in notice.body_html and "data-letter" in notice.body_html


def test_an_edited_approval_letter_gives_the_award_as_money(db, staff_user):
    edited(Kind.APPLICATION_APPROVED, body_for(Kind.APPLICATION_APPROVED), actor=staff_user)
    application = approved_application(staff=staff_user)
    assert application.award_total > 0
    notice = Notice.objects.filter(kind=Kind.APPLICATION_APPROVED, related_id=application.pk).first()
    assert f"about ${application.award_total:,.2f}." in notice.body_text
    assert "next_step: the district prepares your agreement for signature." in notice.body_text
    assert f"contact: {CONTACT}" in notice.body_text


def test_the_standard_letter_is_sent_while_the_program_has_none(submitted, staff_user):
    edited(Kind.APPLICATION_REJECTED, body_for(Kind.APPLICATION_REJECTED), actor=staff_user, code="PA2026-03")
    applications.reject(submitted, staff_user, "Not in the basin.")
    notice = Notice.objects.get(kind=Kind.APPLICATION_REJECTED, related_id=submitted.pk)
    assert notice.subject == f"Decision on application {submitted.reference}: not approved"
    assert "Program's own words" not in notice.body_text


def test_an_edited_non_selection_letter_lists_each_project_and_its_reason(submitted, staff_user):
    edited(Kind.ROUND_NOT_SELECTED, body_for(Kind.ROUND_NOT_SELECTED), actor=staff_user)
    notice = notify(
        submitted.applicant,
        Kind.ROUND_NOT_SELECTED,
        regarding=f"Application {submitted.reference}",
        program=submitted.program,
        context={
            "application": submitted,
            "project_noun": "vehicle",
            "not_selected": [
                {"position": 1, "outcome": "Waitlisted", "reason": "The money ran out at rank 4."},
                {"position": 2, "outcome": "Excluded", "reason": "Duplicate of another application."},
            ],
            "contacts": [CONTACT],
        },
    )
    assert (
        "reason: Vehicle 1: Waitlisted. The money ran out at rank 4.; Vehicle 2: Excluded. Duplicate of another "
        "application." in notice.body_text
    )
    assert "next_step: a waitlisted project may still be offered money" in notice.body_text
    assert f"contact: {CONTACT}" in notice.body_text


PAYMENT = SimpleNamespace(
    agreement=SimpleNamespace(awardee_name="Lopez Trucking LLC"),
    approved_amount=Decimal("123456.7"),
    paid_amount=Decimal("120000"),
    paid_on=dt.date(2027, 3, 5),
)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Kind.PAYMENT_APPROVED, ["about $123,456.70.", "next_step: the district's finance office releases"]),
        (Kind.PAYMENT_RELEASED, ["about $120,000.00.", "on Friday, March 5, 2027", "next_step: keep the project"]),
        (Kind.PAYMENT_REJECTED, ["reason: The invoice is not on the dealer's letterhead.", "next_step: correct"]),
    ],
)
def test_edited_payment_letters_carry_the_amount_or_the_reason(db, staff_user, kind, expected):
    body = body_for(kind) + ("\n\nPaid on {date}." if kind is Kind.PAYMENT_RELEASED else "")
    edited(kind, body, actor=staff_user, subject="{reference}: decided")
    person = UserFactory(first_name="Maria", last_name="Lopez")
    notice = notify(
        person,
        kind,
        regarding="Payment request 1 for PA2026-02-00012 #1",
        program=Program.objects.get(code="PA2026-02"),
        context={"request": PAYMENT, "step": SimpleNamespace(reason="The invoice is not on the dealer's letterhead.")},
    )
    assert notice.subject == "Payment request 1 for PA2026-02-00012 #1: decided"
    assert "Program's own words for Lopez Trucking LLC" in notice.body_text
    for words in expected:
        assert words in notice.body_text.replace("Paid on", "on")
    assert f"contact: {CONTACT}" in notice.body_text


def test_an_edited_closeout_letter_gives_the_amount_paid_and_the_note(db, staff_user):
    edited(Kind.PROJECT_CLOSED, body_for(Kind.PROJECT_CLOSED), actor=staff_user)
    notice = notify(
        UserFactory(),
        Kind.PROJECT_CLOSED,
        regarding="Agreement 2026-014, project 1",
        program=Program.objects.get(code="PA2026-02"),
        context={
            "closeout": SimpleNamespace(
                agreement=SimpleNamespace(awardee_name="Lopez Trucking LLC"),
                paid=Decimal("250000"),
                note="Every usage report accepted; the old truck destroyed.",
            )
        },
    )
    assert "Program's own words for Lopez Trucking LLC, about $250,000.00." in notice.body_text
    assert "reason: Every usage report accepted; the old truck destroyed." in notice.body_text
    assert "next_step: nothing more is due under this project" in notice.body_text
    assert f"contact: {CONTACT}" in notice.body_text


@pytest.mark.parametrize(
    ("kind", "next_step"),
    [
        (Kind.PAYMENT_APPROVED, "Next step: the district's finance office releases the payment"),
        (Kind.PAYMENT_RELEASED, "Next step: keep the project in service and file the usage reports"),
        (Kind.PAYMENT_REJECTED, "Next step: correct what the reason names and submit a new payment request"),
    ],
)
def test_the_standard_payment_letters_say_the_next_step_and_whom_to_contact(db, kind, next_step):
    """Without an edited letter the file templates are sent, and they too end with the next step and the contacts
    (issue 21: "each with the reason, the next step and who to contact")."""
    notice = notify(
        UserFactory(),
        kind,
        regarding="Payment request 1 for PA2026-02-00012 #1",
        program=Program.objects.get(code="PA2026-02"),
        context={"request": PAYMENT, "step": SimpleNamespace(reason="The invoice is not on the dealer's letterhead.")},
    )
    assert next_step in notice.body_text
    assert f"Who to contact: {CONTACT}" in notice.body_text
    assert "Who to contact:</strong>" in notice.body_html
    assert notice.body_text.count("Next step") == 1


def test_a_spanish_reader_gets_the_spanish_letter_and_an_english_reader_the_english_one(submitted, staff_user):
    edited(Kind.APPLICATION_REJECTED, "English words. " + body_for(Kind.APPLICATION_REJECTED), actor=staff_user)
    edited(
        Kind.APPLICATION_REJECTED,
        "Palabras del programa: {reason}\n\n{reconsideration}\n\n{next_step}\n\nContacto: {contact}",
        actor=staff_user,
        language="es",
        subject="Decisión sobre {reference}",
    )
    profile = profile_of(submitted.applicant)
    profile.language = "es"
    profile.save()
    applications.reject(submitted, staff_user, "No está registrado en la cuenca.")
    notice = Notice.objects.get(kind=Kind.APPLICATION_REJECTED, related_id=submitted.pk)
    assert notice.subject == f"Decisión sobre {submitted.reference}"
    assert "Palabras del programa: No está registrado en la cuenca." in notice.body_text
    assert "English words" not in notice.body_text
    assert notice.body_text.startswith("Hola")  # the layout in Spanish too
    assert "Contacto: " in notice.body_text


def test_unknown_placeholders_are_refused_naming_them(db, staff_user):
    with pytest.raises(LetterError) as refused:
        edited(
            Kind.APPLICATION_REJECTED,
            body_for(Kind.APPLICATION_REJECTED) + " {secret} {program.__class__} {{ settings.SECRET_KEY }}",
            actor=staff_user,
        )
    message = refused.value.errors["body"]
    assert "{secret}" in message and "{program.__class__}" in message and "not on the list" in message
    assert not LetterTemplate.objects.exists()


def test_a_letter_missing_what_its_kind_must_carry_is_refused(db, staff_user):
    with pytest.raises(LetterError) as refused:
        edited(Kind.APPLICATION_REJECTED, "Sorry: {reason}. {next_step} {contact}", actor=staff_user)
    assert refused.value.errors["body"] == "This letter must carry {reconsideration}: put each where its words belong."
    with pytest.raises(LetterError) as refused:
        edited(Kind.APPLICATION_APPROVED, "Approved. {next_step}", actor=staff_user)
    assert "{amount}, {contact}" in refused.value.errors["body"]


def test_template_language_in_staff_text_is_never_run(db):
    """Only the listed names are swapped: anything else, template tags included, is refused or left as typed."""
    assert letters.unknown("{% debug %} {{ request }}") == ["{"]
    assert letters.fill("{reason} {% now 'Y' %} {{ x }}", {"reason": "R"}) == "R {% now 'Y' %} {{ x }}"


def test_staff_text_is_escaped_in_the_html(submitted, staff_user):
    edited(
        Kind.APPLICATION_REJECTED,
        '<script>alert("x")</script> <b>Bold</b> & co.\n' + body_for(Kind.APPLICATION_REJECTED),
        actor=staff_user,
    )
    applications.reject(submitted, staff_user, "<img src=x onerror=alert(1)>")
    notice = Notice.objects.get(kind=Kind.APPLICATION_REJECTED, related_id=submitted.pk)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;Bold&lt;/b&gt; &amp; co." in notice.body_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in notice.body_html
    assert "<script>" not in notice.body_html and "<img" not in notice.body_html and "<b>" not in notice.body_html
    assert '<script>alert("x")</script> <b>Bold</b> & co.' in notice.body_text


def test_every_edit_and_the_reset_keep_who_and_when(db, staff_user):
    program = Program.objects.get(code="PA2026-02")
    other = UserFactory(role=Role.STAFF)
    edited(Kind.PAYMENT_REJECTED, body_for(Kind.PAYMENT_REJECTED), actor=staff_user)
    edited(Kind.PAYMENT_REJECTED, "Changed. " + body_for(Kind.PAYMENT_REJECTED), actor=other)
    letter = LetterTemplate.objects.get()
    assert letter.updated_by == other and letter.body.startswith("Changed.")
    assert reset_letter(program, Kind.PAYMENT_REJECTED, "en", actor=staff_user)
    assert not LetterTemplate.objects.exists()
    history = list(LetterTemplate.history.order_by("history_date").values_list("history_type", "history_user"))
    assert history == [("+", staff_user.pk), ("~", other.pk), ("-", staff_user.pk)]


# ---- the staff pages ------------------------------------------------------------------------------------------------


def edit_url(kind=Kind.APPLICATION_REJECTED, language="en", code="PA2026-02"):
    return reverse("notices:letter_edit", args=[Program.objects.get(code=code).pk, kind.value, language])


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_editor_starts_from_the_standard_letter(client, staff_user):
    page = signed_in(client, staff_user).get(edit_url()).content.decode()
    assert "Decision on application {reference}: not approved" in page
    assert "Asking for reconsideration: {reconsideration}" in page
    assert "This letter must carry {reason}, {reconsideration}, {next_step}, {contact}." in page
    spanish = client.get(edit_url(language="es")).content.decode()
    assert "Decisión sobre la solicitud {reference}: no aprobada" in spanish


def test_an_unknown_placeholder_is_refused_on_the_page_and_nothing_typed_is_lost(client, staff_user):
    typed = "Dear {applicant_name}, {reason} {reconsideration} {next_step} {contact} and {secret_key}."
    response = signed_in(client, staff_user).post(edit_url(), {"subject": "About {reference}", "body": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "These placeholders are not on the list: {secret_key}." in page
    assert typed in page and 'value="About {reference}"' in page
    assert not LetterTemplate.objects.exists()


def test_a_missing_placeholder_is_refused_on_the_page(client, staff_user):
    response = signed_in(client, staff_user).post(edit_url(), {"subject": "S", "body": "{reason} {next_step}"})
    assert response.status_code == 400
    assert "This letter must carry {reconsideration}, {contact}" in response.content.decode()


def test_saving_on_the_page_then_previewing_with_a_sample_application(client, staff_user):
    signed_in(client, staff_user)
    application = approved_application(staff=staff_user)
    body = "Sorry {applicant_name}: {reason} {reconsideration} {next_step} {contact} {amount} {date}"
    response = client.post(edit_url(), {"subject": "About {reference}", "body": body})
    assert response.status_code == 302
    assert LetterTemplate.objects.get().updated_by == staff_user
    url = reverse("notices:letter_preview", args=[application.program_id, "application_rejected", "en"])
    page = client.get(url).content.decode()
    assert f"About {application.reference}" in page
    assert f"Sorry {application.organization.name}:" in page
    assert f"${application.award_total:,.2f}" in page
    assert CONTACT in page
    from django.utils import timezone

    from notices.templatetags.notice_format import in_words

    assert in_words(timezone.localdate()) in page


def test_the_preview_button_shows_the_draft_without_saving_it(client, staff_user):
    body = "Draft {reason} {reconsideration} {next_step} {contact}"
    response = signed_in(client, staff_user).post(edit_url(), {"subject": "S {reference}", "body": body, "preview": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft (here, the reason staff record with the decision)" in page and 'id="letter-preview"' in page
    assert 'srcdoc="&lt;!doctype html&gt;' in page  # the e-mail's HTML whole inside the attribute, escaped
    assert not LetterTemplate.objects.exists()


def test_the_list_reads_in_a_fixed_number_of_queries(client, staff_user, django_assert_max_num_queries):
    signed_in(client, staff_user)
    client.get(reverse("notices:letters"))
    for kind in letters.LETTER_KINDS:
        for code in ("PA2026-02", "PA2026-03"):
            edited(kind, body_for(kind), actor=staff_user, code=code)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notices:letters")).content.decode()
    assert page.count(">Edited<") == 2 * len(letters.LETTER_KINDS)
