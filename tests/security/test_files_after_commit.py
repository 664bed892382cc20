"""Issue 26: a file is removed only after the deletion of its record commits.

On main, deleting an attachment or a payment document removed the file first; a rollback left a record whose
download failed. Inspection photos and a deleted project's attachments were never removed at all.
"""

import pytest
from django.db import transaction

from accounts.roles import Role
from applications import services as application_services
from inspections import services as inspection_services
from inspections.models import InspectionPhoto
from payments import services as payment_services
from payments.models import PaymentDocument
from tests.factories import ApplicationFactory, AttachmentFactory, ProjectFactory, UserFactory
from tests.inspections.conftest import funded as inspected_line
from tests.inspections.conftest import jpeg
from tests.payments.conftest import awardee_of, funded_project, prepared_request

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def deleted_then_rolled_back(delete, record, capture):
    """Delete ``record`` in a transaction that rolls back: the record and its file are both still there."""
    storage, name, pk = record.file.storage, record.file.name, record.pk
    assert storage.exists(name)
    with capture(execute=True) as callbacks, pytest.raises(Rollback), transaction.atomic():
        delete()
        raise Rollback
    assert callbacks == []
    assert type(record).objects.filter(pk=pk).exists()
    assert storage.exists(name)
    with storage.open(name) as handle:
        assert handle.read()  # the download still works


def deleted_and_committed(delete, record, capture):
    storage, name, pk = record.file.storage, record.file.name, record.pk
    with capture(execute=True):
        delete()
    assert not type(record).objects.filter(pk=pk).exists()
    assert not storage.exists(name)


@pytest.mark.parametrize("outcome", [deleted_then_rolled_back, deleted_and_committed])
def test_an_attachment(django_capture_on_commit_callbacks, outcome):
    attachment = AttachmentFactory(application=ApplicationFactory())
    outcome(lambda: application_services.delete_attachment(attachment), attachment, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("outcome", [deleted_then_rolled_back, deleted_and_committed])
def test_a_projects_own_attachments(django_capture_on_commit_callbacks, outcome):
    project = ProjectFactory(application=ApplicationFactory())
    attachment = AttachmentFactory(application=project.application, project=project)
    outcome(lambda: application_services.delete_project(project), attachment, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("outcome", [deleted_then_rolled_back, deleted_and_committed])
def test_a_payment_document(django_capture_on_commit_callbacks, outcome):
    funded = funded_project(staff=UserFactory(role=Role.STAFF))
    document = PaymentDocument.objects.filter(request=prepared_request(funded)).first()
    actor = awardee_of(funded)
    outcome(
        lambda: payment_services.delete_document(document, actor=actor), document, django_capture_on_commit_callbacks
    )


@pytest.mark.parametrize("outcome", [deleted_then_rolled_back, deleted_and_committed])
def test_an_inspection_photo(django_capture_on_commit_callbacks, outcome):
    staff = UserFactory(role=Role.STAFF)
    inspector = UserFactory(role=Role.INSPECTOR)
    line = inspected_line(staff=staff)
    inspection = inspection_services.open_inspection(line.project, "post", actor=staff)
    inspection_services.assign(inspection, inspector, actor=staff)
    inspection_services.add_photos(inspection, [("VIN tag", jpeg())], actor=inspector)
    photo = InspectionPhoto.objects.get()
    outcome(lambda: inspection_services.delete_photo(photo, actor=inspector), photo, django_capture_on_commit_callbacks)
