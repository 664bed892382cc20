"""Error reports through Sentry, when ``SENTRY_DSN`` is set (portal/settings.py): unhandled errors in requests and
Celery tasks, tagged with the request id (``operations.requestid``) so a report and its log lines meet. No personal
data: no cookies, user details, request bodies or IP addresses are sent."""

from __future__ import annotations

from .requestid import current


def _tag_request_id(event, hint):
    request_id = current.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def start_sentry(dsn: str, *, environment: str, release: str | None, traces_sample_rate: float, transport=None):
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=_tag_request_id,
        transport=transport,
    )
