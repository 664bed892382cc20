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


def _english_month(value: dt.date) -> str:
    return f"{value:%B} {value.year}"


def _english_plural(singular: str, plural: str, number: int) -> str:
    return singular if number == 1 else plural


_translate: Callable[[str], str] = str
_translate_plural: Callable[[str, str, int], str] = _english_plural
_date_in_words: Callable[[dt.date], str] = _english_date
_month_in_words: Callable[[dt.date], str] = _english_month


def install(
    *,
    translate: Callable[[str], str],
    date_in_words: Callable[[dt.date], str],
    translate_plural: Callable[[str, str, int], str] | None = None,
    month_in_words: Callable[[dt.date], str] | None = None,
) -> None:
    global _translate, _translate_plural, _date_in_words, _month_in_words
    _translate, _date_in_words = translate, date_in_words
    _translate_plural = translate_plural or _english_plural
    _month_in_words = month_in_words or _english_month


def gettext(message: str) -> str:
    return _translate(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The singular or plural template for ``number`` in the reader's language ("{count} year", "{count} years")."""
    return _translate_plural(singular, plural, number)


def date_in_words(value: dt.date) -> str:
    """ "February 29, 2028" (English), "29 de febrero de 2028" (Spanish)."""
    return _date_in_words(value)


def month_in_words(value: dt.date) -> str:
    """ "February 2028" (English), "febrero de 2028" (Spanish)."""
    return _month_in_words(value)
