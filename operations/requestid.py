"""One id per request, in every log line the request writes and in every Celery task it starts.

The id comes from the TLS proxy (``X-Request-ID``: Caddy sets one per request, docs/deploy.md) or is made here; it
is sent back in the response's ``X-Request-ID``, so a person reporting a problem can quote it. A task carries it in
its message headers (``before_task_publish``) and the worker puts it back in place while the task runs
(``task_prerun``): a ranking started from the funding page logs under the id of the request that started it.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery import current_task
from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# An id from the proxy is kept only if it looks like one: it goes into every log line unescaped.
ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

current: ContextVar[str | None] = ContextVar("request_id", default=None)
requests_log = logging.getLogger("portal.requests")


def new_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Set the request's id for its lifetime, answer with it, and write one log line per request (the access log)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request.request_id = offered if ACCEPTED.match(offered) else new_id()
        token = current.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            requests_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            current.reset(token)


class RequestIdFilter(logging.Filter):
    """Put the request id, and inside a Celery task its id and name, on every log record (the JSON log's fields)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        task = current_task
        if task and task.request and task.request.id:
            record.task_id = task.request.id
            record.task_name = task.name
        return True


@before_task_publish.connect(dispatch_uid="operations.requestid.carry")
def _carry_into_task(headers=None, **_):
    request_id = current.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


@task_prerun.connect(dispatch_uid="operations.requestid.restore")
def _restore_in_task(task=None, **_):
    """In the worker: the id of the request (or of the task) that queued this one; a task beat started gets none."""
    request = task.request
    carried = getattr(request, TASK_HEADER, None) or (request.headers or {}).get(TASK_HEADER)
    if carried and ACCEPTED.match(str(carried)):
        request._request_id_token = current.set(str(carried))


@task_postrun.connect(dispatch_uid="operations.requestid.clear")
def _clear_after_task(task=None, **_):
    token = getattr(task.request, "_request_id_token", None)
    if token is not None:
        current.reset(token)
        task.request._request_id_token = None
