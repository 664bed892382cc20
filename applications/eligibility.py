"""The eligibility check on a program's page: anyone, signed in or not, answers the few questions that decide
eligibility and sees which of the program's rules pass or fail and why, with an estimated award range.

Nothing is written to the database: the answers stay in the visitor's session (``SESSION_KEY``, per program) and
fill the first project of the application the person starts after registering or signing in
(``views.start``). Checks are throttled per address like the API's rule evaluations (``API_EVALUATE_RATE``).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle

from programs import labels
from programs.models import Program
from programs.rules import screening
from programs.rules.fields import InputError, to_jsonable
from programs.selectors import terms_of

from .forms import AttachmentAForm

SESSION_KEY = "eligibility_answers"


class EligibilityThrottle(AnonRateThrottle):
    """Checks per address for visitors not signed in (the "evaluate" rate): trying answers in bulk is slow."""

    scope = "evaluate"


class EligibilityForm(AttachmentAForm):
    """The program's own fields for the check; the questions that decide eligibility must be answered."""

    def __init__(self, *args, specs, **kwargs):
        super().__init__(*args, specs=specs, submit_label=_("Check eligibility"), **kwargs)
        for spec in specs:
            self.fields[spec.name].required = spec.required
            self.fields[spec.name].label = labels.field_label_with_unit(spec)  # the form marks what is required
            if not spec.required:
                self.fields[spec.name].help_text = _("Optional: only refines the estimated award.")
        self.helper.form_id = "eligibility-form"


def saved_answers(session, code: str) -> dict:
    """The answers this visitor last checked for program ``code`` (JSON values), or nothing."""
    return dict(session.get(SESSION_KEY, {}).get(code, {}))


def forget_answers(session, code: str) -> None:
    stored = dict(session.get(SESSION_KEY, {}))
    if stored.pop(code, None) is not None:
        session[SESSION_KEY] = stored


def check(request, code):
    """GET: the questions (with the visitor's last answers); POST: the rules' answer, and the answers kept."""
    program = get_object_or_404(Program, code=code)
    rule_set = program.rule_set
    if screening.screening_for(rule_set.code) is None:
        return render(request, "programs/eligibility.html", {"program": program, "unavailable": True}, status=404)
    specs = screening.questions(rule_set)
    form = EligibilityForm(
        request.POST if request.method == "POST" else None,
        specs=specs,
        initial=saved_answers(request.session, program.code),
    )
    context = {"program": program, "form": form, "noun": labels.noun(rule_set)}
    if request.method != "POST":
        return render(request, "programs/eligibility.html", context)
    if not request.user.is_authenticated and not EligibilityThrottle().allow_request(request, None):
        context["throttled"] = True
        return render(request, "programs/eligibility.html", context, status=429)
    if not form.is_valid():
        return render(request, "programs/eligibility.html", context, status=400)
    values = form.raw_values()
    try:
        result = screening.screen(
            rule_set, values, terms_of(program.round_at(), program.code), today=timezone.localdate()
        )
    except InputError as error:  # the forms check types and ranges; the rules' parser has the last word
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return render(request, "programs/eligibility.html", context, status=400)
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored[program.code] = to_jsonable(specs, values)
    request.session[SESSION_KEY] = stored
    context.update(
        result=result,
        passed=[item.reason for item in result.results if item.passed],
        failed=[item.reason for item in result.failures],
        paths=[
            {
                "name": path.name,
                "eligible": path.eligible,
                "passed": [item.reason for item in path.results if item.passed],
                "failed": [item.reason for item in path.failures],
                "award_high": path.award_high,
                "estimate": path.estimate,
            }
            for path in result.paths
        ],
    )
    return render(request, "programs/eligibility.html", context)
