"""What the rules say, in the reader's language, without importing Django.

Reasons, notes and input messages are English templates marked with ``_()`` so ``makemessages`` collects
them (``_("{what} is {value}; ...").format(...)``); labels fixed at import time (fields, choices, attachment
slots) are listed in ``programs/rule_labels.py`` and translated where they are shown. By default these
functions return the English and write dates as "February 29, 2028"; the Django project installs its
translation and its localized date format at start-up (``programs.apps``), so the web app, the Celery task and
the commands all speak the active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def _english_date(value: dt.date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


_translate: Callable[[str], str] = str
_date_in_words: Callable[[dt.date], str] = _english_date


def install(*, translate: Callable[[str], str], date_in_words: Callable[[dt.date], str]) -> None:
    global _translate, _date_in_words
    _translate, _date_in_words = translate, date_in_words


def gettext(message: str) -> str:
    return _translate(message)


def date_in_words(value: dt.date) -> str:
    """ "February 29, 2028" (English), "29 de febrero de 2028" (Spanish)."""
    return _date_in_words(value)
