"""gunicorn's settings in the image (``gunicorn --config python:operations.gunicorn portal.wsgi:application``).

Plain HTTP on port 8000 behind the TLS proxy; ``WEB_CONCURRENCY`` processes (default 3) each with one thread, so a
slow PDF holds one process, not the container. No access log of gunicorn's own: the portal writes one JSON line per
request with its id (``operations.requestid``). The metrics of every process are kept in ``PROMETHEUS_MULTIPROC_DIR``
and added up when scraped (``operations.metrics``).
"""

import os
import shutil

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30  # a deploy or scale-in lets requests in flight finish
keepalive = 5
max_requests = 2000  # each process is replaced now and then, so no slow growth of memory lasts
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm"
accesslog = None
errorlog = "-"

METRICS_DIR = os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", "/tmp/metrics")


def on_starting(server):
    """Counts of processes from before a restart are not this server's."""
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
    os.makedirs(METRICS_DIR, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
