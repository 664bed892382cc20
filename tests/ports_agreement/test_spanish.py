"""Issues 20 and 22: the ports' pages in the reader's language. A port representative who reads Spanish gets every
port page (the Cooperative Agreement's status, Rule 4001, its filings, a report, a plan, the forms, a milestone) in
Spanish: the headings translated, none of the English headings left, dates in words ("1 de julio de 2019") and money
as $1,234.00. The app keeps its own catalog (``ports_agreement/locale``), complete, compiled and covering every
string the app and its templates mark."""

import datetime as dt
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from ports_agreement import services
from tests.factories import PASSWORD, UserFactory

from .factories import (
    AgreementFactory,
    AnnualReportFactory,
    BaselineFactory,
    InfrastructurePlanFactory,
    MilestoneFactory,
    port,
    representative,
    tier,
)
from .test_views import filings_of

CATALOG = Path(settings.BASE_DIR) / "ports_agreement" / "locale" / "es" / "LC_MESSAGES"


@pytest.fixture
def los_angeles(db, client):
    """The Port of Los Angeles' part: a plan with a milestone, an assessed Tier III default, a 2018 report filed
    late (due July 1, 2019), a report and an approved plan with a progress report; its representative signed in."""
    staff = UserFactory(role=Role.STAFF)
    agreement = AgreementFactory(executed_on=dt.date(2025, 11, 7))
    plan = InfrastructurePlanFactory(agreement=agreement, port=port("pola"))
    milestone = MilestoneFactory(plan=plan, description="Berth 100 charging", due_on=dt.date(2027, 6, 30))
    default = services.record_default(
        agreement=agreement,
        port=port("pola"),
        kind="milestone",
        tier=tier("Tier III"),
        occurred_on=dt.date(2026, 1, 5),
        description="Berth 100 charging missed",
        actor=staff,
        milestone=milestone,
    )
    services.assess_default(default, on=dt.date(2026, 2, 1), resolution="", actor=staff)
    BaselineFactory(port=port("pola"))
    AnnualReportFactory(port=port("pola"), calendar_year=2018, submitted_on=dt.date(2026, 3, 2))
    report, erp = filings_of("pola")
    client.login(username=representative("pola").username, password=PASSWORD)
    return {"milestone": milestone, "report": report, "plan": erp}


def pages(objects):
    """Each port page, the Spanish it must show and the English headings it must no longer show."""
    return {
        "status": (
            reverse("ports_agreement:status"),
            [
                "Acuerdo Cooperativo con los Puertos de Los Ángeles y Long Beach",
                "Plazo del acuerdo y salida",
                "Incumplimientos y sanciones",
                "Fondo de Mitigación para el Aire Limpio",
                "Informe anual de avance (PDF)",
                "$200,000.00",
                "7 de noviembre de 2025",
            ],
            [
                "Cooperative Agreement with the Ports of Los Angeles and Long Beach",
                "Agreement term and exit",
                "Defaults and penalties",
                "Clean Air Mitigation Fund",
                "Zero-emission infrastructure plans by source category",
                "Due in the next 90 days",
                "Total assessed",
                "Pending decision",
                "Nov 7, 2025",
                "November 7, 2025",
            ],
        ),
        "rule 4001": (
            reverse("ports_agreement:rule_4001"),
            [
                "Regla 4001: metas de reducción de emisiones en los Puertos",
                "Informe de emisiones de 2018 (real), Port of Los Angeles",
                "vencía el 1 de julio de 2019, presentado el 2 de marzo de 2026",
                "Meta del 75%",
            ],
            [
                "Rule 4001: emission reduction targets",
                "PM2.5 equivalent against the 75% reduction target",
                "Reduction from 2008",
                "Rule 4001 deadlines passed",
                "emissions report (actual)",
                "July 1, 2019",
            ],
        ),
        "port home": (
            reverse("ports_agreement:port_home"),
            [
                "Informes de emisiones",
                "Planes de Reducción de Emisiones",
                "Enviar un informe de emisiones",
                "Planes de infraestructura de cero emisiones (Acuerdo Cooperativo)",
                "vence el 30 de junio de 2027",
            ],
            [
                "Emissions reports</h2>",
                "Emission Reduction Plans</h2>",
                "Submit an emissions report",
                "Zero-emission infrastructure plans (Cooperative Agreement)",
                "Decision due",
                "No reports yet.",
                "Jun 30, 2027",
            ],
        ),
        "report": (
            reverse("ports_agreement:report_detail", args=[objects["report"].pk]),
            ["Informe a más tardar", "Determinación del distrito a más tardar", "Volver a Port of Los Angeles"],
            ["Report due", "District determination due", "Back to Port of Los Angeles", "tons/day"],
        ),
        "plan": (
            reverse("ports_agreement:plan_detail", args=[objects["plan"].pk]),
            ["Estrategias de control", "Informes de avance", "Decisión del distrito a más tardar", "Déficit"],
            ["Control strategies", "Progress reports", "District decision due", "Shortfall", "Expected reduction"],
        ),
        "new report": (
            reverse("ports_agreement:report_new"),
            ["Enviar un informe de emisiones", "Presentado en conjunto por ambos Puertos", "Enviar el informe"],
            ["Submit an emissions report", "Filed jointly by both Ports", "Submit report"],
        ),
        "new plan": (
            reverse("ports_agreement:plan_new"),
            ["Enviar un Plan de Reducción de Emisiones", "Estrategia de control 1", "$35,000.00 por tonelada"],
            ["Submit an Emission Reduction Plan", "Control strategy 1", "Submit plan"],
        ),
        "progress": (
            reverse("ports_agreement:progress_new", args=[objects["plan"].pk]),
            ["Informe de avance: Plan de Reducción de Emisiones", "Enviar el informe de avance"],
            ["Progress report: Emission Reduction Plan", "Submit progress report", "received"],
        ),
        "milestone": (
            reverse("ports_agreement:milestone", args=[objects["milestone"].pk]),
            ["Berth 100 charging"],
            ["Report progress", "Progress reported"],
        ),
    }


@pytest.mark.parametrize(
    "name", ["status", "rule 4001", "port home", "report", "plan", "new report", "new plan", "progress", "milestone"]
)
def test_each_port_page_in_spanish(client, los_angeles, name):
    url, spanish, english = pages(los_angeles)[name]
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="es"' in text
    assert [words for words in spanish if words not in text] == []
    assert [words for words in english if words in text] == []


def test_the_pages_stay_english_for_an_english_reader(client, los_angeles):
    text = client.get(reverse("ports_agreement:rule_4001"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rule 4001: emission reduction targets at the Ports" in text
    assert "2018 emissions report (actual), Port of Los Angeles: due July 1, 2019, filed March 2, 2026" in text


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is installed by make system-packages")
def test_every_string_the_ports_mark_is_in_its_catalog(tmp_path, settings, monkeypatch):
    base = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "locale")
    shutil.copytree(base / "ports_agreement", tmp_path / "ports_agreement", ignore=ignore)
    shutil.copytree(base / "templates" / "ports_agreement", tmp_path / "templates" / "ports_agreement", ignore=ignore)
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], verbosity=0)
    found = {
        entry.msgid
        for entry in polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
    }
    assert found - {entry.msgid for entry in polib.pofile(str(CATALOG / "django.po"))} == set()
