"""Staff pages: the lists in force (a sample labelled as such), the lookups that wait, an application's determination
with the staff decision (operation records reviewed, or an override with a reason), and the list import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applications.models import Application

from . import selectors, services
from .forms import DecideForm, ImportForm


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404(_("The community determinations are for district staff."))


@login_required
def index(request, import_form=None):
    _require(selectors.may_view(request.user))
    context = {
        "lists": list(selectors.lists()),
        "waiting": list(selectors.waiting()),
        "recent": list(selectors.recent()),
        "import_form": import_form or ImportForm(),
        "may_import": selectors.may_import(request.user),
    }
    return render(request, "communities/index.html", context, status=400 if import_form else 200)


@login_required
@require_POST
def import_list(request):
    _require(selectors.may_import(request.user))
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            imported = services.import_list(
                data["kind"],
                services.rows_of(data["file"].read()),
                name=data["name"],
                vintage=data["vintage"],
                source=data["source"],
                by=request.user,
            )
        except services.CommunityError as error:
            for where, message in error.errors.items():
                form.add_error(
                    where if where in form.fields else None, f"{where}: {message}" if "row" in where else message
                )
        else:
            messages.success(
                request,
                ngettext(
                    "Imported %(list)s: %(count)s tract.", "Imported %(list)s: %(count)s tracts.", imported.tract_count
                )
                % {"list": imported, "count": imported.tract_count},
            )
            return redirect("communities:index")
    return index(request, import_form=form)


@login_required
def application_page(request, pk):
    _require(selectors.may_view(request.user))
    application = get_object_or_404(Application.objects.select_related("program"), pk=pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        _require(selectors.may_decide(request.user))
        if form.is_valid():
            try:
                services.decide(application, actor=request.user, **form.cleaned_data)
            except services.CommunityError as error:
                for name, message in error.errors.items():
                    form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("Decided; the funding order follows."))
                return redirect("communities:application", pk=pk)
    context = {
        "application": application,
        "determination": selectors.determination_of(application),
        "form": form,
        "may_decide": selectors.may_decide(request.user),
        "lists": services.current_lists(),
    }
    return render(request, "communities/application.html", context, status=400 if form.errors else 200)
