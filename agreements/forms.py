"""Forms of the agreement pages. They only collect and type what people enter; every rule is checked again by
``agreements.services``, whose refusals come back as form errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.rules.registry import post_award
from core.forms import SiteVoice
from programs.rules.fields import EARLIEST_DATE, LATEST_DATE

from .models import Amendment, ChangeRequest, Obligation

TEXT = 2000


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(
            attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
        ),
        **kwargs,
    )


def reason_field(label=None) -> forms.CharField:
    return forms.CharField(label=label or _("Reason"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(SiteVoice, forms.Form):
    """The awardee's signature: "signed by the awardee (a person authorized for the firm: typed name, title,
    consent)"; the time and address are the server's."""

    name = forms.CharField(label=_("Your full name"), max_length=150)
    title = forms.CharField(label=_("Your title"), max_length=150)
    consent = forms.BooleanField(
        label=_(
            "I am authorized to sign this agreement for the awardee, I have read it, and "
            "I agree to sign it electronically."
        )
    )


class ReasonForm(SiteVoice, forms.Form):
    reason = reason_field()


class EventForm(SiteVoice, forms.Form):
    """Record an event of the program's post-award events (the execution is recorded by the countersignature)."""

    event = forms.ChoiceField(label=_("Event"))
    on = date_field(_("Date"))
    note = forms.CharField(
        label=_("Note (required to correct a date already recorded)"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (event.key, event.label[0].upper() + event.label[1:])
            for event in post_award(code).events
            if event.key != "agreement_executed"
        ]


class CompleteForm(SiteVoice, forms.Form):
    on = date_field(_("Done on"))


class ObligationFilter(SiteVoice, forms.Form):
    """The staff list's filters: program, kind, how far ahead, overdue only."""

    program = forms.ChoiceField(label=_("Program"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Every kind")), *Obligation.Kind.choices])
    within = forms.TypedChoiceField(
        label=_("Due within"),
        required=False,
        coerce=int,
        empty_value=30,
        choices=[(14, _("14 days")), (30, _("30 days")), (90, _("90 days")), (365, _("a year"))],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [
            ("", _("Every program")),
            *((program.code, f"{program.code} {program.title}") for program in programs),
        ]


class AmendmentForm(SiteVoice, forms.Form):
    """One amendment; which fields it needs depends on its kind (the service names what is missing)."""

    kind = forms.ChoiceField(label=_("Amendment"), choices=Amendment.Kind.choices)
    project = forms.TypedChoiceField(label=_("Project"), coerce=int, required=False, empty_value=None)
    months = forms.IntegerField(label=_("Months added to the term"), min_value=1, max_value=120, required=False)
    obligation = forms.ChoiceField(label=_("Obligation to extend"), required=False)
    new_due = date_field(_("New due date"), required=False)
    amount = forms.DecimalField(
        label=_("Reduce the award by"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    new_owner_name = forms.CharField(label=_("New owner"), max_length=200, required=False)
    new_owner = forms.CharField(label=_("New owner's portal account (user name)"), max_length=150, required=False)
    reason = reason_field(_("Reason and approval (what happened, who approved it and when)"))

    NEEDS = {
        Amendment.Kind.EXTEND_TERM: ("project", "months"),
        Amendment.Kind.EXTEND_MILESTONE: ("obligation", "new_due"),
        Amendment.Kind.REDUCE_AWARD: ("project", "amount"),
        Amendment.Kind.TRANSFER: ("new_owner_name", "new_owner"),
        Amendment.Kind.TERMINATE: (),
    }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        lines = agreement.funded_projects.select_related("project").filter(status="active")
        self.fields["project"].choices = [
            ("", _("The whole agreement")),
            *((line.project_id, f"{line.position}. {line.project.summary or line.project}") for line in lines),
        ]
        dated = agreement.obligations.filter(
            due__isnull=False, done_on__isnull=True, waived_at__isnull=True, status__in=Obligation.OPEN
        ).select_related("project")
        self.fields["obligation"].choices = [
            ("", "---------"),
            *(
                (f"{item.project_id}:{item.key}", f"{item.project.position}. {item.name} ({item.due:%B %-d, %Y})")
                for item in dated
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        for name in self.NEEDS.get(kind, ()):
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("Needed for this amendment."))
        return cleaned


def _project_choices(agreement, blank) -> list:
    lines = agreement.funded_projects.select_related("project").filter(status="active")
    return [
        ("", blank),
        *((line.project_id, f"{line.position}. {line.project.summary or line.project}") for line in lines),
    ]


class ChangeRequestForm(SiteVoice, forms.Form):
    """The awardee asks for an extension, a transfer or a withdrawal (issue 22); ``agreements.services.request_change``
    checks it again."""

    kind = forms.ChoiceField(label=_("What you ask for"), choices=ChangeRequest.Kind.choices)
    project = forms.TypedChoiceField(label=_("Project"), coerce=int, required=False, empty_value=None)
    months = forms.IntegerField(label=_("More months for the term"), min_value=1, max_value=120, required=False)
    new_owner_name = forms.CharField(label=_("New owner's name"), max_length=200, required=False)
    reason = reason_field(_("Why you ask for it"))

    NEEDS = {
        ChangeRequest.Kind.EXTENSION: ("project", "months"),
        ChangeRequest.Kind.TRANSFER: ("new_owner_name",),
        ChangeRequest.Kind.WITHDRAWAL: (),
    }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = _project_choices(agreement, _("The whole agreement"))

    def clean(self):
        cleaned = super().clean()
        for name in self.NEEDS.get(cleaned.get("kind"), ()):
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("Needed for this request."))
        return cleaned


class DecisionForm(SiteVoice, forms.Form):
    """Staff approve or decline an awardee's request; a transfer names the new owner's portal account."""

    APPROVE, DECLINE = "approve", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(APPROVE, _("Approve and amend the agreement")), (DECLINE, _("Decline"))]
    )
    new_owner = forms.CharField(label=_("New owner's portal account (user name)"), max_length=150, required=False)
    reason = reason_field(_("Reason for the decision (sent to the awardee)"))

    def __init__(self, *args, change, **kwargs):
        super().__init__(*args, **kwargs)
        self.change = change
        if change.kind != ChangeRequest.Kind.TRANSFER:
            del self.fields["new_owner"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.APPROVE and "new_owner" in self.fields and not cleaned.get("new_owner"):
            self.add_error("new_owner", _("Needed to approve a transfer."))
        return cleaned
