"""Who may open a page: one decorator for every app's role checks.

A person who is signed in but not admitted gets a 404, never a 403: the page, and whatever object it names, is not
theirs to know of (the developers' guide: "applicants and organizations only their own ... board read-only").
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST


def admits(check: Callable, refusal: str, *, post: bool = False):
    """A view for signed-in people ``check(user)`` admits (``post``: and only by POST); anyone else signed in gets a
    404 saying ``refusal``, and anonymous visitors are sent to sign in first."""

    def decorator(view):
        @wraps(view)
        def admitted(request, *args, **kwargs):
            if not check(request.user):
                raise Http404(refusal)
            return view(request, *args, **kwargs)

        return login_required(require_POST(admitted) if post else admitted)

    return decorator
