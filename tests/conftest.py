import importlib
import os

import pytest
from django.apps import apps

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
