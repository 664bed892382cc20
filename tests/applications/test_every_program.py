"""Every program's generated Attachment A forms: fill in the browser forms, upload, submit, evaluate."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Status
from applications.selectors import attachment_checklist
from programs.rules.registry import evaluate_input, rule_sets
from tests.factories import PDF_BYTES, example, open_program

pytestmark = pytest.mark.django_db


def as_form_data(values: dict) -> dict:
    return {
        name: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for name, value in values.items()
    }


@pytest.mark.parametrize("code", list(rule_sets()))
def test_apply_to_every_program_through_its_forms(applicant_client, code, django_capture_on_commit_callbacks):
    open_program(code)
    document = example(code)
    applicant_client.post(reverse("applications:start", args=[code]))
    application = Application.objects.get(program__code=code)

    response = applicant_client.post(
        reverse("applications:details", args=[application.pk]), as_form_data(document["application"])
    )
    assert response.status_code == 302, response.context["form"].errors
    response = applicant_client.post(
        reverse("applications:project_new", args=[application.pk]), as_form_data(document["project"])
    )
    assert response.status_code == 302, response.context["form"].errors
    for need in attachment_checklist(application):
        applicant_client.post(
            reverse("applications:attachments", args=[application.pk]),
            {"slot": need.key, "files": SimpleUploadedFile(f"{need.slot.key}.pdf", PDF_BYTES, "application/pdf")},
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            reverse("applications:review", args=[application.pk]), {"name": "Pat Kim", "title": "Owner", "agree": "on"}
        )
    assert response.status_code == 302, response.context["problems"]

    application.refresh_from_db()
    project = application.projects.get()
    expected = evaluate_input(code, {**document, "evaluated_on": timezone.localdate().isoformat()})
    assert application.status == Status.SUBMITTED
    assert (project.eligible, project.award, project.path) == (expected.eligible, expected.award, expected.path)
    assert list(project.outcomes.values_list("rule", "passed")) == [(r.rule, r.passed) for r in expected.results]
