"""An application under review and its people, for the conversation tests (issue 22)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from tests.factories import PASSWORD, PDF_BYTES, UserFactory, complete_application

REPLY_DOMAIN = "reply.grants.example"


@pytest.fixture(autouse=True)
def reply_domain(settings):
    settings.CONVERSATION_REPLY_DOMAIN = REPLY_DOMAIN


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF, username="reviewer", first_name="Rosa", last_name="Diaz")


@pytest.fixture
def application(staff):
    """A submitted PA2026-02 application, complete, reviewed by ``staff``."""
    application = complete_application("PA2026-02", staff=staff)
    application.applicant.first_name, application.applicant.last_name = "Maria", "Lopez"
    application.applicant.save()
    application.assigned_to = staff
    application.save(update_fields=["assigned_to"])
    return application


def pdf(name="question.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def post_url(kind, pk):
    return reverse("conversations:post", args=[kind, pk])


def thread_url(kind, pk):
    return reverse("conversations:thread", args=[kind, pk])
