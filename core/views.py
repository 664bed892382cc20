"""Error pages in the site's own look: they keep the navigation and say what to do next (templates/4xx, 500)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, rendered with the signed-in person's navigation (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)
