"""Prometheus metrics: requests and database queries (django-prometheus), Celery's queues and task outcomes, and the
background work that waits (``operations.background``).

``/metrics`` answers only a scraper on the internal network (an address in ``METRICS_ALLOWED_NETWORKS`` that did not
come through the proxy, which always adds ``X-Forwarded-For``) or one that sends ``Authorization: Bearer
<METRICS_TOKEN>``; anyone else gets a 404. The proxy refuses the path as well (deploy/Caddyfile).

Task outcomes are counted in the worker processes; a worker serves them on ``CELERY_METRICS_PORT`` (internal only).
With several processes per container (gunicorn's workers, Celery's pool) the counts are kept in
``PROMETHEUS_MULTIPROC_DIR`` and added up when scraped (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time

from celery.signals import task_postrun, task_prerun, task_rejected, task_retry, worker_init, worker_ready
from django.conf import settings
from django.http import HttpResponse
from django.utils.crypto import constant_time_compare
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

TASKS = Counter("celery_tasks_total", "Celery tasks finished, by task and outcome.", ["task", "outcome"])
TASK_SECONDS = Histogram(
    "celery_task_duration_seconds",
    "Time a Celery task ran, by task.",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800),
)
_started: dict[str, float] = {}


@task_prerun.connect(dispatch_uid="operations.metrics.started")
def _task_started(task_id=None, **_):
    _started[task_id] = time.monotonic()


@task_postrun.connect(dispatch_uid="operations.metrics.finished")
def _task_finished(task_id=None, task=None, state=None, **_):
    began = _started.pop(task_id, None)
    if began is not None:
        TASK_SECONDS.labels(task.name).observe(time.monotonic() - began)
    if state in ("SUCCESS", "FAILURE"):  # retries and rejections are counted by their own signals
        TASKS.labels(task.name, "succeeded" if state == "SUCCESS" else "failed").inc()


@task_retry.connect(dispatch_uid="operations.metrics.retried")
def _task_retried(request=None, **_):
    TASKS.labels(getattr(request, "task", "unknown"), "retried").inc()


@task_rejected.connect(dispatch_uid="operations.metrics.rejected")
def _task_rejected(message=None, **_):
    TASKS.labels(message.headers.get("task", "unknown") if message else "unknown", "rejected").inc()


def _registry() -> CollectorRegistry:
    """Every process's counts when several share a container, else this process's; plus the scrape-time gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return registry


class QueueCollector:
    """At scrape time: messages waiting in each Celery queue and messages taken but not yet acknowledged (Redis)."""

    def collect(self):
        from portal.celery import app

        waiting = GaugeMetricFamily("celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"])
        unacked = GaugeMetricFamily(
            "celery_unacknowledged_messages", "Messages a worker has taken and not finished (acks late)."
        )
        if app.conf.task_always_eager:
            return
        try:
            with app.connection_for_read() as connection:
                client = connection.default_channel.client
                queues = {queue.name for queue in app.amqp.queues.values()} or {app.conf.task_default_queue}
                for queue in sorted(queues):
                    # kombu's Redis transport keeps each priority level in a list of its own
                    names = [queue, *(f"{queue}\x06\x16{level}" for level in (1, 2, 3, 4, 5, 6, 7, 8, 9))]
                    waiting.add_metric([queue], sum(client.llen(name) for name in names))
                unacked.add_metric([], client.hlen("unacked"))
        except Exception:
            logger.warning("Could not read the Celery queues for the metrics", exc_info=True)
            return
        yield waiting
        yield unacked


class BackgroundWorkCollector:
    """At scrape time: what waits for a worker, or for staff, by kind (the staff's background work page)."""

    def collect(self):
        from .background import KINDS

        family = GaugeMetricFamily(
            "portal_background_work", "Background work not done, by kind and state.", labels=["kind", "state"]
        )
        try:
            for kind in KINDS:
                for state, count in kind.counts().items():
                    family.add_metric([kind.key, state], count)
        except Exception:
            logger.warning("Could not count the background work for the metrics", exc_info=True)
            return
        yield family


def may_scrape(request) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and offered.startswith("Bearer ") and constant_time_compare(offered[len("Bearer ") :], token):
        return True
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False  # came through the proxy: from outside
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.METRICS_ALLOWED_NETWORKS)


def page() -> HttpResponse:
    """The metrics in Prometheus's text format (``operations.middleware`` checks who asks)."""
    registry = _registry()
    page = generate_latest(registry)
    scraped_now = CollectorRegistry(auto_describe=True)
    scraped_now.register(QueueCollector())
    scraped_now.register(BackgroundWorkCollector())
    page += generate_latest(scraped_now)
    return HttpResponse(page, content_type=CONTENT_TYPE_LATEST)


@worker_init.connect(dispatch_uid="operations.metrics.worker_fresh_counts")
def _fresh_worker_counts(**_):
    """A restarted worker container starts counting afresh (the files of processes that are gone are removed)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        for name in os.listdir(directory):
            if name.endswith(".db") and f"_{os.getpid()}." not in name:
                os.remove(os.path.join(directory, name))


@worker_ready.connect(dispatch_uid="operations.metrics.worker_endpoint")
def _serve_worker_metrics(**_):
    """A worker with ``CELERY_METRICS_PORT`` serves its task counts there (every pool process's, added up)."""
    port = getattr(settings, "CELERY_METRICS_PORT", None)
    if not port:
        return
    from prometheus_client import start_http_server

    start_http_server(int(port), registry=_registry())
    logger.info("Serving the worker's metrics on port %s", port)
