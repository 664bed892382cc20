"""Agreement pages: the awardee reads, signs and follows their agreements; staff send, countersign, record events and
amend; board members read. Every object is found through ``selectors.agreements_visible_to`` (404 otherwise), and
every change goes through ``agreements.services``."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import documents, selectors
from .models import Agreement


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(selectors.agreements_visible_to(request.user), pk=pk)


def signed_in(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return wrapped


@signed_in
def detail(request, pk):
    agreement = _agreement(request, pk)
    funded = agreement.funded_projects.select_related("project__application__program")
    return render(request, "agreements/detail.html", {
        "agreement": agreement, "funded_projects": funded,
        "obligations": agreement.obligations.select_related("project", "extended_by").order_by("project_id",
                                                                                               "position"),
        "steps": agreement.steps.select_related("actor"),
        "may_change": selectors.may_change(request.user),
        "is_awardee": selectors.is_awardee(request.user, agreement),
    })


@signed_in
def document(request, pk):
    """The agreement's PDF: the executed one once executed (stored, never rendered again), the one sent while it
    awaits signatures, and for staff a draft rendered now."""
    agreement = _agreement(request, pk)
    name = f"{agreement.number}.pdf"
    if agreement.executed_document:
        return FileResponse(agreement.executed_document.open("rb"), content_type="application/pdf",
                            filename=f"{agreement.number}-executed.pdf")
    if agreement.sent_document:
        return FileResponse(agreement.sent_document.open("rb"), content_type="application/pdf", filename=name)
    if not selectors.is_district(request.user):
        raise Http404("The draft is the district's until it is sent.")  # (an awardee never sees a draft anyway)
    response = HttpResponse(documents.render_agreement(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{agreement.number}-draft.pdf"'
    return response
