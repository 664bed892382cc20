"""The public page in Spanish: the dashboards' own catalog (``dashboards/locale``) is complete, compiled from its
source and covers every string the app marks."""

import gettext
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

CATALOG = Path(settings.BASE_DIR) / "dashboards" / "locale" / "es" / "LC_MESSAGES"


def test_every_entry_is_translated_and_the_compiled_catalog_is_the_source():
    catalog = polib.pofile(str(CATALOG / "django.po"))
    assert catalog.percent_translated() == 100 and catalog.fuzzy_entries() == []
    compiled = gettext.GNUTranslations((CATALOG / "django.mo").open("rb"))
    for entry in catalog:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is installed by make system-packages")
def test_every_marked_string_is_in_the_catalog(tmp_path, monkeypatch):
    shutil.copytree(
        Path(settings.BASE_DIR) / "dashboards",
        tmp_path / "dashboards",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    monkeypatch.chdir(tmp_path / "dashboards")
    call_command("makemessages", locale=["es"], verbosity=0)
    found = {
        entry.msgid
        for entry in polib.pofile(str(tmp_path / "dashboards" / "locale" / "es" / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
    }
    assert found - {entry.msgid for entry in polib.pofile(str(CATALOG / "django.po"))} == set()


@pytest.mark.django_db
def test_the_public_page_in_spanish(client):
    page = client.get(reverse("dashboards:public"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "A dónde va el dinero de las subvenciones" in page
    assert "Fondos y subvenciones por programa" in page and ">Resultados<" in page
