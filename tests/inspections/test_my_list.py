"""Issue 22, the inspector's own list: open assignments only, by date and area, each with the site's address, its
city and a map link, and the awardee's contact name and phone from the application; a page at a time, in as many
queries with forty assignments as with three."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from inspections import services
from inspections.models import Inspection
from inspections.rules.route import city_of, map_link

from .conftest import funded, inspected, login

pytestmark = pytest.mark.django_db


def test_the_city_is_read_from_a_one_line_address():
    assert city_of("1200 Pier Ave, Long Beach") == "Long Beach"
    assert city_of("2500 Navy Way, San Pedro, CA 90731") == "San Pedro"
    assert city_of("3400 E 26th St, Vernon, California 90058, USA") == "Vernon"
    assert city_of("Yard 7") == "" and city_of("") == ""
    assert map_link("1200 Pier Ave,  Long Beach") == (
        "https://www.openstreetmap.org/search?query=1200+Pier+Ave%2C+Long+Beach"
    )


def _line(staff, *, address, county, contact, phone):
    line = funded("PA2026-02", staff=staff, projects=({"existing_yard_address": address},))
    application = line.agreement.application
    Application.objects.filter(pk=application.pk).update(
        county=county, details={**application.details, "contact_name": contact, "phone": phone}
    )
    return line


def _assigned(line, inspector, staff, kind="destruction", *, on=None, due=None):
    inspection = services.open_inspection(line.project, kind, actor=staff, due=due)
    services.assign(inspection, inspector, actor=staff)
    if on:
        services.schedule(
            inspection, actor=inspector, when=timezone.make_aware(dt.datetime.combine(on, dt.time(9))), mode="on_site"
        )
    return inspection


def test_open_assignments_by_date_and_area_with_the_site_and_the_contact(client, staff_user, inspector):
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    la = _line(
        staff_user,
        address="2500 Navy Way, San Pedro, CA 90731",
        county="Los Angeles",
        contact="Rosa Diaz",
        phone="310-555-0142",
    )
    kern = _line(staff_user, address="600 Oil Rd, Bakersfield", county="Kern", contact="Tom Hale", phone="661-555-0190")
    later = _line(
        staff_user, address="1 Harbor Plaza, Long Beach", county="Los Angeles", contact="Ana Cruz", phone="562-555-0101"
    )
    loose = _line(
        staff_user, address="9 Depot St, Riverside", county="Riverside", contact="Lee Park", phone="951-555-0123"
    )
    done = _line(
        staff_user, address="5 Dock Rd, Wilmington", county="Los Angeles", contact="Sam Ng", phone="310-555-0999"
    )

    in_la = _assigned(la, inspector, staff_user, on=tomorrow)
    in_kern = _assigned(kern, inspector, staff_user, on=tomorrow)
    due_later = _assigned(later, inspector, staff_user, due=today + dt.timedelta(days=10))
    undated = _assigned(loose, inspector, staff_user)
    submitted = inspected(
        services.open_inspection(done.project, "destruction", actor=staff_user), inspector, staff=staff_user
    )

    page = login(client, inspector).get(reverse("inspections:mine")).content.decode()
    order = [page.index(f'data-inspection="{item.pk}" data-area') for item in (in_kern, in_la, due_later, undated)]
    assert order == sorted(order)  # tomorrow Kern, tomorrow Los Angeles, due in ten days, no date
    assert f'data-inspection="{submitted.pk}" data-area' not in page  # not an open assignment
    assert f'data-inspection="{submitted.pk}"><a' in page  # listed among the reports submitted lately
    assert "2500 Navy Way, San Pedro, CA 90731 · <strong data-city>San Pedro</strong>" in page
    assert 'href="https://www.openstreetmap.org/search?query=2500+Navy+Way%2C+San+Pedro%2C+CA+90731"' in page
    assert "Awardee contact: Rosa Diaz" in page and '<a href="tel:310-555-0142" data-phone>310-555-0142</a>' in page
    assert "Kern County" in page and "To schedule</strong> · due" in page
    detail = client.get(in_la.get_absolute_url()).content.decode()
    assert "<strong data-city>San Pedro</strong>" in detail and "310-555-0142" in detail


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_is_paged_and_its_queries_do_not_grow(client, staff_user, inspector):
    line = funded("PA2026-02", staff=staff_user)
    first = _assigned(line, inspector, staff_user, on=timezone.localdate())
    login(client, inspector)
    url = reverse("inspections:mine")

    def more(count, start):
        Inspection.objects.bulk_create(
            Inspection(
                agreement=line.agreement,
                project=line.project,
                kind="monitoring",
                version=start + number,
                inspector=inspector,
                status=Inspection.Status.ASSIGNED,
                due=timezone.localdate(),
            )
            for number in range(count)
        )

    more(2, 1)
    client.get(url)  # the session's first request does its own once-only work (sign-in bookkeeping)
    few = _queries(client, url)
    more(40, 3)
    many = _queries(client, url)
    assert many == few
    page = client.get(url).content.decode()
    assert page.count("data-area=") == 25 and "Page 1 of 2" in page
    second = client.get(f"{url}?page=2").content.decode()
    assert second.count("data-area=") == 43 - 25
    assert f'data-inspection="{first.pk}" data-area' in page
