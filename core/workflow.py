"""The workflow kernel every stage shares: a refusal in words, the row lock, and the guarded transition.

Each stage keeps its own states (django-fsm transitions on its model) and its own record of who moved it (the
application's ``Decision``, the inspection's ``Step``, ...); what they all do the same way lives here once: hold
the row until the transaction ends and read it as it now stands, then move it only if its current state allows,
re-checked inside that lock (developers' guide: "Every state change locks its row and re-checks the state inside
the lock").
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django_fsm import can_proceed

Record = TypeVar("Record", bound=models.Model)


class WorkflowError(Exception):
    """A request the workflow refuses, with a message for the person who asked."""


def lock(record: Record) -> Record:
    """Hold ``record``'s row until the transaction ends and reload it (call inside ``atomic``)."""
    type(record)._default_manager.select_for_update().only("pk").get(pk=record.pk)
    record.refresh_from_db()
    return record


def require(record: models.Model, action: str, refusal: str, error: type[WorkflowError] = WorkflowError) -> None:
    """Refuse with ``refusal`` unless the transition ``action`` may run from ``record``'s current state."""
    if not can_proceed(getattr(record, action)):
        raise error(refusal)


def advance(
    record: models.Model, action: str, refusal: str, error: type[WorkflowError] = WorkflowError, *, field="status"
) -> str:
    """Run the transition ``action`` on a locked ``record`` (refused with ``refusal`` where its state does not allow
    it), save, and return the state it left."""
    require(record, action, refusal, error)
    before = getattr(record, field)
    getattr(record, action)()
    record.save()
    return before
