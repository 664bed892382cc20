"""Payment pages: the awardee requests payment and follows it; staff check and decide; finance releases; board
members read. Every request is found through ``selectors.requests_visible_to`` (404 otherwise); every change goes
through ``payments.services``, whose refusals come back as messages. The payable amount shown on every page is
``selectors.computation``: one call of the pure ``payments.rules.payable.payable``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role
from agreements.models import FundedProject
from applications.forms import AttachmentAForm
from core import spreadsheets
from core.access import admits
from core.pagination import page_of
from payments.rules.payable import LIMIT_LABELS
from programs.models import Program
from programs.rules.fields import InputError

from . import selectors, services
from .forms import DocumentUploadForm, LineForm, NoteForm, ReasonForm, ReleaseForm, ScheduleForm, SubmitForm
from .models import CostLine, PaymentDocument, PaymentRequest

Status = PaymentRequest.Status


signed_in = login_required
# Staff, finance and board members (the payments view permission).
district = admits(selectors.is_district, "The payment queue is the district's.")
# A staff decision (the payments change permission): board members and finance get a 404.
staff_only = admits(selectors.may_review, "Only program staff decide payment requests.", post=True)
# A finance act (the release permission): staff without it, board members and awardees get a 404.
finance_only = admits(selectors.may_release, "Only finance releases payments.", post=True)
# The awardee's own acts (the request itself is then looked up among the person's own).
awardee_only = admits(
    lambda user: not selectors.is_district(user), "Only the awardee changes its payment request.", post=True
)


def _request(request, pk) -> PaymentRequest:
    return get_object_or_404(selectors.requests_visible_to(request.user), pk=pk)


def _done(request, pk, call, success: str):
    """Run a service call; its refusal becomes an error message. Back to the request's page either way."""
    try:
        call()
    except (services.PaymentError, InputError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("payments:detail", pk=pk)


# --- Lists ---------------------------------------------------------------------------------------------------


@signed_in
def index(request):
    """The awardee's funded projects and their requests; the district's queue."""
    if selectors.is_district(request.user):
        return redirect("payments:queue")
    if not has_role(request.user, Role.APPLICANT):
        raise Http404("Payments are requested by awardees.")
    return render(request, "payments/index.html", {"projects": selectors.payable_projects_of(request.user)})


@district
def queue(request):
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    program = request.GET.get("program", "")
    requests = page_of(request, selectors.queue(status=status, program=program), per_page=50)
    return render(
        request,
        "payments/queue.html",
        {
            "requests": requests,
            "status": status,
            "program": program,
            "statuses": Status.choices[1:],
            "programs": Program.objects.filter(code__in=selectors.PAYMENT_RULES).order_by("code"),
            "may_release": selectors.may_release(request.user),
            "may_review": selectors.may_review(request.user),
        },
    )


CSV_HEADER = [
    "paid_on",
    "payment_request",
    "agreement",
    "project",
    "program",
    "awardee",
    "amount",
    "method",
    "reference",
    "funds",
    "ledger_entries",
    "invoice_date",
    "approved_by",
    "approved_at",
    "released_by",
    "released_at",
]


@district
def released_csv(request):
    """Released payments for the accounting system, streamed, by payment date (``?start=&end=&program=``)."""
    dates = {}
    for name in ("start", "end"):
        text = request.GET.get(name, "").strip()
        try:
            dates[name] = parse_date(text) if text else None
        except ValueError:
            dates[name] = None
        if text and dates[name] is None:
            return HttpResponseBadRequest(f"{name}: give a date as YYYY-MM-DD.", content_type="text/plain")
    payments = selectors.released_payments(**dates, program=request.GET.get("program", ""))
    writer = spreadsheets.csv_writer()

    def person(user):
        return user.get_full_name() or user.get_username() if user else ""

    def rows():
        yield writer.writerow(CSV_HEADER)
        for item in payments.iterator(chunk_size=500):
            entries = list(item.disbursements.all())
            yield writer.writerow(
                [
                    item.paid_on.isoformat(),
                    item.number,
                    item.agreement.number,
                    item.reference,
                    item.program.code,
                    item.agreement.awardee_name,
                    item.paid_amount,
                    item.get_payment_method_display(),
                    item.payment_reference,
                    "; ".join(f"{entry.fund.name}: {entry.amount}" for entry in entries),
                    " ".join(str(entry.pk) for entry in entries),
                    item.invoice_date.isoformat() if item.invoice_date else "",
                    person(item.approved_by),
                    timezone.localtime(item.approved_at).isoformat(),
                    person(item.released_by),
                    timezone.localtime(item.released_at).isoformat(),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="released-payments-{timezone.localdate():%Y%m%d}.csv"'
    return response


@signed_in
@require_POST
def start(request, funded_pk):
    funded = get_object_or_404(FundedProject.objects.select_related("agreement__program", "project"), pk=funded_pk)
    if selectors.is_district(request.user) or not selectors.is_awardee(request.user, funded.agreement):
        raise Http404("Only the awardee requests payment.")
    try:
        payment_request = services.start_request(funded, actor=request.user)
    except services.PaymentError as error:
        messages.error(request, str(error))
        return redirect("payments:index")
    return redirect("payments:detail", pk=payment_request.pk)


# --- One request ---------------------------------------------------------------------------------------------


@signed_in
def detail(request, pk):
    payment_request = _request(request, pk)
    if selectors.is_district(request.user):
        return _review_page(request, payment_request)
    return _awardee_page(request, payment_request)


def _facts_form(payment_request: PaymentRequest, data=None) -> AttachmentAForm:
    rules = selectors.rules_of(payment_request)
    initial = {"invoice_date": payment_request.invoice_date, **payment_request.values}
    form = AttachmentAForm(
        data,
        specs=(services.INVOICE_DATE, *selectors.program_fields(rules, payment_request)),
        initial=initial,
        submit_label=_("Save"),
    )
    schedule = selectors.schedule_of(payment_request.funded_project)
    if schedule:
        form.fields["milestone"] = forms.TypedChoiceField(
            label=_("Milestone of the payment schedule"),
            coerce=int,
            required=False,
            empty_value=None,
            choices=[
                ("", _("Choose")),
                *(
                    (number, f"{number}. {item.name} (${item.amount:,.2f})")
                    for number, item in enumerate(schedule, start=1)
                ),
            ],
            initial=payment_request.milestone,
        )
    return form


def _awardee_page(
    request,
    payment_request: PaymentRequest,
    *,
    facts_form=None,
    line_forms=None,
    upload_form=None,
    submit_form=None,
    status=200,
):
    result = selectors.computation(payment_request)
    editable = payment_request.is_editable
    line_forms = line_forms or {}
    return render(
        request,
        "payments/detail.html",
        {
            "payment_request": payment_request,
            "result": result,
            "payment": result.payment,
            "editable": editable,
            "acts": selectors.acts_for_awardee(request.user, payment_request.agreement),
            "facts_form": facts_form or (_facts_form(payment_request) if editable else None),
            "cost_form": line_forms.get("cost") or LineForm(kind=CostLine.Kind.COST),
            "other_form": line_forms.get("other_funding") or LineForm(kind=CostLine.Kind.OTHER_FUNDING),
            "costs": selectors.lines_of(payment_request, CostLine.Kind.COST),
            "other_funding": selectors.lines_of(payment_request, CostLine.Kind.OTHER_FUNDING),
            "upload_form": upload_form or DocumentUploadForm(checklist=result.checklist),
            "on_file": selectors.documents_on_file(payment_request) if editable else {},
            "submit_form": submit_form or SubmitForm(),
            "steps": payment_request.steps.select_related("actor"),
            "limit_labels": LIMIT_LABELS,
        },
        status=status,
    )


@awardee_only
def save_facts(request, pk):
    payment_request = _request(request, pk)
    form = _facts_form(payment_request, request.POST)
    if form.is_valid():
        raw = form.raw_values()
        milestone = raw.pop("milestone", None)
        try:
            services.save_request(payment_request, raw, actor=request.user, milestone=milestone)
        except InputError as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("payments:detail", pk=pk)
    return _awardee_page(request, payment_request, facts_form=form, status=400)


@awardee_only
def add_line(request, pk, kind):
    payment_request = _request(request, pk)
    if kind not in CostLine.Kind.values:
        raise Http404("No such kind of line.")
    form = LineForm(request.POST, kind=kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_line(
                payment_request,
                kind=kind,
                description=data["description"],
                amount=data["amount"],
                reference=data["reference"],
                actor=request.user,
            )
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added: %(line)s.") % {"line": data["description"]})
            return redirect(
                payment_request.get_absolute_url() + ("#costs" if kind == CostLine.Kind.COST else "#other-funding")
            )
    return _awardee_page(request, payment_request, line_forms={kind: form}, status=400)


@awardee_only
def delete_line(request, pk, line_pk):
    payment_request = _request(request, pk)
    line = get_object_or_404(payment_request.lines, pk=line_pk)
    return _done(
        request,
        pk,
        lambda: services.delete_line(line, actor=request.user),
        _("Removed: %(line)s.") % {"line": line.description},
    )


@awardee_only
def upload(request, pk):
    payment_request = _request(request, pk)
    result = selectors.computation(payment_request)
    form = DocumentUploadForm(request.POST, request.FILES, checklist=result.checklist)
    if form.is_valid():
        uploads = form.cleaned_data["files"]
        try:
            for item in uploads:
                services.add_document(payment_request, slot=form.cleaned_data["slot"], upload=item, actor=request.user)
        except services.PaymentError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(request, _("Uploaded: %(names)s.") % {"names": ", ".join(item.name for item in uploads)})
            return redirect(payment_request.get_absolute_url() + "#documents")
    return _awardee_page(request, payment_request, upload_form=form, status=400)


@awardee_only
def reuse_document(request, pk, source, source_pk):
    """Attach a document already on file for the project (the application's, or the agreement page's)."""
    payment_request = _request(request, pk)
    if source not in ("application", "destruction"):
        raise Http404
    return _done(
        request,
        pk,
        lambda: services.reuse_document(payment_request, source=source, pk=source_pk, actor=request.user),
        _("Attached from the documents on file."),
    )


@awardee_only
def delete_document(request, pk, document_pk):
    payment_request = _request(request, pk)
    document = get_object_or_404(payment_request.documents, pk=document_pk)
    return _done(
        request,
        pk,
        lambda: services.delete_document(document, actor=request.user),
        _("Removed: %(name)s.") % {"name": document.original_name},
    )


@signed_in
def download(request, pk, document_pk):
    """A document of a request the person may see, streamed (uploads are never served publicly)."""
    payment_request = _request(request, pk)
    document = get_object_or_404(PaymentDocument, pk=document_pk, request=payment_request)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@awardee_only
def submit(request, pk):
    payment_request = _request(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _awardee_page(request, payment_request, submit_form=form, status=400)
    return _done(
        request,
        pk,
        lambda: services.submit(payment_request, actor=request.user, certified=True),
        _("Payment request submitted. Staff will check it against your agreement and the inspections."),
    )


@awardee_only
def withdraw(request, pk):
    payment_request = _request(request, pk)
    return _done(
        request,
        pk,
        lambda: services.withdraw(payment_request, actor=request.user, reason=request.POST.get("reason", "")[:2000]),
        _("Payment request withdrawn."),
    )


# --- Staff and finance ---------------------------------------------------------------------------------------


def _review_page(request, payment_request: PaymentRequest, status=200):
    result = selectors.computation(payment_request)
    funded = payment_request.funded_project
    may_review, may_release = selectors.may_review(request.user), selectors.may_release(request.user)
    balance = selectors.balance_of(payment_request.project)
    schedule = selectors.schedule_of(funded)
    return render(
        request,
        "payments/review.html",
        {
            "payment_request": payment_request,
            "result": result,
            "payment": result.payment,
            "funded": funded,
            "agreement": payment_request.agreement,
            "balance": balance,
            "schedule": schedule,
            "facts": selectors.facts_in_words(payment_request),
            "costs": selectors.lines_of(payment_request, CostLine.Kind.COST),
            "other_funding": selectors.lines_of(payment_request, CostLine.Kind.OTHER_FUNDING),
            "steps": payment_request.steps.select_related("actor"),
            "limit_labels": LIMIT_LABELS,
            "may_review": may_review,
            "may_release": may_release,
            "is_submitted": payment_request.status == Status.SUBMITTED,
            "is_approved": payment_request.status == Status.APPROVED,
            "same_person": payment_request.approved_by_id == request.user.pk,
            "needs_second": services.needs_second_approval(payment_request),
            "threshold": services.second_approval_above(payment_request),
            "second_refusal": services.second_approval_refusal(payment_request, request.user),
            "release_form": ReleaseForm() if may_release else None,
            "may_see_agreement": request.user.has_perm("agreements.view_agreement") and request.user.is_staff,
            "may_see_funding": request.user.has_perm("funding.view_fundinground"),
        },
        status=status,
    )


def _reason_or_error(request) -> str | None:
    form = ReasonForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    messages.error(request, "Say why, in a few words.")
    return None


@staff_only
def approve(request, pk):
    payment_request = _request(request, pk)
    note = request.POST.get("note", "")[:2000]
    return _done(
        request,
        pk,
        lambda: services.approve(payment_request, actor=request.user, note=note),
        "Approved. Finance releases the payment next.",
    )


@staff_only
def disallow_line(request, pk, line_pk):
    """Staff disallow one cost line with the reason; the payable is recomputed by the program's payment rules."""
    payment_request = _request(request, pk)
    line = get_object_or_404(payment_request.lines, pk=line_pk)
    if (reason := _reason_or_error(request)) is None:
        return redirect("payments:detail", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.disallow_line(line, actor=request.user, reason=reason),
        "Cost disallowed; the payable amount is recomputed without it.",
    )


@staff_only
def second_approve(request, pk):
    """A supervisor's second approval of a payment above the program's amount (issue 21)."""
    payment_request = _request(request, pk)
    note = request.POST.get("note", "")[:2000]
    return _done(
        request,
        pk,
        lambda: services.second_approve(payment_request, actor=request.user, note=note),
        "Second approval given. Finance releases the payment next.",
    )


@staff_only
def return_request(request, pk):
    payment_request = _request(request, pk)
    if (reason := _reason_or_error(request)) is None:
        return redirect("payments:detail", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.return_to_awardee(payment_request, actor=request.user, reason=reason),
        "Returned to the awardee.",
    )


@staff_only
def reject(request, pk):
    payment_request = _request(request, pk)
    if (reason := _reason_or_error(request)) is None:
        return redirect("payments:detail", pk=pk)
    return _done(request, pk, lambda: services.reject(payment_request, actor=request.user, reason=reason), "Rejected.")


@staff_only
def confirm(request, pk, key):
    payment_request = _request(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _done(
        request, pk, lambda: services.confirm(payment_request, key, actor=request.user, note=note), "Confirmed."
    )


@staff_only
def unconfirm(request, pk, key):
    payment_request = _request(request, pk)
    if (reason := _reason_or_error(request)) is None:
        return redirect("payments:detail", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.unconfirm(payment_request, key, actor=request.user, reason=reason),
        "Confirmation taken back.",
    )


@staff_only
def refuse_document(request, pk, document_pk):
    payment_request = _request(request, pk)
    document = get_object_or_404(payment_request.documents, pk=document_pk)
    if (reason := _reason_or_error(request)) is None:
        return redirect("payments:detail", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.refuse_document(document, actor=request.user, reason=reason),
        f"{document.original_name} refused.",
    )


@finance_only
def release(request, pk):
    payment_request = _request(request, pk)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else "Release"
            messages.error(request, f"{label}: {' '.join(errors)}")
        return redirect("payments:detail", pk=pk)
    data = form.cleaned_data
    return _done(
        request,
        pk,
        lambda: services.release(
            payment_request,
            actor=request.user,
            paid_on=data["paid_on"],
            method=data["method"],
            reference=data["reference"],
        ),
        "Released: the payment is recorded as a disbursement in the fund ledger.",
    )


@signed_in
@require_POST
def send_back(request, pk):
    if not (selectors.may_release(request.user) or selectors.may_review(request.user)):
        raise Http404("Only staff or finance send an approved payment back.")
    payment_request = _request(request, pk)
    if (reason := _reason_or_error(request)) is None:
        return redirect("payments:detail", pk=pk)
    return _done(
        request,
        pk,
        lambda: services.send_back(payment_request, actor=request.user, reason=reason),
        "Sent back to staff.",
    )


PROJECTS_PAGE = 50
"""Funded projects on one page of staff's list (500 at once took 3 s to render at 3,000 applications: issue 25)."""


@district
def projects(request):
    """Every funded project of an executed agreement with what the ledger holds for it and its open request."""
    program = request.GET.get("program", "")
    page = page_of(request, selectors.payable_projects(program=program), per_page=PROJECTS_PAGE)
    return render(
        request,
        "payments/projects.html",
        {
            "rows": selectors.payable_rows(page.object_list),
            "page": page,
            "program": program,
            "programs": Program.objects.filter(code__in=selectors.PAYMENT_RULES).order_by("code"),
        },
    )


# --- One funded project --------------------------------------------------------------------------------------


def _funded(pk) -> FundedProject:
    return get_object_or_404(
        FundedProject.objects.select_related("agreement__program", "agreement__application", "project"), pk=pk
    )


@district
def project(request, funded_pk):
    """A funded project's payments: the award, what the ledger holds, every request, the payment schedule (staff
    set it where the agreement divides the award) and closing the project for less than its award."""
    funded = _funded(funded_pk)
    if funded.agreement.program.code not in selectors.PAYMENT_RULES:
        raise Http404("This program has no payment step.")
    rules = selectors.rules_of(funded)
    may_review = selectors.may_review(request.user)
    balance = selectors.balance_of(funded.project)
    requests = list(funded.payment_requests.select_related("approved_by", "released_by").order_by("number"))
    schedule = selectors.schedule_of(funded)
    initial = {
        key: value
        for number, item in enumerate(schedule, start=1)
        for key, value in ((f"name_{number}", item.name), (f"amount_{number}", item.amount))
    }
    return render(
        request,
        "payments/project.html",
        {
            "funded": funded,
            "agreement": funded.agreement,
            "balance": balance,
            "requests": requests,
            "schedule": schedule,
            "rules": rules,
            "may_review": may_review,
            "schedule_form": ScheduleForm(initial=initial) if may_review and rules.milestones else None,
            "may_close": (
                may_review
                and balance.outstanding > 0
                and any(item.status == Status.PAID for item in requests)
                and not any(item.is_open for item in requests)
            ),
        },
    )


@staff_only
def set_schedule(request, funded_pk):
    funded = _funded(funded_pk)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.set_schedule(funded, form.milestones(), actor=request.user)
        except services.PaymentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Payment schedule saved.")
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
    return redirect("payments:project", funded_pk=funded.pk)


@staff_only
def close_for_less(request, funded_pk):
    funded = _funded(funded_pk)
    if (reason := _reason_or_error(request)) is not None:
        try:
            entries = services.release_remainder(funded, actor=request.user, reason=reason)
        except services.PaymentError as error:
            messages.error(request, str(error))
        else:
            released = -sum(entry.amount for entry in entries)
            messages.success(request, f"${released:,.2f} of the award is released to its fund.")
    return redirect("payments:project", funded_pk=funded.pk)
