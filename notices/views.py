"""The Notices page: every signed-in person sees their own notices, and only theirs (404 for anyone else's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def notice_list(request):
    page = Paginator(selectors.notices_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"notices": page, "page": page})


@login_required
def notice_detail(request, pk):
    notice = get_object_or_404(selectors.notices_of(request.user), pk=pk)
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
