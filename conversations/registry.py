"""Who may read and write a conversation, answered by the stage that owns its subject.

The conversations app imports no stage (the import contracts in ``pyproject.toml``): the applications and
agreements apps register a ``Subject`` for their kind in ``AppConfig.ready`` (``applications.conversation``,
``agreements.conversation``), and every view, service and the inbound mail ask it.

A person's side of a conversation: ``"applicant"`` (the applicant's people, who write to staff), ``"staff"`` (who
write to the applicant and keep staff-only notes), ``"reader"`` (board members and auditors: read-only, staff-only
notes included, as on the staff pages), or ``None`` (nobody else: 404).
"""

from __future__ import annotations

from typing import Protocol

APPLICANT = "applicant"
STAFF = "staff"
READER = "reader"
WRITERS = (APPLICANT, STAFF)
DISTRICT = (STAFF, READER)


class Subject(Protocol):
    """What a stage answers about its objects (an application, an agreement)."""

    def find(self, user, pk: int):
        """The object if ``user`` may see it at all, else ``None``."""

    def side(self, user, obj) -> str | None:
        """``user``'s side of ``obj``'s conversation (see the module docstring)."""

    def recipients(self, obj, side: str) -> list:
        """The people told of a message written to ``side`` (``"applicant"`` or ``"staff"``)."""

    def link(self, obj, side: str) -> str:
        """The page where ``side`` reads the conversation (a path)."""

    def regarding(self, obj) -> str:
        """What it is about, in the active language ("Application PA2026-02-00012")."""

    def program(self, obj):
        """The program, for the notice."""

    responsible: str
    """The subject's field naming the staff member who acts on it (the application's reviewer, the officer who sent
    the agreement): staff's "Messages to read" and the notices go to them alone (``notices.services.staff_users``)."""

    def visible(self, user):
        """A queryset of the primary keys of the objects ``user`` reads on the applicant's side (My work)."""


_SUBJECTS: dict[str, Subject] = {}
KINDS = ("application", "agreement")


def register(kind: str, subject: Subject) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown conversation subject {kind!r}")
    _SUBJECTS[kind] = subject


def subject(kind: str) -> Subject | None:
    return _SUBJECTS.get(kind)
