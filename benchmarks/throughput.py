"""``python benchmarks/throughput.py``: requests per second and p95 of the main pages under gunicorn (issue 25: "under
gunicorn, 2 workers, 10 connections: no page under 20 requests/s; a Board report download never delays other pages").

On a database already loaded (``benchmarks/postaward.py --keep``, whose users it signs in: ``bench-staff``,
``bench-fleet``, ``bench-board``, ``bench-inspector-0``, ``bench-finance``), it starts gunicorn with ``--workers``
sync workers on a free port, signs each role in (a session row in the database, which gunicorn's workers read) and
drives ``--connections`` keep-alive HTTP connections (threads and ``http.client``: no load tool to install) at one
page at a time for ``--seconds``, printing per page the requests per second, the median and p95 and any status other
than 200. Then a mixed run: every page at once with one connection downloading the Board report for a new period at
each request (each one a PDF to render), the other pages' figures printed beside the first run's.

With ``--redis URL`` (a Redis database of its own, e.g. ``redis://127.0.0.1:6379/6``) gunicorn caches in Redis and a
Celery worker renders the PDFs, as in production (``core.pdfs``: the person asking gets a page that reloads until the
PDF is kept); without it tasks run eagerly inside the web worker, which shows the cost of rendering on the request
path. ``DATABASE_URL`` names the loaded database; ``BENCH_DATABASE_NAME`` a database under the same server instead.
"""

import argparse
import datetime as dt
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
KEY = "test-suite-only-key-never-used-to-sign-anything-real"
os.environ.setdefault("DJANGO_SECRET_KEY", KEY)


def _database_url() -> str:
    url = os.environ["DATABASE_URL"]
    if os.environ.get("BENCH_DATABASE_NAME"):
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path="/" + os.environ["BENCH_DATABASE_NAME"]))
        os.environ["DATABASE_URL"] = url
    return url


def sessions(names: dict[str, str]) -> dict[str, str]:
    """A signed-in session cookie per role (``force_login``: the session row is in the database)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    cookies = {"anonymous": ""}
    for role, username in names.items():
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            sys.exit(f"No user {username!r}: load the database with benchmarks/postaward.py --keep first.")
        client = Client()
        client.force_login(user)
        cookies[role] = f"sessionid={client.cookies['sessionid'].value}"
    return cookies


def main_pages() -> list[tuple[str, str, str]]:
    """(label, role, path) of the pages people open most."""
    from django.urls import reverse

    from agreements.models import Agreement

    agreement = Agreement.objects.filter(status="executed").order_by("pk").first()
    return [
        ("home", "anonymous", reverse("home")),
        ("public results", "anonymous", reverse("dashboards:public")),
        ("My work: staff", "staff", reverse("mywork:page")),
        ("My work: applicant", "applicant", reverse("mywork:page")),
        ("My work: inspector", "inspector", reverse("mywork:page")),
        ("My work: finance", "finance", reverse("mywork:page")),
        ("staff inspections", "staff", reverse("inspections:staff")),
        ("an inspector's list", "inspector", reverse("inspections:mine")),
        ("agreements list", "staff", reverse("agreements:list")),
        ("an agreement", "staff", reverse("agreements:detail", args=[agreement.pk])),
        ("payments queue", "staff", reverse("payments:queue")),
        ("reporting queue", "staff", reverse("reporting:queue")),
        ("admin application list", "staff", reverse("admin:applications_application_changelist")),
        ("applicant: applications", "applicant", reverse("applications:list")),
        ("Board dashboard", "board", reverse("dashboards:board")),
    ]


class Driver:
    """Connections that request their paths in turn until the deadline, recording each request's time and status."""

    def __init__(self, port: int):
        self.port = port
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}

    def _loop(self, jobs, deadline: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        index = 0
        while time.monotonic() < deadline:
            label, cookie, path = jobs[index % len(jobs)]
            index += 1
            path = path() if callable(path) else path
            headers = {"Cookie": cookie} if cookie else {}
            started = time.monotonic()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                status = 0
            elapsed = time.monotonic() - started
            with self.lock:
                self.samples.setdefault(label, []).append(elapsed)
                counts = self.statuses.setdefault(label, {})
                counts[status] = counts.get(status, 0) + 1
        connection.close()

    def run(self, per_connection: list[list], seconds: float) -> float:
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=self._loop, args=(jobs, deadline)) for jobs in per_connection]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def report(label: str, samples: list[float], statuses: dict[int, int], elapsed: float) -> str:
    others = {status: count for status, count in statuses.items() if status != 200}
    other = f"  statuses {others}" if others else ""
    return (
        f"  {label:<28} {len(samples) / elapsed:>7.1f} req/s  median {_percentile(samples, 0.5) * 1000:>7.0f} ms  "
        f"p95 {_percentile(samples, 0.95) * 1000:>7.0f} ms{other}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer within a minute")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10.0, help="per page, and for the mixed run")
    parser.add_argument("--redis", default="", help="a Redis URL: cache there and render PDFs in a Celery worker")
    parser.add_argument("--pages", default="", help="only the pages whose label contains this text")
    arguments = parser.parse_args()
    database_url = _database_url()
    cookies = sessions(
        {
            "staff": "bench-staff",
            "applicant": "bench-fleet",
            "board": "bench-board",
            "inspector": "bench-inspector-0",
            "finance": "bench-finance",
        }
    )
    pages = [page for page in main_pages() if arguments.pages in page[0]]
    from django.urls import reverse

    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    }
    if arguments.redis:
        environment.update(
            CACHE_URL=arguments.redis, CELERY_BROKER_URL=arguments.redis, CELERY_TASK_ALWAYS_EAGER="false"
        )
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    processes = [
        subprocess.Popen(
            [str(bin_dir / "gunicorn"), "portal.wsgi", "-w", str(arguments.workers), "-b", f"127.0.0.1:{port}"]
            + ["--timeout", "60", "--log-level", "warning"],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
    ]
    if arguments.redis:
        processes.append(
            subprocess.Popen(
                [str(bin_dir / "celery"), "-A", "portal", "worker", "-c", "1", "--loglevel", "WARNING"],
                cwd=ROOT,
                env=environment,
                start_new_session=True,
            )
        )
    try:
        _wait_for(port)
        driver = Driver(port)
        print(
            f"gunicorn {arguments.workers} workers, {arguments.connections} connections, {arguments.seconds:g} s a "
            f"page, PDFs {'in a Celery worker' if arguments.redis else 'rendered in the web worker (eager)'}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        alone = {}
        for label, role, path in pages:
            job = [(label, cookies[role], path)]
            driver.samples, driver.statuses = {}, {}
            driver.run([job], 1.0)  # warm each worker's connection and caches
            driver.samples, driver.statuses = {}, {}
            driver.run([job] * arguments.connections, arguments.seconds)
            elapsed = arguments.seconds
            alone[label] = report(label, driver.samples.get(label, []), driver.statuses.get(label, {}), elapsed)
            print(alone[label], flush=True)
        day = dt.date(2020, 1, 1)
        counter = iter(range(10**9))

        def next_report() -> str:
            start = day + dt.timedelta(days=next(counter))
            return f"{reverse('dashboards:report_pdf')}?start={start.isoformat()}"

        mixed = [(label, cookies[role], path) for label, role, path in pages]
        others = max(1, arguments.connections - 1)
        starts = [index * len(mixed) // others for index in range(others)]  # spread over every page
        per_connection = [mixed[start:] + mixed[:start] for start in starts]
        per_connection.append([("Board report PDF (a new period each)", cookies["board"], next_report)])
        driver.samples, driver.statuses = {}, {}
        print(
            f"\nMixed: every page on {arguments.connections - 1} connections, Board reports on one; "
            f"{arguments.seconds * 3:g} s; load average {os.getloadavg()[0]:.1f}"
        )
        driver.run(per_connection, arguments.seconds * 3)
        elapsed = arguments.seconds * 3  # the window (a PDF still rendering at its end does not stretch the others)
        for label in [*(page[0] for page in pages), "Board report PDF (a new period each)"]:
            print(report(label, driver.samples.get(label, []), driver.statuses.get(label, {}), elapsed))
        every = [sample for label, samples in driver.samples.items() if "PDF" not in label for sample in samples]
        print(report("every page but the PDF", every, {}, elapsed))
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
