"""``/healthz`` and ``/readyz``: cheap, unauthenticated, and saying nothing but "ok" or "unavailable".

- ``/healthz``: the process answers (a liveness probe; touches nothing else).
- ``/readyz``: the database, the shared cache, the task queue's broker and the file storage are reachable (a
  readiness probe: the proxy or the orchestrator sends no traffic to a web process that cannot serve it).

Each check reads, never writes, with a timeout of a couple of seconds. The reason a check failed goes to the log
(with the request id), not into the answer. The middleware answers before host validation, the HTTPS redirect and
sign-in (``operations.middleware``), so a probe from inside the container or the cluster (``Host: 127.0.0.1``, plain
HTTP) gets the real answer.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.http import JsonResponse

logger = logging.getLogger(__name__)
TIMEOUT = 2  # seconds, per check


def database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def shared_cache() -> None:
    cache.get("operations:readyz")


def broker() -> None:
    """The Celery broker answers (skipped when tasks run in the web process, the demo's eager mode)."""
    from portal.celery import app

    if app.conf.task_always_eager:
        return
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=TIMEOUT)
        client = getattr(connection.default_channel, "client", None)
        if client is not None and hasattr(client, "ping"):  # Redis: a round trip, not only an open socket
            client.ping()


def storage() -> None:
    """The uploaded files' storage: a bucket that answers (S3), or a folder the portal can write to."""
    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise PermissionError("the media folder is not writable")
        return
    default_storage.exists("readyz")  # one HEAD request; a missing object is fine, an unreachable bucket raises


CHECKS: dict[str, Callable[[], None]] = {
    "database": database,
    "cache": shared_cache,
    "broker": broker,
    "storage": storage,
}


def readiness() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results


def answer(path: str):
    """The JSON answer to a probe: ``{"status": "ok"}``, and for readiness each check's "ok" or "unavailable"."""
    if path == "/healthz":
        status, body = 200, {"status": "ok"}
    else:
        checks = readiness()
        ready = all(value == "ok" for value in checks.values())
        status, body = (200 if ready else 503), {"status": "ok" if ready else "unavailable", "checks": checks}
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response
