"""The staff's background work page: what waits for a worker, what failed, and "send it again"."""

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.roles import Role, has_role
from core.access import admits
from core.feedback import refused
from core.workflow import WorkflowError

from . import background

logger = logging.getLogger(__name__)


def _program_staff(user) -> bool:
    return user.is_superuser or has_role(user, Role.STAFF)


REFUSAL = "The background work page is for district staff."


@admits(_program_staff, REFUSAL)
def index(request):
    kinds = [(kind, kind.counts(), kind.items()) for kind in background.KINDS]
    return render(request, "operations/background.html", {"kinds": kinds})


@admits(_program_staff, REFUSAL, post=True)
def retry(request, kind, pk):
    work = background.BY_KEY.get(kind)
    if work is None:
        raise Http404("No such kind of background work.")
    try:
        work.retry(pk)
    except WorkflowError as error:  # the app's own refusal: finished meanwhile, or a worker has it now
        refused(request, error)
    else:
        logger.info("%s sent %s %s to the task queue again", request.user, kind, pk)
        messages.success(request, f"{work.title}: sent to the task queue again.")
    return redirect("operations:background")
