"""The conversation's own pages: the whole thread, posting a message, and a file streamed after the check.

Each view asks the subject's stage (``conversations.registry``) for the object and the person's side; anyone with no
side gets a 404, board members and auditors read only, and the applicant's side never reaches a staff-only note or
its files.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import page_of

from . import registry, selectors, services
from .forms import MessageForm
from .models import MessageFile


def _subject(request, kind: str, pk: int):
    """(subject, object, side) for the signed-in person, or a 404 for anyone with no side."""
    subject = registry.subject(kind)
    obj = subject.find(request.user, pk) if subject else None
    side = subject.side(request.user, obj) if obj is not None else None
    if side is None:
        raise Http404("No such conversation.")
    return subject, obj, side


@login_required
def thread(request, kind, pk, *, form=None, status=200):
    """Every message the person may read, a page at a time: page 1 holds the latest, the next pages earlier ones;
    each page reads oldest first. The form follows."""
    subject, obj, side = _subject(request, kind, pk)
    conversation = services.conversation_for(kind, obj)
    page = page_of(request, selectors.visible_messages(conversation, side).reverse(), per_page=selectors.PAGE_SIZE)
    if conversation is not None:
        services.mark_read(conversation, request.user)
    panel = selectors.Panel(kind, obj.pk, side, conversation, list(reversed(list(page))), False)
    if panel.may_write:
        panel.form = form or MessageForm(staff=side == registry.STAFF)
    return render(
        request,
        "conversations/thread.html",
        {
            "panel": panel,
            "page": page,
            "regarding": subject.regarding(obj),
            "back": subject.link(obj, registry.STAFF if side in registry.DISTRICT else registry.APPLICANT),
        },
        status=status,
    )


@login_required
@require_POST
def post(request, kind, pk):
    """Post a message; a mistake shows the whole conversation with what was typed kept and the fault named."""
    subject, obj, side = _subject(request, kind, pk)
    if side not in registry.WRITERS:
        raise Http404("Board members and auditors read the conversation only.")
    form = MessageForm(request.POST, request.FILES, staff=side == registry.STAFF)
    if form.is_valid():
        try:
            services.post(
                kind,
                obj,
                author=request.user,
                body=form.cleaned_data["body"],
                staff_only=form.cleaned_data.get("staff_only", False),
                files=[form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else [],
            )
        except services.ConversationError as error:
            form.add_error(None, str(error))
        else:
            if form.cleaned_data.get("staff_only"):
                messages.success(request, _("Note kept for staff only."))
            else:
                messages.success(request, _("Message sent."))
            return redirect(subject.link(obj, side) + "#conversation")
    return thread(request, kind, pk, form=form, status=400)


@login_required
def download(request, kind, pk, file_pk):
    """A file of a message the person may read, streamed as a download (never served from a public address)."""
    _subject_, obj, side = _subject(request, kind, pk)
    conversation = services.conversation_for(kind, obj)
    item = (
        MessageFile.objects.filter(pk=file_pk, message__in=selectors.visible_messages(conversation, side))
        .only("file", "original_name")
        .first()
    )
    if item is None:
        raise Http404("No such file.")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
