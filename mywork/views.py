"""My work: where every role lands after signing in (``LOGIN_REDIRECT_URL``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import selectors


@login_required
def my_work(request):
    """What waits on the person signed in; a board member who has nothing else to do reads the dashboard."""
    work = selectors.work_of(request.user)
    if work.board and not work.sections:
        return redirect("dashboards:board")
    return render(request, "mywork/page.html", {"work": work, "today": work.today})
