"""The Notices page: every signed-in person sees their own notices, and only theirs (404 for anyone else's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .kinds import Kind


@login_required
def notice_list(request):
    """The person's notices, newest first, of one kind or only the unread when they filter."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    unread = request.GET.get("unread") == "1"
    notices = selectors.notices_of(request.user, kind=kind, unread=unread)
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    filters = "&".join(part for part in (f"kind={kind}" if kind else "", "unread=1" if unread else "") if part)
    return render(
        request,
        "notices/list.html",
        {
            "notices": page,
            "page": page,
            "kinds": Kind.choices,
            "kind": kind,
            "unread": unread,
            "filters": filters,
        },
    )


@login_required
def notice_settings(request):
    """The person's choice: an e-mail for each notice, or one e-mail a day (the daily digest)."""
    inbox = selectors.inbox_of(request.user)
    if request.method == "POST":
        inbox = services.set_daily_digest(request.user, request.POST.get("daily_digest") == "on")
        messages.success(
            request,
            _("You will receive one e-mail a day listing your new notices.")
            if inbox.daily_digest
            else _("You will receive an e-mail for each notice."),
        )
        return redirect("notices:settings")
    return render(request, "notices/settings.html", {"inbox": inbox})


@login_required
def notice_detail(request, pk):
    notice = selectors.notice_of(request.user, pk)
    if notice is None:
        raise Http404
    services.mark_read(notice)
    return render(request, "notices/detail.html", {"notice": notice})


@login_required
@require_POST
def mark_read(request, pk):
    services.mark_read(get_object_or_404(selectors.notices_of(request.user), pk=pk))
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notices marked read."))
    return _back(request)


def _back(request):
    """To the page the button was on (the list, keeping its page number), never to another site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notices:list")
