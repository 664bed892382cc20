"""The staff's decision letters page (issue 21): each program's letters, edited, previewed and reset.

Staff with ``notices.change_lettertemplate`` edit and reset; whoever reads them (``view_lettertemplate``: staff,
board members, auditors) sees the list and the previews; anyone else signed in gets a 404 (``core.access``).
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.access import admits

from . import letters, selectors, services
from .kinds import Kind
from .letter_forms import LetterForm

REFUSAL = "The decision letters are for district staff."


def _reads(user) -> bool:
    return user.has_perm("notices.view_lettertemplate")


def _edits(user) -> bool:
    return user.has_perm("notices.change_lettertemplate")


def _letter(program_id: int, kind: str, language: str):
    program = selectors.letter_program(program_id)
    if (
        program is None
        or kind not in {k.value for k in letters.LETTER_KINDS}
        or language not in dict(settings.LANGUAGES)
    ):
        raise Http404("No such letter.")
    return program, Kind(kind), selectors.letter_of(program, kind, language)


@admits(_reads, REFUSAL)
def index(request):
    return render(
        request,
        "notices/letters/index.html",
        {"programs": selectors.letters_by_program(), "can_edit": _edits(request.user)},
    )


@admits(_edits, REFUSAL)
def edit(request, program_id: int, kind: str, language: str):
    program, kind, letter = _letter(program_id, kind, language)
    if letter is not None:
        initial = {"subject": letter.subject, "body": letter.body}
    else:
        with translation.override(language):
            subject, body = letters.standard(kind)
        initial = {"subject": subject, "body": body}
    form = LetterForm(request.POST or None, kind=kind, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = services.preview_letter(
                program, kind, language, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
            )
        else:
            try:
                services.save_letter(
                    program,
                    kind,
                    language,
                    actor=request.user,
                    **{k: form.cleaned_data[k] for k in ("subject", "body")},
                )
            except services.LetterError as error:  # checked again when saved: the same words
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request, _("The letter is saved. It is used for every letter of this kind from now on.")
                )
                return redirect(reverse("notices:letters") + f"#program-{program.pk}")
    return render(
        request,
        "notices/letters/edit.html",
        {
            "program": program,
            "kind": kind,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "letter": letter,
            "form": form,
            "placeholders": letters.PLACEHOLDERS,
            "required": [f"{{{name}}}" for name in letters.REQUIRED[kind]],
            "preview": preview,
            "history": selectors.letter_history(program, kind, language),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@admits(_reads, REFUSAL)
def preview(request, program_id: int, kind: str, language: str):
    program, kind, letter = _letter(program_id, kind, language)
    if letter is not None:
        subject, body = letter.subject, letter.body
    else:
        with translation.override(language):
            subject, body = letters.standard(kind)
    return render(
        request,
        "notices/letters/preview.html",
        {
            "program": program,
            "kind": kind,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "letter": letter,
            "preview": services.preview_letter(program, kind, language, subject=subject, body=body),
            "can_edit": _edits(request.user),
        },
    )


@admits(_edits, REFUSAL, post=True)
def reset(request, program_id: int, kind: str, language: str):
    program, kind, _letter_found = _letter(program_id, kind, language)
    if services.reset_letter(program, kind, language, actor=request.user):
        messages.success(request, _("The standard letter is used again. The edited wording stays in the history."))
    else:
        messages.info(request, _("This letter already is the standard one."))
    return redirect(reverse("notices:letters") + f"#program-{program.pk}")
