"""The Spanish catalogs are complete, compiled from their sources, and cover every string marked for translation.

The project's catalog is ``locale/``; an app may keep its own strings in ``<app>/locale/`` (payments does, so its
catalog merges without touching the shared one). Each is checked, and together they must cover every marked string."""

import gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
OWN_CATALOGS = tuple(
    sorted(
        path.parent.name
        for path in Path(settings.BASE_DIR).glob("*/locale")
        if path.parent.name != "locale" and (path.parent / "apps.py").exists()
    )
)
"""Apps that keep their own Spanish catalog (``<app>/locale``, e.g. agreements): each tests its own."""
PROJECT_CATALOG_SOURCES = tuple(
    name
    for name in (
        "accounts",
        "agreements",
        "applications",
        "core",
        "dashboards",
        "funding",
        "inspections",
        "notices",
        "payments",
        "portal",
        "ports_agreement",
        "programs",
        "reporting",
        "templates",
        "locale",
    )
    if name not in OWN_CATALOGS and (Path(settings.BASE_DIR) / name).exists()
)
PO = LOCALE / "es" / "LC_MESSAGES" / "django.po"
CATALOGS = [PO, *sorted(Path(settings.BASE_DIR).glob("*/locale/es/LC_MESSAGES/django.po"))]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_every_spanish_entry_is_translated_and_none_is_fuzzy(po):
    catalog = polib.pofile(str(po))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    assert catalog.percent_translated() == 100


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_the_compiled_catalog_is_the_source_compiled(po):
    """Someone who edits django.po must run compilemessages: the committed .mo says what the .po says."""
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for entry in polib.pofile(str(po)):
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0], entry.msgid
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_the_rule_labels_list_is_up_to_date():
    call_command("rule_labels", "--check")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is installed by make system-packages")
def test_every_marked_string_is_in_the_catalog(tmp_path, settings, monkeypatch):
    """``makemessages`` finds nothing the committed catalog lacks (a string was marked but never translated).

    It runs on a copy of the sources, so the committed catalog is never rewritten by the test."""
    base = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_CATALOG_SOURCES:
        shutil.copytree(base / name, tmp_path / name, ignore=ignore)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], verbosity=0)
    found = {
        entry.msgid
        for entry in polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
    }
    known = {entry.msgid for po in CATALOGS for entry in polib.pofile(str(po))}
    assert found - known == set()
