"""The awardee's reporting pages in Spanish (the app's own catalog, reporting/locale): the reports due, the report
names, the program's metrics with their units and the refusals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from reporting import services
from reporting.models import UsageReport
from tests.reporting.conftest import awardee_of, in_reporting, login

pytestmark = pytest.mark.django_db


def test_the_awardees_reports_in_spanish(client, staff_user):
    funded = in_reporting("PA2026-02", staff=staff_user)
    report = UsageReport.objects.get(funded_project=funded, number=1)
    login(client, awardee_of(funded))
    page = client.get(reverse("reporting:index"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Informes pendientes" in page and "Informe semestral 1" in page and "Vencido" in page
    page = client.get(report.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Millas recorridas por el vehículo (millas)" in page and "Energía utilizada (kWh)" in page
    assert "Registro del vehículo" in page and "Enviar el informe" in page
    with translation.override("es"), pytest.raises(services.ReportingError) as error:
        services.submit(report, actor=awardee_of(funded), today=dt.date(2019, 11, 1))
    assert str(error.value) == "El período dura hasta el 30 de noviembre de 2019: envíe el informe cuando termine."
