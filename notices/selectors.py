"""Reads of notices: a person only ever reads their own; which reminders are still to send."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Exists, OuterRef, Value, When
from django.db.models.functions import Cast, Concat

from .kinds import Kind
from .models import Inbox, Notice
from .reminders import STAGES


def notices_of(user, *, kind: str = "", unread: bool = False):
    """The person's notices, newest first; only one kind, or only the unread, when asked (the inbox index). Archived
    notices (read, older than ``NOTICE_RETENTION_DAYS``) are left out; ``notice_of`` still opens one by its link."""
    notices = Notice.objects.filter(recipient=user, archived_at__isnull=True)
    if kind in Kind.values:
        notices = notices.filter(kind=kind)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return notices


def notice_of(user, pk):
    """One of the person's own notices, archived or not (a link in an old e-mail still opens it); None otherwise."""
    return Notice.objects.filter(recipient=user, pk=pk).first()


def unread_count(user) -> int:
    """The maintained count (``Inbox.unread``): one row read by its key, whatever the number of notices."""
    return Inbox.objects.filter(user=user).values_list("unread", flat=True).first() or 0


def inbox_of(user) -> Inbox:
    return Inbox.objects.filter(user=user).first() or Inbox(user=user)


def awaiting_reminder(objects, *, today):
    """The rows of ``objects`` (dated by ``due``) whose reminder of today (``notices.reminders.reminder_on``: the
    latest of 14, 7 and 1 days before and overdue whose day has come) has not gone out yet, found in one query: the
    stage computed from ``due`` and an anti-join on the reminder's key (``Reminder.key``, as ``services.remind`` gives
    it). The daily tasks walk these, not every open row (issue 25: two statements per open obligation, every day).

    A row's reminder counts as sent once any recipient has it; ``services.remind`` still checks each recipient."""
    label = objects.model._meta.label_lower
    stage = Case(
        *(
            When(due__lte=today + timedelta(days=item.days_before), then=Value(item.name))
            for item in sorted(STAGES, key=lambda item: item.days_before)
        ),
        output_field=CharField(),
    )
    key = Concat(
        Value(f"reminder:{label}:"),
        Cast("pk", CharField()),
        Value(":"),
        Cast("due", CharField()),
        Value(":"),
        stage,
        output_field=CharField(),
    )
    latest_first = max(item.days_before for item in STAGES)
    return untold(objects.filter(due__lte=today + timedelta(days=latest_first)), key)


def untold(objects, key):
    """The rows of ``objects`` no notice about them carries the key ``key`` (an expression over the row) yet: an
    anti-join by the index on the notice's object (``notice_related``), then the key."""
    return objects.annotate(notice_key=key).filter(
        ~Exists(
            Notice.objects.filter(
                related_type=ContentType.objects.get_for_model(objects.model),
                related_id=OuterRef("pk"),
                key=OuterRef("notice_key"),
            )
        )
    )


# ---- decision letters (issue 21; notices.letters) -------------------------------------------------------------------


def _programs():
    """The programs (``programs.models.Program``, reached through the letter's key: notices import no stage)."""
    from .models import LetterTemplate

    return LetterTemplate._meta.get_field("program").related_model.objects


def letter_program(program_id: int):
    return _programs().filter(pk=program_id).first()


def letter_of(program, kind: str, language: str):
    from .models import LetterTemplate

    return (
        LetterTemplate.objects.select_related("updated_by")
        .filter(program_id=program.pk, kind=kind, language=language)
        .first()
    )


def letters_by_program() -> list[dict]:
    """Each program with each decision letter in each language: the edited one (who, when) or None for the
    standard letter. Two queries whatever the number of programs and letters."""
    from django.conf import settings

    from .letters import LETTER_KINDS
    from .models import LetterTemplate

    edited = {
        (letter.program_id, letter.kind, letter.language): letter
        for letter in LetterTemplate.objects.select_related("updated_by")
    }
    return [
        {
            "program": program,
            "rows": [
                {
                    "kind": kind,
                    "languages": [
                        {"code": code, "name": name, "letter": edited.get((program.pk, kind.value, code))}
                        for code, name in settings.LANGUAGES
                    ],
                }
                for kind in LETTER_KINDS
            ],
        }
        for program in _programs().order_by("code")
    ]


def letter_history(program, kind: str, language: str, limit: int = 20):
    """The letter's versions, newest first, with who saved (or reset) each and when."""
    from .models import LetterTemplate

    return list(
        LetterTemplate.history.filter(program_id=program.pk, kind=kind, language=language)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
