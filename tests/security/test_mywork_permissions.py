"""The permission matrix for My work, the menu and the notice settings (issue 21): anonymous visitors sign in first;
each person sees only the work that is theirs (another organization's drafts, another inspector's assignments,
another port's milestones are never listed); applicants are never shown the staff queues or the admin; the admin's
header carries the portal's menu; the e-mail settings change only the reader's own."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.roles import Role
from notices.models import Inbox
from ports_agreement.models import Milestone, Port, PortRepresentative
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ("mywork:page", "notices:settings", "notices:list")


def counts(client, user) -> dict[str, int]:
    client.force_login(user)
    html = client.get(reverse("mywork:page")).content.decode()
    return {key: int(value) for key, value in re.findall(r'id="(\w+)" data-count="(\d+)"', html)}


def named(username):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_sign_in_first(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_applicant_sees_none_of_the_demo_applicants_work(demo, client):
    assert sum(counts(client, named("applicant")).values()) > 0
    stranger = counts(client, UserFactory(role=Role.APPLICANT))
    assert stranger and set(stranger.values()) == {0}


def test_another_inspector_sees_none_of_the_demo_inspectors_assignments(demo, client):
    assert counts(client, named("inspector"))["inspections"] > 0
    assert counts(client, UserFactory(role=Role.INSPECTOR)) == {"inspections": 0}


def test_a_port_sees_only_its_own_milestones(demo, client):
    other = Port.objects.exclude(representatives__user__username="port_la").first()
    representative = UserFactory(role=Role.PORT_REPRESENTATIVE)
    PortRepresentative.objects.create(user=representative, port=other)
    theirs = Milestone.objects.filter(plan__port=other, completed_on__isnull=True).count()
    assert counts(client, representative) == {"milestones": theirs}
    assert counts(client, named("port_la"))["milestones"] != theirs or theirs == 0


@pytest.mark.parametrize("name", ["applicant", "inspector", "port_la", "finance"])
def test_no_staff_queue_or_admin_for_people_outside_staff(demo, client, name):
    client.force_login(named(name))
    html = client.get(reverse("mywork:page")).content.decode()
    assert "/admin/" not in html
    assert 'id="review"' not in html and 'id="assigned"' not in html


def test_the_staff_menu_and_the_admin_header_share_the_groups(demo, client):
    client.force_login(named("staff"))
    portal = client.get(reverse("mywork:page")).content.decode()
    admin = client.get(reverse("admin:applications_application_changelist")).content.decode()
    for key in ("applications", "awards", "reports", "administration"):
        assert f'id="nav-{key}"' in portal and f'id="admin-nav-{key}"' in admin
    assert f'<div id="site-name"><a href="{reverse("mywork:page")}">' in admin
    assert 'href="/admin/applications/application/"' in portal  # the queue is one click from the portal


def test_the_applicant_menu_has_no_staff_links(demo, client):
    client.force_login(named("applicant"))
    html = client.get(reverse("mywork:page")).content.decode()
    assert 'id="nav-administration"' not in html and "/operations/" not in html
    assert reverse("applications:list") in html


def test_email_settings_change_only_the_readers_own(demo, client):
    reader, other = named("applicant"), named("staff")
    client.force_login(reader)
    client.post(reverse("notices:settings"), {"daily_digest": "on", "user": other.pk})
    assert Inbox.objects.get(user=reader).daily_digest
    assert not Inbox.objects.filter(user=other, daily_digest=True).exists()
