"""Template context every page shares."""

from django.conf import settings


def uploads(request):
    """The upload limit, for the browser's check before sending (static/uploads.js)."""
    return {"upload_max_bytes": settings.UPLOAD_MAX_BYTES}
