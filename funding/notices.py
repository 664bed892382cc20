"""What applicants not selected in a funding round are told when it is approved (issue 21): each project left
out (excluded, held, waitlisted by staff, or below the cut line) with the reason, in the recipient's language."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.notices import _contacts, applicant_recipients
from notices.kinds import Kind
from notices.services import language_of, notify
from programs import labels

from .models import FundingRound, Recommendation


def _outcome(line: Recommendation) -> str:
    if line.action:
        return line.get_action_display()
    return _("Not funded: the money ran out before this project's place in the ranking")


def tell_not_selected(funding_round: FundingRound) -> list:
    """One notice per application with a project not selected, to each applicant recipient; keyed by round and
    application so it is sent once. Returns the notices created."""
    lines = (
        funding_round.lines.filter(Q(outcome=Recommendation.Outcome.NONE) | ~Q(action=""))
        .select_related("project", "application__program", "application__organization")
        .order_by("position")
    )
    by_application: dict[int, list[Recommendation]] = defaultdict(list)
    for line in lines:
        by_application[line.application_id].append(line)
    created = []
    for application_lines in by_application.values():
        application = application_lines[0].application
        link = reverse("applications:detail", args=[application.pk])
        for recipient in applicant_recipients(application):
            with translation.override(language_of(recipient)):
                projects = [
                    {
                        "position": line.project.position,
                        "outcome": str(_outcome(line)),
                        "reason": line.action_reason or line.reason,
                    }
                    for line in application_lines
                ]
                notice = notify(
                    recipient,
                    Kind.ROUND_NOT_SELECTED,
                    regarding=_("Application %(reference)s") % {"reference": application.reference},
                    program=application.program,
                    link=link,
                    related=application,
                    key=f"round-not-selected:{funding_round.pk}:{application.pk}",
                    context={
                        "application": application,
                        "project_noun": labels.noun(application.rule_set),
                        "not_selected": projects,
                        "contacts": _contacts(application),
                    },
                )
            if notice is not None:
                created.append(notice)
    return created
