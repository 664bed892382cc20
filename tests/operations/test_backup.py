"""Backup and restore round trip (issue 24): `manage.py backup` of a stack with applications, ledger entries and
uploaded files, restored by `manage.py restore` into an empty stack (a new database and an empty file storage, in a
process of its own as an operator would run it), has the same applications, ledger and files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from accounts.roles import Role
from funding.models import LedgerEntry
from tests.factories import AttachmentFactory, UserFactory, approved_application, complete_application

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def rows(dsn: dict, sql: str) -> list[tuple]:
    with psycopg2.connect(**dsn) as database, database.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_backup_then_restore_into_an_empty_stack(seeded, settings, tmp_path, capsys):
    staff = UserFactory(role=Role.STAFF)
    approved = approved_application(staff=staff)
    waiting = complete_application(staff=staff)
    for application in (approved, waiting):
        AttachmentFactory(application=application)
    stored = {name: default_storage.open(name).read() for name in _names(settings.MEDIA_ROOT)}
    assert len(stored) == 2 and LedgerEntry.objects.filter(kind="encumbrance").exists()

    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    printed = json.loads(capsys.readouterr().out)
    assert printed["files"] == 2 and printed["applications"] == 2

    # The empty stack: a database just created, a media folder with nothing in it.
    settings_dict = connection.settings_dict
    empty = f"{settings_dict['NAME']}_restored"
    server = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
    }
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        cursor.execute(f'CREATE DATABASE "{empty}"')
    media = tmp_path / "restored-media"
    try:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.test_settings",
            "DATABASE_URL": f"postgres://{server['user']}@{server['host']}:{server['port']}/{empty}",
            "MEDIA_ROOT": str(media),
        }
        restore = [sys.executable, "manage.py", "restore", str(archive)]
        result = subprocess.run(restore, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        found = json.loads(result.stdout.strip().splitlines()[-1])
        assert {key: found[key] for key in ("applications", "ledger_entries", "ledger_total", "files")} == {
            key: printed[key] for key in ("applications", "ledger_entries", "ledger_total", "files")
        }

        restored = {"dbname": empty, **server}
        query = "SELECT id, status, award_total, submitted_at FROM applications_application ORDER BY id"
        assert rows(restored, query) == [(a.pk, a.status, a.award_total, a.submitted_at) for a in (approved, waiting)]
        ledger = "SELECT id, fund_id, kind, amount, project_id FROM funding_ledgerentry ORDER BY id"
        assert rows(restored, ledger) == list(
            LedgerEntry.objects.order_by("pk").values_list("pk", "fund_id", "kind", "amount", "project_id")
        )
        assert {name: (media / name).read_bytes() for name in _names(media)} == stored

        # Restoring again over what is there now is refused, unless asked to replace it.
        again = subprocess.run(restore, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
        assert again.returncode != 0 and "The database is not empty" in again.stderr
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')
        admin.close()


def _names(root) -> list[str]:
    root = Path(root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
