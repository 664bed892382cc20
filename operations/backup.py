"""Backups of the database and the stored files together, and restoring them into an empty stack (issue 24).

One archive (a tar file) holds:

- ``manifest.json``: when, the code's migrations, each stored file's name, size and SHA-256, and a summary (the
  applications, the ledger's entries and total, the files) that ``restore`` checks again once it is done;
- ``database.dump``: ``pg_dump --format=custom`` of PostgreSQL (or ``database.sqlite3``, the demo's SQLite);
- ``files/...``: every file of the uploaded files' storage (the local folder or the S3 bucket, read through
  django-storages), under its own name.

The database is dumped first, in one consistent snapshot, then the files are copied: a file uploaded meanwhile is in
the archive without a row that points to it (harmless), never the reverse, since files are only ever added or
removed after the row that named them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Sum

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore refused or failed, with what to do about it."""


@dataclass(frozen=True)
class Summary:
    applications: int
    ledger_entries: int
    ledger_total: str
    files: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def summary(files: int) -> Summary:
    from applications.models import Application
    from funding.models import LedgerEntry

    ledger = LedgerEntry.objects.aggregate(entries=Count("pk"), total=Sum("amount"))
    return Summary(
        applications=Application.objects.count(),
        ledger_entries=ledger["entries"],
        ledger_total=str((ledger["total"] or Decimal("0")).quantize(Decimal("0.01"))),
        files=files,
    )


# --- The stored files ------------------------------------------------------------------------------------------------


def stored_files(storage=default_storage, folder: str = "") -> list[str]:
    """Every file's name in the storage, in name order (the storage API works alike for a folder and a bucket)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += stored_files(storage, f"{folder}{sub}/")
    return sorted(names)


class _Hashing(io.RawIOBase):
    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _connection_environment(settings_dict: dict) -> tuple[list[str], dict]:
    arguments = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    environment = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _dump_database(target: Path) -> str:
    """The database into ``target``; returns the member's name in the archive."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        arguments, environment = _connection_environment(settings_dict)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *arguments],
            environment,
        )
        return "database.dump"
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return "database.sqlite3"
    raise BackupError(f"Backups of a {connection.vendor} database are not supported.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(path: Path) -> dict:
    """Write the archive at ``path``; returns its manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database"
        member = _dump_database(dump)
        migrations = {
            app: name
            for app, name in MigrationRecorder(connection).migration_qs.order_by("applied").values_list("app", "name")
        }
        partial = path.with_name(path.name + ".partial")
        files = []
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=member)
            for name in stored_files():
                with default_storage.open(name, "rb") as handle:
                    info = tarfile.TarInfo(f"files/{name}")
                    info.size = default_storage.size(name)
                    hashing = _Hashing(handle)
                    archive.addfile(info, hashing)
                files.append({"name": name, "size": info.size, "sha256": hashing.digest.hexdigest()})
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": connection.vendor, "member": member, "sha256": _sha256(dump)},
                "migrations": migrations,
                "files": files,
                "summary": summary(len(files)).as_dict(),
            }
            body = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
        partial.replace(path)  # a backup cut short never looks like a whole one
    return manifest


# --- Restoring -------------------------------------------------------------------------------------------------------


def _empty_database() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor, include_views=False):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")


def _restore_database(archive: tarfile.TarFile, manifest: dict, scratch: Path) -> None:
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(f"This backup is of a {database['vendor']} database; this stack uses {connection.vendor}.")
    archive.extract(database["member"], scratch, filter="data")
    dump = scratch / database["member"]
    if _sha256(dump) != database["sha256"]:
        raise BackupError("The database dump in this archive is damaged (its checksum differs).")
    if connection.vendor == "postgresql":
        arguments, environment = _connection_environment(connection.settings_dict)
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *arguments,
                str(dump),
            ],
            environment,
        )
    else:
        connection.close()
        with sqlite3.connect(dump) as source, sqlite3.connect(connection.settings_dict["NAME"]) as target:
            source.backup(target)
    for alias in connections:
        connections[alias].close()


def _restore_files(archive: tarfile.TarFile, manifest: dict) -> None:
    for entry in manifest["files"]:
        handle = archive.extractfile(f"files/{entry['name']}")
        hashing = _Hashing(handle)
        if default_storage.exists(entry["name"]):
            default_storage.delete(entry["name"])
        saved = default_storage.save(entry["name"], File(hashing, name=entry["name"]))
        if saved != entry["name"] or hashing.digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"The file {entry['name']} could not be restored as it was (saved as {saved}).")


def restore(path: Path, *, replace: bool = False) -> dict:
    """Restore the archive at ``path`` into this stack's database and storage, then migrate to this code; returns
    the summary found afterwards, which must equal the backup's."""
    with tarfile.open(path, "r") as archive:
        manifest = json.load(archive.extractfile(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError("This archive is not a Clean Air Grants backup this version can read.")
        tables = connection.introspection.table_names()
        if tables and not replace:
            raise BackupError(
                f"The database is not empty ({len(tables)} tables): restore into an empty stack, or pass --replace "
                "to drop everything in it first."
            )
        if stored_files() and not replace:
            raise BackupError("The file storage is not empty: restore into an empty stack, or pass --replace.")
        with tempfile.TemporaryDirectory() as scratch:
            if tables:
                _empty_database()
            _restore_database(archive, manifest, Path(scratch))
        _restore_files(archive, manifest)
    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version: brought up to this code
    found = summary(len(stored_files())).as_dict()
    if found != manifest["summary"]:
        raise BackupError(f"The restored stack differs from the backup: {found} != {manifest['summary']}.")
    return found


def default_path(folder: Path) -> Path:
    return Path(folder) / f"clean-air-grants-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}.tar"
