import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import add_migration_rows


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """``make demo``'s data, built once for the module inside a transaction rolled back after its last test.

    Each test runs inside it (its own savepoint), so the tests read the demo without building it again and leave
    the database as they found it. A suite-wide demo build can stand in for this fixture by the same name.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            CELERY_TASK_ALWAYS_EAGER=True,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from programs.models import Program

            if not Program.objects.exists():  # a kept test database that a transactional test flushed
                add_migration_rows()
                importlib.import_module("ports_agreement.migrations.0002_ports_and_penalty_tiers").seed(apps, None)
            call_command("seed_demo", stdout=StringIO())
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_media(demo_site, settings):
    """Uploads read from where the demo build saved them (the suite's autouse fixture points elsewhere)."""
    settings.MEDIA_ROOT = demo_site
