"""Demo data for the staff review workspace (issue 15): ``staff`` reviews a few applications under review, with an
internal note on one, so the "Assigned to me" filter and the review page have something to show."""

from django.contrib.auth import get_user_model

from . import staff as staff_services
from .models import OPEN_FOR_REVIEW, Application, StaffNote


def seed_review_demo() -> None:
    reviewer = get_user_model().objects.filter(username="staff").first()
    if reviewer is None or StaffNote.objects.exists():
        return
    under_review = list(
        Application.objects.filter(status__in=OPEN_FOR_REVIEW)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", flat=True)[:3]
    )
    staff_services.assign(under_review, reviewer, reviewer)
    if under_review:
        staff_services.add_note(
            Application.objects.get(pk=under_review[0]),
            reviewer,
            "Called the fleet manager: the GPS records come next week.",
        )
