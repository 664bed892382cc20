"""``seed_demo`` gives the ``inspector`` user assignments in several states on the demo fleet's trucks, and clears
trucks 1 and 2 for payment by recorded inspections."""

from io import StringIO

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from inspections import selectors
from inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_inspector_assignments_in_several_states(demo):
    call_command("seed_demo", stdout=StringIO())  # twice: nothing added the second time
    mine = Inspection.objects.filter(inspector__username="inspector")
    assert set(mine.values_list("status", flat=True)) == {"accepted", "submitted", "scheduled", "returned", "assigned"}
    assert mine.count() == 9
    assert Inspection.objects.filter(status="needed").count() == 1
    fleet = Agreement.objects.get(program__code="PA2026-02", funded_projects__position=5)
    cleared = [selectors.cleared_for_payment(line.project)[0] for line in fleet.funded_projects.order_by("position")]
    assert cleared == [True, True, False, False, False]
