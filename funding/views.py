"""Staff funding pages: each program's funds and ledger, its funding rounds (ranked list, cut line, offers),
approval in one action, and the Board's CSV and PDF of the recommendations.

Staff (``funding.change_fundinground``) change things; board members (view permission) read; anyone else gets a
404. Every write goes through ``funding.services``.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core import citations, spreadsheets
from core.db import for_reports
from programs.models import Program
from programs.rules.selection import Order

from . import selectors, services
from .forms import (
    ApproveApplicationForm,
    ApproveRoundForm,
    BudgetForm,
    CountyShareForm,
    FundForm,
    LineDecisionForm,
    ReserveForm,
    WaitlistOfferForm,
)
from .models import FundingRound, FundSource, Recommendation

PAGE = 100
WAITLIST_IN_PDF = 25


def funding_access(view):
    """Signed in with the funding view permission (staff, board members); a 404 for everyone else."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("funding.view_fundinground"):
            raise Http404("The funding pages are for district staff and board members.")
        return view(request, *args, **kwargs)

    return wrapped


def staff_only(view):
    """A change: only staff who may decide funding (board members read only)."""

    @funding_access
    @require_POST
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("funding.change_fundinground"):
            raise Http404("Only program staff change funding.")
        return view(request, *args, **kwargs)

    return wrapped


def _may_decide(user) -> bool:
    return user.has_perm("funding.change_fundinground")


@funding_access
def index(request):
    return render(request, "funding/index.html", {"programs": selectors.programs_with_balances()})


def _forms(program: Program, fund: FundSource, data=None, bound: str = "") -> dict:
    selection = program.rule_set.selection
    kwargs = {
        "reserve": ("funding:reserve", ReserveForm, {"areas": selection.reserve_areas}),
        "share": ("funding:share", CountyShareForm, {}),
        "budget": ("funding:budget", BudgetForm, {}),
    }
    forms = {}
    for name, (url, form_class, extra) in kwargs.items():
        if name == "reserve" and not selection.reserve_areas or name == "share" and not selection.county_shares:
            continue
        action = reverse(url, args=[program.code, fund.pk])
        forms[name] = form_class(data if bound == name else None, action=action, prefix=f"{name}-{fund.pk}", **extra)
    return forms


@funding_access
def program_page(request, code, bound_fund=None, bound="", data=None, status=200):
    program = get_object_or_404(Program, code=code)
    selection = program.rule_set.selection
    funds = selectors.funds_of(program)
    may_decide = _may_decide(request.user)
    fund_forms = (
        {
            view.fund.pk: _forms(program, view.fund, data if bound_fund == view.fund.pk else None, bound)
            for view in funds
        }
        if may_decide
        else {}
    )
    new_fund = (
        FundForm(
            data if bound == "fund" else None,
            paths=selection.paths,
            action=reverse("funding:fund_new", args=[code]),
            prefix="fund",
        )
        if may_decide
        else None
    )
    return render(
        request,
        "funding/program.html",
        {
            "program": program,
            "selection": selection,
            "funds": [(view, fund_forms.get(view.fund.pk, {})) for view in funds],
            "total": selectors.capped(program, sum((view.balance for view in funds), selectors.Balance())),
            "counties": sorted(selectors.balances_by_county(program).items()),
            "rounds": program.funding_rounds.select_related("created_by", "approved_by")[:10],
            "waiting": selectors.waiting_projects(program).count(),
            "ledger": selectors.ledger_of(program)[:25],
            "may_decide": may_decide,
            "new_fund": new_fund,
        },
        status=status,
    )


def _fund(code, fund_id) -> FundSource:
    return get_object_or_404(FundSource.objects.select_related("program"), pk=fund_id, program__code=code)


def _setting(request, code, fund_id, name: str, form_class, extra: dict, save) -> HttpResponse:
    """Validate one fund setting's form and save it through ``save(fund, cleaned)``; errors re-render the page."""
    fund = _fund(code, fund_id)
    form = form_class(request.POST, action="", prefix=f"{name}-{fund.pk}", **extra)
    if form.is_valid():
        try:
            save(fund, form.cleaned_data)
        except services.FundingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("funding:program", code=code)
    for message in [
        *form.non_field_errors(),
        *(
            f"{form.fields[field].label or field}: {', '.join(errors)}"
            for field, errors in form.errors.items()
            if field != "__all__"
        ),
    ]:
        messages.error(request, message)
    return program_page(request, code, bound_fund=fund.pk, bound=name, data=request.POST, status=400)


@staff_only
def reserve(request, code, fund_id):
    def save(fund, data):
        services.set_reserve(fund, data["area"], data["amount"], actor=request.user, reason=data["reason"])
        messages.success(request, f"{data['area']}: ${data['amount']:,.2f} held in {fund.name}.")

    areas = get_object_or_404(Program, code=code).rule_set.selection.reserve_areas
    return _setting(request, code, fund_id, "reserve", ReserveForm, {"areas": areas}, save)


@staff_only
def share(request, code, fund_id):
    def save(fund, data):
        services.set_county_share(
            fund, data["county"], data["truck_population"], actor=request.user, reason=data["reason"]
        )
        messages.success(request, f"{data['county']} County: {data['truck_population']:,} trucks.")

    return _setting(request, code, fund_id, "share", CountyShareForm, {}, save)


@staff_only
def budget(request, code, fund_id):
    def save(fund, data):
        services.adjust_budget(fund, data["amount"], actor=request.user, reason=data["reason"])
        messages.success(request, f"{fund.name}: budget changed by ${data['amount']:,.2f}.")

    return _setting(request, code, fund_id, "budget", BudgetForm, {}, save)


@staff_only
def fund_new(request, code):
    program = get_object_or_404(Program, code=code)
    form = FundForm(request.POST, paths=program.rule_set.selection.paths, action="", prefix="fund")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_fund(
                program,
                name=data["name"],
                budget=data["budget"],
                actor=request.user,
                reason=data["reason"],
                pays_path=data.get("pays_path", ""),
            )
        except services.FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{data['name']} added with a budget of ${data['budget']:,.2f}.")
            return redirect("funding:program", code=code)
    for field, errors in form.errors.items():
        messages.error(request, f"{form.fields[field].label if field in form.fields else 'Fund'}: {', '.join(errors)}")
    return program_page(request, code, bound="fund", data=request.POST, status=400)


@staff_only
def preview(request, code):
    program = get_object_or_404(Program, code=code)
    try:
        funding_round = services.start_round(program, actor=request.user)
    except services.FundingError as error:
        messages.error(request, str(error))
        return redirect("funding:program", code=code)
    return redirect("funding:round", pk=funding_round.pk)


@staff_only
def retry(request, pk):
    """Send a waiting or stranded ranking to the task queue again (issue 24); the sweeper does the same each minute."""
    try:
        services.retry_round(_round(pk))
    except services.FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The ranking was sent to the task queue again.")
    return redirect("funding:round", pk=pk)


def _round(pk) -> FundingRound:
    return get_object_or_404(FundingRound.objects.select_related("program", "created_by", "approved_by"), pk=pk)


def _columns(selection) -> dict:
    return {
        "score": selection.order is Order.SCORE,
        "per_ton": selection.order is Order.COST_EFFECTIVENESS,
        "dac": selection.dac_first,
        "msa": bool(selection.msas),
    }


class RoundPage:
    """One page of a round's lines by position range (positions run 0 to n - 1), so page 500 of 100,000 lines is
    as quick as page 1: no count, no offset."""

    def __init__(self, funding_round: FundingRound, number):
        self.num_pages = max(1, -(-funding_round.projects // PAGE))
        try:
            self.number = min(max(int(number), 1), self.num_pages)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * PAGE
        self.lines = list(selectors.round_lines(funding_round).filter(position__gte=start, position__lt=start + PAGE))
        self.has_previous, self.has_next = self.number > 1, self.number < self.num_pages
        self.has_other_pages = self.num_pages > 1
        self.previous_page_number, self.next_page_number = self.number - 1, self.number + 1

    def __iter__(self):
        return iter(self.lines)


@funding_access
def round_page(request, pk):
    funding_round = _round(pk)
    selection = funding_round.program.rule_set.selection
    page = RoundPage(funding_round, request.GET.get("page"))
    may_approve = _may_decide(request.user) and funding_round.status == FundingRound.Status.PREVIEW
    approve_form = ApproveRoundForm(action=reverse("funding:approve", args=[pk])) if may_approve else None
    funds, set_aside = selectors.funds_after_decisions(funding_round)
    return render(
        request,
        "funding/round.html",
        {
            "round": funding_round,
            "program": funding_round.program,
            "selection": selection,
            "page": page,
            "summary": funding_round.summary,
            "funds": funds,
            "set_aside": set_aside,
            "cut_rank": funding_round.summary.get("cut_line_before_rank"),
            "columns": _columns(selection),
            "approve_form": approve_form,
            "recommended": selectors.recommended_totals(funding_round) if may_approve else None,
            "may_decide_lines": may_approve,
            "decision_choices": LineDecisionForm.base_fields["action"].choices,
            "waitlist": list(selectors.waitlist(funding_round)[: selectors.WAITLIST_SHOWN]),
            "waitlist_offer": selectors.waitlist_offer(funding_round) if _may_decide(request.user) else (None, ""),
            "may_retry": funding_round.is_running
            and _may_decide(request.user)
            and selectors.is_stranded(funding_round, now=timezone.now(), **services.recovery_limits()),
        },
    )


@staff_only
def approve(request, pk):
    funding_round = _round(pk)
    form = ApproveRoundForm(request.POST, action="")
    if not form.is_valid():
        messages.error(request, "Give a note for the approvals (e.g. the Board's action and date).")
        return redirect("funding:round", pk=pk)
    try:
        approved = services.approve_round(funding_round, actor=request.user, reason=form.cleaned_data["reason"])
    except services.FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s application approved; its award is encumbered in the fund ledger.",
                "%(count)s applications approved; their awards are encumbered in the fund ledger.",
                len(approved),
            )
            % {"count": len(approved)},
        )
    return redirect("funding:round", pk=pk)


def _line(pk, line_id) -> Recommendation:
    return get_object_or_404(Recommendation.objects.select_related("funding_round"), pk=line_id, funding_round_id=pk)


@staff_only
def decide_line(request, pk, line_id):
    """Exclude, hold or waitlist one line of a previewed round, or select it again, with the reason (issue 21)."""
    line = _line(pk, line_id)
    form = LineDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and say why."))
        return redirect("funding:round", pk=pk)
    try:
        services.decide_line(line, form.cleaned_data["action"], actor=request.user, reason=form.cleaned_data["reason"])
    except services.FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Decision recorded; the round's totals below follow it."))
    return redirect("funding:round", pk=pk)


@staff_only
def offer_waitlist(request, pk, line_id):
    """Staff confirm that returned money goes to the next waitlisted project (issue 21)."""
    line = _line(pk, line_id)
    form = WaitlistOfferForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        application = services.offer_to_waitlist(line, actor=request.user, reason=reason)
    except services.FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(reference)s is approved from the waitlist; its award is encumbered in the fund ledger.")
            % {"reference": application.reference},
        )
    return redirect("funding:round", pk=pk)


ORDER_WORDS = {
    Order.SUBMISSION: gettext_lazy("first come, first served, by submission time"),
    Order.SCORE: gettext_lazy("by rubric score, highest first"),
    Order.COST_EFFECTIVENESS: gettext_lazy("by NOx cost-effectiveness, lowest dollars per ton first"),
}


@login_required
def approve_application(request, pk):
    """Approve an application with the facts: the amount, each fund charged with its available balance before and
    after, the limit that set each award and the application's place in the program's order (issue 21). The figures
    shown are posted back and recorded with the decision; the approval is refused if the ledger changed meanwhile.

    Staff who decide applications (``applications.change_application``) approve; other district readers get a 403,
    anyone else a 404."""
    from applications import services as application_services
    from applications.models import Application, Status
    from applications.review import limit_in_words
    from programs.factors import tables_reference

    if not request.user.has_perm("applications.view_application"):
        raise Http404("Approvals are for district staff.")
    if not request.user.has_perm("applications.change_application"):
        raise PermissionDenied(_("Only program staff who decide applications approve them."))
    application = get_object_or_404(Application.objects.select_related("program", "organization"), pk=pk)
    refusal = ""
    if request.method == "POST":
        posted = ApproveApplicationForm(request.POST)
        if not posted.is_valid():
            refusal = _("The page's figures did not come back with the approval; look at them again and approve.")
        else:
            try:
                decision = application_services.approve(
                    application, request.user, posted.cleaned_data["reason"], shown=posted.cleaned_data["shown"]
                )
            except application_services.WorkflowError as error:
                refusal = str(error)
            else:
                if decision.action == application_services.FIRST_APPROVAL:
                    messages.success(
                        request,
                        _("%(reference)s: your first approval is recorded; a supervisor gives the second approval.")
                        % {"reference": application.reference},
                    )
                    return redirect("funding:approve_application", pk=application.pk)
                messages.success(
                    request,
                    _("%(reference)s approved; the award is encumbered in the fund ledger.")
                    % {"reference": application.reference},
                )
                return redirect("admin:applications_application_review", application.pk)
    facts = selectors.approval_facts(application)
    form = ApproveApplicationForm(initial={"shown": facts.as_dict(), "reason": request.POST.get("reason", "")})
    threshold = application.program.second_approval_above
    pending = application_services.pending_first_approval(application)
    refused_ahead = (
        application_services.second_approval_refusal(application, request.user, facts.total)
        if application.status == Status.COMPLETE
        else ""
    )
    return render(
        request,
        "funding/approve_application.html",
        {
            "application": application,
            "facts": facts,
            "limits": [(limit, limit_in_words(limit.key)) for limit in facts.limits],
            "references": [
                (limit.project.position, reference)
                for limit in facts.limits
                if (reference := tables_reference(limit.project.figures or {})) is not None
            ],
            "form": form,
            "refusal": refusal or refused_ahead,
            "blocked": ""
            if application.status == Status.COMPLETE
            else application_services.REFUSED["approve"] % {"status": application.get_status_display().lower()},
            "may_approve": application.status == Status.COMPLETE and not facts.problem and not refused_ahead,
            "threshold": threshold,
            "needs_second": threshold is not None and facts.total > threshold,
            "pending": pending,
            "noun": application.rule_set.project_noun,
            "order_words": ORDER_WORDS.get(facts.place.order, "") if facts.place else "",
        },
    )


CSV_HEADER = [
    "rank",
    "project",
    "application",
    "submitted_at",
    "county",
    "msa",
    "dac",
    "score",
    "cost_effectiveness_per_ton",
    "award",
    "outcome",
    "recommended",
    "fund",
    "fund_cumulative",
    "place",
    "reason",
]


@funding_access
@for_reports
def round_csv(request, pk):
    """Every line of the round, streamed (a round can hold 100,000 projects)."""
    funding_round = _round(pk)
    writer = spreadsheets.csv_writer()

    def rows():
        yield writer.writerow(CSV_HEADER)
        lines = selectors.round_lines(funding_round)
        for line in lines.iterator(chunk_size=2000):
            project = line.project
            yield writer.writerow(
                [
                    line.rank or "",
                    f"{line.application.reference} #{project.position}",
                    line.application.reference,
                    timezone.localtime(line.application.submitted_at).isoformat()
                    if line.application.submitted_at
                    else "",
                    project.county,
                    project.msa,
                    "" if project.dac is None else ("yes" if project.dac else "no"),
                    project.score if project.score is not None else "",
                    project.cost_effectiveness_per_ton or "",
                    line.award,
                    line.get_outcome_display(),
                    line.funded,
                    line.fund.name if line.fund else "",
                    line.cumulative or "",
                    line.place,
                    citations.public(line.reason),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{funding_round.program.code}-funding-round-{funding_round.pk}.csv"'
    )
    return response


@funding_access
def round_pdf(request, pk):
    """The Board's "funding recommendations" table: the recommended awards and the first of the waiting list."""
    from weasyprint import HTML

    funding_round = _round(pk)
    lines = selectors.round_lines(funding_round)
    recommended = list(lines.filter(outcome__in=selectors.FUNDED))
    waiting = list(lines.filter(outcome=Recommendation.Outcome.NONE)[:WAITLIST_IN_PDF])
    html = render_to_string(
        "funding/recommendations_pdf.html",
        {
            "round": funding_round,
            "program": funding_round.program,
            "summary": funding_round.summary,
            "selection": funding_round.program.rule_set.selection,
            "recommended": recommended,
            "waiting": waiting,
            "not_funded": lines.filter(outcome=Recommendation.Outcome.NONE).count(),
            "today": timezone.localdate(),
            "columns": _columns(funding_round.program.rule_set.selection),
        },
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{funding_round.program.code}-funding-recommendations-{funding_round.pk}.pdf"'
    )
    return response
