"""PDFs that do not change from one request to the next, rendered by a Celery task and kept under a fingerprint of
the data they show (issue 25: the Board report took 1.7 s at rest and 7 s under load in one of two web workers).

A page asking for one (``respond``) answers with the PDF when it is kept for the current fingerprint; otherwise it
queues the app's task once (``cache.add`` of a "being made" mark, so a second person asking waits for the same
rendering) and answers with a page that reloads itself every few seconds until the PDF is there. The task calls
``keep``. The PDFs live in Django's cache (``CACHE_URL``: Redis in production, shared by the web and the worker);
with tasks run eagerly (no broker) the first request renders it and answers with it at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

from .queueing import enqueue

KEPT = 60 * 60 * 24
"""Seconds a rendered PDF is kept (a new fingerprint makes a new one sooner)."""
MAKING = 60 * 5
"""Seconds the "being made" mark holds: a task lost with its worker is queued again by the next request after it."""
RELOAD = 3
"""Seconds between the waiting page's reloads."""


def _key(kind: str, fingerprint: str) -> str:
    return f"pdf:{kind}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"


def kept(kind: str, fingerprint: str) -> bytes | None:
    return cache.get(_key(kind, fingerprint))


def keep(kind: str, fingerprint: str, pdf: bytes) -> None:
    """What the task calls with the PDF it rendered."""
    cache.set(_key(kind, fingerprint), pdf, KEPT)
    cache.delete(_key(kind, fingerprint) + ":making")


def respond(
    request, *, kind: str, fingerprint: str, queue: Callable[[], bool], filename: str, title: str
) -> HttpResponse:
    """The PDF if kept; else its task queued (once) and the waiting page (202), which reloads until it is there."""
    pdf = kept(kind, fingerprint)
    if pdf is None and cache.add(_key(kind, fingerprint) + ":making", True, MAKING):
        if not queue():
            cache.delete(_key(kind, fingerprint) + ":making")
        pdf = kept(kind, fingerprint)  # tasks run eagerly: made already
    if pdf is not None:
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    response = render(request, "pdf_waiting.html", {"title": title, "reload": RELOAD}, status=202)
    response["Cache-Control"] = "no-store"
    return response


def queue_task(task, *args, what: str) -> Callable[[], bool]:
    """``respond``'s ``queue`` for ``task(*args)`` (``core.queueing.enqueue``: a broker down is logged, not a 500)."""
    return lambda: enqueue(task, *args, what=what)
