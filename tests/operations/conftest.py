"""Real services for the operations tests: a Redis of their own that they stop and start (never the shared one), a
Celery worker in a process of its own that they may kill, and an S3 server (moto) standing in for the bucket."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from portal.celery import app
from tests.applications.test_celery_worker import _drop_cached_connections

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SpareRedis:
    """A redis-server on a free port, in memory only, that a test stops ("the broker is down") and starts again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("the spare redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def spare_redis():
    redis = SpareRedis()
    try:
        yield redis
    finally:
        redis.stop()


@contextlib.contextmanager
def publishing_to(url: str):
    """The test process (the web side) publishes its tasks to ``url`` instead of running them eagerly."""
    overrides = {"broker_url": url, "task_always_eager": False, "result_backend": None}
    app.conf.update(overrides)
    _drop_cached_connections()
    try:
        yield
    finally:
        for key in overrides:
            app.conf.changes.pop(key, None)
        _drop_cached_connections()


class WorkerProcess:
    """``celery worker`` (with ``beat`` inside it when asked) in a process group of its own, on the test database."""

    def __init__(self, broker_url: str, log: Path, *, app_module="portal", beat=False, sweep_seconds=1.0):
        settings = connection.settings_dict
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.test_settings",
            "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            "BACKGROUND_SWEEP_SECONDS": str(sweep_seconds),
            "FUNDING_ROUND_REQUEUE_AFTER_MINUTES": "0.05",
            "LOG_FORMAT": "json",
            "PYTHONPATH": str(ROOT),
        }
        command = [sys.executable, "-m", "celery", "-A", app_module, "worker", "--pool=prefork", "--concurrency=1"]
        command += ["--loglevel=INFO", "--without-mingle", "--without-gossip", f"--hostname=test{os.getpid()}@%h"]
        if beat:
            command += ["--beat", f"--schedule={log.with_suffix('.schedule')}"]
        self.log = log
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self):
        """SIGKILL to the worker and its pool process at once: nothing gets to clean up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def worker_processes(tmp_path):
    """Start workers with ``start(broker_url, ...)``; every one still running is stopped afterwards."""
    started: list[WorkerProcess] = []

    def start(broker_url: str, **options) -> WorkerProcess:
        worker = WorkerProcess(broker_url, tmp_path / f"worker{len(started)}.log", **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_until(check, seconds: float, what: str, *, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"{what} did not happen within {seconds:.0f} s")
