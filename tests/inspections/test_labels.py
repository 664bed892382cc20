"""Every label of the inspection rules is listed for translators and translated in the app's Spanish catalog, and the
inspector's page reads in Spanish."""

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.rule_labels import LABELS
from inspections.rules.programs import PROGRAM_INSPECTIONS

from .conftest import funded, login


def rule_labels() -> set[str]:
    found = set()
    for program in PROGRAM_INSPECTIONS.values():
        for rule in program.inspections:
            found |= {rule.name, *rule.photos}
            for check in rule.checklist:
                found |= {check.field.label, check.field.unit}
        if program.destruction:
            found |= set(program.destruction.method)
    return found - {""}


def test_every_rule_label_is_listed_and_translated():
    assert set(LABELS) == rule_labels()
    catalog = polib.pofile(str(settings.BASE_DIR / "inspections" / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    translated = {entry.msgid: entry.msgstr for entry in catalog if entry.msgstr}
    assert [label for label in LABELS if label not in translated] == []


@pytest.mark.django_db
def test_the_inspectors_page_in_spanish(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    inspection = services.open_inspection(line.project, "destruction", actor=staff_user)
    services.assign(inspection, inspector, actor=staff_user)
    services.schedule(inspection, actor=inspector, when=timezone.now(), mode="on_site")
    login(client, inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    for text in (
        "Lista de verificación: lo declarado en la solicitud y lo observado",
        "Etiqueta del VIN",
        "Largueros del chasis cortados",
        "Lectura del odómetro (millas)",
        "Enviar el informe",
        "Desguace del vehículo antiguo",
    ):
        assert text in page, text
