"""Stored files and the records that name them."""

from __future__ import annotations

from django.db import transaction


def delete_after_commit(*files) -> None:
    """Remove ``files`` (``FieldFile``s) from storage once the transaction deleting their records commits.

    Deleting the file first left, after a rollback, a record whose download failed (issue 26); a rollback now keeps
    both. Storage and name are read now: the record may be gone by the time the callback runs.
    """
    stored = [(file.storage, file.name) for file in files if file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
