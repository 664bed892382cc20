"""Reads of conversations: the panel a page shows, the full thread, and the conversations with a message a person
has not read (My work).

What the applicant's side reads never includes a staff-only note (``visible_messages``); every read of messages goes
through it. Each read is a fixed number of queries whatever the length of the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.roles import Role

from . import registry
from .models import Conversation, Message, MessageFile, ReadMark

PANEL_SIZE = 5
"""Messages a page shows (the latest); "Show earlier messages" opens the whole conversation."""
PAGE_SIZE = 25
"""Messages per page of the whole conversation."""


def visible_messages(conversation: Conversation | None, side: str | None) -> QuerySet[Message]:
    """The messages ``side`` reads, oldest first, with their authors and files: the applicant's side never a
    staff-only note; nobody else anything."""
    if conversation is None or side is None:
        return Message.objects.none()
    messages = (
        Message.objects.filter(conversation=conversation)
        .select_related("author")
        .prefetch_related(Prefetch("files", queryset=MessageFile.objects.order_by("pk")))
    )
    if side not in registry.DISTRICT:
        messages = messages.filter(staff_only=False)
    return messages.order_by("created_at", "pk")


@dataclass
class Panel:
    """A conversation as a page shows it: the latest messages, whether there are earlier ones, and who may write."""

    kind: str
    subject_pk: int
    side: str
    conversation: Conversation | None
    messages: list[Message] = field(default_factory=list)
    earlier: bool = False
    form: object = None

    @property
    def may_write(self) -> bool:
        return self.side in registry.WRITERS

    @property
    def staff(self) -> bool:
        return self.side in registry.DISTRICT

    @property
    def post_url(self) -> str:
        return reverse("conversations:post", args=[self.kind, self.subject_pk])

    @property
    def thread_url(self) -> str:
        return reverse("conversations:thread", args=[self.kind, self.subject_pk])

    def download_url(self, item: MessageFile) -> str:
        return reverse("conversations:file", args=[self.kind, self.subject_pk, item.pk])


def panel(user, kind: str, obj, *, form=None, mark: bool = True) -> Panel | None:
    """The panel ``user`` sees on ``obj``'s page (``None`` when they have no side): the latest ``PANEL_SIZE``
    messages they may read, oldest of them first. Reading it marks the conversation read for them. Three queries."""
    from . import services
    from .forms import MessageForm

    subject = registry.subject(kind)
    side = subject.side(user, obj) if subject else None
    if side is None:
        return None
    conversation = services.conversation_for(kind, obj)
    latest = list(visible_messages(conversation, side).reverse()[: PANEL_SIZE + 1]) if conversation else []
    if conversation is not None and mark and latest:
        services.mark_read(conversation, user)
    result = Panel(kind, obj.pk, side, conversation, list(reversed(latest[:PANEL_SIZE])), len(latest) > PANEL_SIZE)
    if result.may_write:
        result.form = form or MessageForm(staff=side == registry.STAFF)
    return result


def routed_to(user) -> Q:
    """The conversations whose messages to staff go to ``user``, as the notices do (``notices.services.staff_users``):
    those whose subject's responsible person (``Subject.responsible``: the reviewer, the officer who sent the
    agreement) is ``user``, and those nobody on active staff holds (unassigned, or held by someone no longer active
    staff), which go to every staff member."""
    active_staff = get_user_model().objects.filter(pk=OuterRef("holder"), groups__name=Role.STAFF.value, is_active=True)
    # ``holder``: the subject's responsible person, aliased by ``unread``.
    return Q(holder=user.pk) | Q(holder__isnull=True) | ~Q(Exists(active_staff))


def unread(user, side: str, *, applications=None, agreements=None) -> QuerySet[Conversation]:
    """``user``'s conversations whose latest message to ``side`` is newer than their read mark (or never read),
    the longest waiting first: those about ``applications`` or ``agreements`` (querysets of the subjects' keys), or,
    when both are ``None`` (staff), those routed to them (``routed_to``). One query: the read mark is a correlated
    probe of its unique index, the subjects and the holder's staff role are subqueries."""
    latest = "last_to_staff_at" if side == registry.STAFF else "last_to_applicant_at"
    conversations = Conversation.objects.filter(**{f"{latest}__isnull": False})
    if applications is not None or agreements is not None:
        about = Q(pk__in=[])
        if applications is not None:
            about |= Q(application__in=applications)
        if agreements is not None:
            about |= Q(agreement__in=agreements)
        conversations = conversations.filter(about)
    else:
        holder = Coalesce(*(f"{kind}__{registry.subject(kind).responsible}" for kind in registry.KINDS))
        conversations = conversations.alias(holder=holder).filter(routed_to(user))
    read = ReadMark.objects.filter(conversation=OuterRef("pk"), user=user, read_at__gte=OuterRef(latest))
    return (
        conversations.filter(~Exists(read))
        .select_related("application__program", "agreement__program")
        .order_by(latest, "pk")
    )
