import importlib
import os
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from filelock import FileLock
from hypothesis import settings as hypothesis_settings

# Hypothesis's 200 ms deadline per example is a timing check, and timings belong in benchmarks/ (the developers'
# guide): on two cores shared by parallel workers an example's first run can take longer and fail as "flaky".
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside
# one unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated_settings(request, tmp_path):
    """Uploads go to a temporary folder and tasks run eagerly, unless a test starts a real worker.

    Pure rule tests run without Django (``-p no:django``), so the settings fixture is optional.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.COMMUNITIES_GEOCODER = "communities.geocoder.FixtureGeocoder"  # saved answers: no network in tests
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # client.login() authenticates without a request, which django-axes refuses; the sign-in
    # lockout tests (tests/accounts/) turn it back on. API throttle counts start at zero.
    settings.AXES_ENABLED = False
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # A request through the test client activates its reader's language (LocaleMiddleware) for the rest of the
    # thread; each test starts in the site's default language, as each real request does.
    translation.activate(settings.LANGUAGE_CODE)


# --- The suite's speed: workers, PDFs, flushes and the demo data (README "Tests", docs/testing.md) -------------

XDIST_GROUPS = (
    # (group, markers, fixtures): tests that share a resource run one at a time on one worker
    ("browser", ("browser",), ("page", "live_server")),  # one Chromium and one live server per run
    # one worker consuming TEST_REDIS_URL, which it flushes; the tests that publish to it or cache in it wait their turn
    ("celery", ("celery_worker", "redis"), ("redis_worker",)),
    ("smtp", ("smtp",), ("smtp_server",)),  # local SMTP servers on ports probed free
)


def pytest_collection_modifyitems(config, items):
    """Under ``pytest -n N --dist loadgroup`` (``make test``) the tests of one group run on one worker, in turn."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for group, markers, needs in XDIST_GROUPS:
            if any(item.get_closest_marker(marker) for marker in markers) or fixtures & set(needs):
                item.add_marker(pytest.mark.xdist_group(group))
                break


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """Under xdist the first worker migrates a template database once per run and every worker's test database is
    created from it (``CREATE DATABASE ... TEMPLATE``), instead of each worker migrating from empty."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or request.config.getvalue("reuse_db"):
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    template = f"test_{database['NAME']}_template"
    shared = tmp_path_factory.getbasetemp().parent
    with FileLock(f"{shared / 'template-db'}.lock"):
        if not (shared / "template-db.done").exists():
            _migrate_template(database, template)
            (shared / "template-db.done").touch()
    database.setdefault("TEST", {})["TEMPLATE"] = template


def _migrate_template(database: dict, template: str) -> None:
    import subprocess
    import sys

    import psycopg2
    from django.conf import settings

    server = {"host": database["HOST"], "port": database["PORT"] or 5432, "user": database["USER"]}
    maintenance = psycopg2.connect(dbname="postgres", password=database["PASSWORD"], **server)
    maintenance.autocommit = True
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{template}"')
    finally:
        maintenance.close()
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    url = f"postgres://{credentials}@{server['host']}:{server['port']}/{template}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.test_settings"},
        check=True,
    )


STUB_PDF = b"PDF rendering is stubbed in tests; mark the test @pytest.mark.pdf to render the real one.\n"


class _StubHTML:
    """Stands in for ``weasyprint.HTML``: no layout, and bytes no PDF check accepts."""

    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, target=None, **kwargs):
        return STUB_PDF


@pytest.fixture(autouse=True)
def _pdf_rendering(request, monkeypatch):
    """WeasyPrint lays out a PDF in about a second; only the tests marked ``pdf`` render one, and such a test fails
    if it renders none, so a PDF test cannot quietly stop rendering. Elsewhere the PDF is a stub that does not
    start with ``%PDF``: a test that checks a PDF without the mark fails."""
    import weasyprint

    if request.node.get_closest_marker("pdf") is None:
        monkeypatch.setattr(weasyprint, "HTML", _StubHTML)
        yield
        return
    rendered = []
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        rendered.append(self)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    yield
    assert rendered, "marked pdf but rendered no PDF"


@pytest.fixture(scope="session", autouse=True)
def _quick_flush(request):
    """A transactional test leaves an empty database by emptying the tables that hold rows, with triggers off, as
    ``TRUNCATE`` of all 130 tables did in a second or more (``flush`` still runs ``post_migrate`` afterwards)."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quoted = {table: self.quote_name(table) for table in tables}
        with self.connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quoted[table]})" for table in tables),
                list(tables),
            )
            filled = [table for (table,) in cursor.fetchall()]
        if not filled:
            return []
        # the statements run in one transaction (execute_sql_flush); replica: no trigger and no foreign-key check
        return [
            "SET LOCAL session_replication_role = replica;",
            *(f"DELETE FROM {quoted[table]};" for table in filled),
            "SET LOCAL session_replication_role = origin;",
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


def _build_demo():
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import translation

    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    call_command("seed_demo", stdout=StringIO())
    cache.clear()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """``seed_demo`` on the freshly migrated test database, once per run: the first worker builds it, the others
    read its copy (``tests.snapshot``)."""
    import pickle

    from django.test import override_settings

    from tests import snapshot

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    path, media = shared / "demo-snapshot.pickle", shared / "demo-media"
    with FileLock(f"{path}.lock"):
        if path.exists():
            return pickle.loads(path.read_bytes())
        # the settings each test runs with (_isolated_settings), and stubbed PDFs as in the tests that read the demo
        settings = {
            "MEDIA_ROOT": media,
            "CELERY_TASK_ALWAYS_EAGER": True,
            "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
            "AXES_ENABLED": False,
        }
        with django_db_blocker.unblock(), override_settings(**settings), pytest.MonkeyPatch.context() as patch:
            import weasyprint

            patch.setattr(weasyprint, "HTML", _StubHTML)
            taken = snapshot.take(_build_demo, media=media)
        path.write_bytes(pickle.dumps(taken))
        return taken


@pytest.fixture
def demo(db, _demo_snapshot, settings):
    """The database as ``manage.py seed_demo`` leaves a freshly migrated one: every role's demo user and every
    lifecycle stage's demo data, with its files under this test's MEDIA_ROOT.

    Built once per run and put back in this test's transaction in milliseconds (``tests.snapshot``); it replaces
    the rows of every table the demo fills, so ask for it before fixtures that add rows."""
    _demo_snapshot.restore(Path(settings.MEDIA_ROOT))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser download does not work on this machine."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def seeded(transactional_db):
    """The role groups, the five announcements and their funds, as migrating adds them, for transactional tests.

    A transactional test flushes the database afterwards, and once Playwright's event loop runs,
    ``serialized_rollback`` cannot restore the serialized copy (Django's connections are per async
    context), so the rows are added again here by the same functions migrating runs.
    """
    add_migration_rows()


def add_migration_rows():
    """The rows the data migrations add (role groups, announcements, rounds, funds and their running totals)."""
    from accounts.services import sync_role_groups  # imports models: only once Django is set up

    sync_role_groups()
    importlib.import_module("programs.migrations.0002_announcements").add_announcements(apps, None)
    importlib.import_module("programs.migrations.0003_rounds").add_original_rounds(apps, None)
    importlib.import_module("funding.migrations.0002_fund_sources_from_announcements").add_fund_sources(apps, None)
    from funding.summaries import rebuild  # the budgets just opened in the ledger's running totals, as migration 0003

    rebuild()


@pytest.fixture
def seeded_ports(seeded):
    """``seeded`` and the ports' data-migration rows (the two Ports and the penalty tiers), added again the same
    way."""
    importlib.import_module("ports_agreement.migrations.0002_ports_and_penalty_tiers").seed(apps, None)
