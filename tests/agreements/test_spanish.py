"""The agreements pages in Spanish: the app's own catalog (agreements/locale) is complete, compiled from its source,
and covers every string the app marks for translation; the awardee's page reads in Spanish."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, approved_application

APP = Path(settings.BASE_DIR) / "agreements"
PO = APP / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
gettext_tools = pytest.mark.skipif(
    shutil.which("msgattrib") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext is installed by make system-packages",
)


def untranslated(po: Path) -> str:
    return (
        subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        ).stdout
        + subprocess.run(
            ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        ).stdout
    )


@gettext_tools
def test_every_entry_is_translated_and_the_compiled_catalog_is_the_source_compiled(tmp_path):
    assert untranslated(PO) == ""
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO)], check=True)
    assert (tmp_path / "django.mo").read_bytes() == MO.read_bytes()


@gettext_tools
def test_every_marked_string_is_in_the_catalog(tmp_path, monkeypatch):
    """``makemessages`` on a copy of the app adds nothing untranslated to its catalog."""
    shutil.copytree(APP, tmp_path / "agreements", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], verbosity=0)
    assert untranslated(tmp_path / "agreements" / "locale" / "es" / "LC_MESSAGES" / "django.po") == ""


@pytest.mark.django_db
def test_the_awardees_page_in_spanish(client, staff_user):
    from agreements import services

    agreement = approved_application("PA2026-02", staff=staff_user).agreement
    services.send(agreement, actor=staff_user)
    client.login(username=agreement.application.applicant.username, password=PASSWORD)
    with translation.override("es"):
        assert str(agreement) == f"Acuerdo de reembolso {agreement.number}"
    page = client.get(reverse("agreements:detail", args=[agreement.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Firmar el acuerdo" in page and "Enviado al beneficiario para su firma" in page
    assert "Estoy autorizado para firmar este acuerdo" in page
