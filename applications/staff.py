"""Staff review services (writes): reviewer assignment, bulk decisions, internal notes, rubric scores inline.

Every change locks the application's row and re-checks its state inside the lock; every decision goes through
``applications.services`` and is recorded with who, when and why.
"""

from __future__ import annotations

from django.db import transaction

from programs.rules.fields import InputError

from . import services
from .models import OPEN_FOR_REVIEW, Application, CriterionScore, Project, SavedFilter, StaffNote


@transaction.atomic
def assign(application_ids, reviewer, actor) -> int:
    """Make ``reviewer`` (``None``: nobody) the reviewer of the applications; the history records ``actor``.
    Applications no longer under review keep their reviewer."""
    count = 0
    for application in (
        Application.objects.select_for_update()
        .filter(pk__in=list(application_ids), status__in=OPEN_FOR_REVIEW)
        .order_by("pk")
    ):
        application.assigned_to = reviewer
        application._history_user = actor
        application.save(update_fields=["assigned_to", "updated_at"])
        count += 1
    return count


def mark_complete_many(application_ids, actor, reason: str = "Marked complete from the list"):
    """Mark each application complete, one transaction each (one refusal does not undo the others).

    Returns (references done, [(reference, why refused)])."""
    done, refused = [], []
    for application in Application.objects.filter(pk__in=list(application_ids)).select_related("program"):
        try:
            services.mark_complete(application, actor, reason)
        except services.WorkflowError as error:
            refused.append((application.reference, str(error)))
        else:
            done.append(application.reference)
    return done, refused


def add_note(application: Application, author, text: str) -> StaffNote:
    text = text.strip()
    if not text:
        raise InputError({"text": "Write the note."})
    return StaffNote.objects.create(application=application, author=author, text=text)


@transaction.atomic
def score_rubric(project: Project, scores: dict[str, int], notes: dict[str, str], actor) -> None:
    """Save a project's rubric scores (e.g. PA2026-03's 100 points) and run the rules again, recorded as a decision.

    Raises ``InputError`` naming the criterion when a score is outside 0..maximum or the rules refuse them, and
    ``services.WorkflowError`` when the application is no longer under review (scores stay as decided).
    """
    application = Application.objects.select_for_update().get(pk=project.application_id)
    if application.status not in OPEN_FOR_REVIEW:
        raise services.NotUnderReview(
            f"{application.reference} is {application.get_status_display().lower()}; "
            "a decided application keeps the scores it was decided on."
        )
    rubric = {criterion.key: criterion for criterion in application.rule_set.rubric}
    errors = {}
    for key, points in scores.items():
        criterion = rubric.get(key)
        if criterion is None:
            errors[key] = "Not a criterion of this program's rubric."
        elif points is None or not 0 <= points <= criterion.max_points:
            errors[key] = f"{criterion.label}: between 0 and {criterion.max_points} points."
    if errors:
        raise InputError(errors)
    project.application = application
    services.check_scores(project, scores)
    for key, points in scores.items():
        score = CriterionScore.objects.filter(project=project, criterion=key).first() or CriterionScore(
            project=project, criterion=key
        )
        if score.pk and score.points == points and score.note == notes.get(key, "").strip():
            continue
        score.points = points
        score.note = notes.get(key, "").strip()
        score.scored_by = actor
        score.save()
    services.re_evaluate(application, actor, "Rubric scores changed")


def save_filter(user, name: str, query: str) -> SavedFilter:
    """Keep the list's current query string under a name (the same name again replaces it)."""
    from urllib.parse import parse_qsl, urlencode

    name = " ".join(name.split())
    if not name:
        raise InputError({"name": "Name the filter."})
    if len(name) > 80:
        raise InputError({"name": "Name: at most 80 characters."})
    pairs = [
        (key, value)
        for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=False)
        if key not in ("p", "_changelist_filters")
    ]
    encoded = urlencode(pairs)
    if len(encoded) > 500:
        raise InputError({"query": "The filter is too long to save."})
    saved, _ = SavedFilter.objects.update_or_create(user=user, name=name, defaults={"query": encoded})
    return saved
