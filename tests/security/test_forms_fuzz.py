"""Issue 26, the forms fuzzed: hostile submissions to every form of every program's application (a draft of each) and
of the post-award pages (the inspection report, the payment request, the usage report, the change request, the
port's milestone), found on the pages each demo person's My work leads to, never give a 500 and never put markup on a
page unescaped (the re-rendered form and the page read afterwards).

Hostile: overlong text, NUL bytes, non-finite and absurd numbers, negative amounts, markup, formula prefixes, wrong
types (a date in a number, text in a date, a value repeated as a list). Each form gets each hostile value in every
field at once, its fields five at a time with a different hostile value each (the values in turn), and a list in
every field. The number of submissions is printed (``-s``)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse

from applications.models import Application, Status
from mywork.selectors import work_of
from payments import selectors as payment_selectors
from payments import services as payment_services
from programs.rules.registry import rule_sets
from tests.factories import open_program

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("fuzz")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'
MARKERS = ('<script>alert("fuzz")', "<img src=x onerror=alert(1)>")
HOSTILE = (
    "A" * 100_000,  # overlong
    "Harbor\x00Freight",  # a NUL byte (PostgreSQL refuses it in text)
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999999999",
    "-1",
    "-400000.00",  # a negative amount
    SCRIPT,
    IMAGE,
    "=cmd|' /C calc'!A0",
    "2026-13-45",  # a date that is none
    "true",  # a yes/no in a number or a date
    "9" * 400,
)
LIST = ["1", SCRIPT]  # a field sent twice: a list where one value is expected
GROUP = 5

NOT_FUZZED = {"logout", "set_language", "account_logout"}
"""Forms that only move the person elsewhere (signing out, the language menu)."""
REQUIRED = {
    ("applications", "details"),
    ("applications", "project_new"),
    ("inspections", "checklist"),
    ("payments", "detail"),  # the payment request's facts post to its page
    ("payments", "line_add"),
    ("reporting", "detail"),  # the usage report's figures post to its page
    ("agreements", "request_change"),
    ("ports_agreement", "milestone"),
}
"""The forms the issue names: each program's application and project, the inspection report, the payment request
and its costs, the usage report, the change request and the port's milestone."""


class Forms(HTMLParser):
    """Each POST form of a page: its action and its fields (name -> (type, value as the page gives it))."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, tuple[str, str]]]] = []
        self._fields: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._fields = {}
                self.forms.append((attrs.get("action") or "", self._fields))
        elif self._fields is not None and tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = attrs.get("type", tag).lower() if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and attrs["name"] in self._fields:
                return
            self._fields[attrs["name"]] = (kind, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


def forms_on(html: str, page_url: str):
    parser = Forms()
    parser.feed(html)
    for action, fields in parser.forms:
        yield urlsplit(action).path or page_url, fields


def name_of(url: str) -> tuple[str, str] | None:
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return (match.app_name or match.namespace, match.url_name)


def submissions(fields: dict[str, tuple[str, str]]):
    """The hostile bodies for one form: the hidden fields (ids, the figures shown) as the page gave them."""
    base = {name: value for name, (kind, value) in fields.items() if kind == "hidden"}
    visible = [name for name, (kind, _) in fields.items() if kind not in ("hidden", "file")]
    if not visible:
        return
    for value in HOSTILE:
        yield {**base, **dict.fromkeys(visible, value)}
    # the fields in groups of ``GROUP``, each field with its own hostile value (the values in turn), the others blank
    for start in range(0, len(visible), GROUP):
        group = visible[start : start + GROUP]
        yield {**base, **{name: HOSTILE[(start + index) % len(HOSTILE)] for index, name in enumerate(group)}}
    yield {**base, **{name: LIST for name in visible}}


def unescaped(html: str) -> list[str]:
    return [marker for marker in MARKERS if marker in html]


def pages_of(user) -> list[str]:
    """The pages the person's My work leads to (each row's page, once)."""
    return sorted({urlsplit(row.url).path for section in work_of(user).sections for row in section.rows})


def drafts_of_every_program(client, applicant) -> list[str]:
    """A new draft of every program (its details and project forms), and its check-and-submit page."""
    pages = []
    for code in rule_sets():
        open_program(code)
        client.post(reverse("applications:start", args=[code]))
        draft = Application.objects.filter(program__code=code, applicant=applicant, status=Status.DRAFT).latest("pk")
        pages += [
            reverse("applications:details", args=[draft.pk]),
            reverse("applications:project_new", args=[draft.pk]),
            reverse("applications:review", args=[draft.pk]),
        ]
    return pages


def milestones_of(representative) -> list[str]:
    """The pages where the port reports progress on its own plans' milestones (two of them)."""
    from ports_agreement.models import Milestone

    port = representative.port_representative.port
    return [
        reverse("ports_agreement:milestone", args=[pk])
        for pk in Milestone.objects.filter(plan__port=port).order_by("pk").values_list("pk", flat=True)[:2]
    ]


def payment_requests_started(applicant) -> None:
    """A draft payment request on each of the awardee's projects that can have one (its form is then on a page)."""
    for item in payment_selectors.payable_projects_of(applicant):
        if item.may_start:
            try:
                payment_services.start_request(item.funded, actor=applicant)
            except payment_services.PaymentError:
                pass


def test_hostile_submissions_to_every_form_never_fail_and_never_show_markup(demo, client):
    users = get_user_model().objects
    submitted, forms, problems = Counter(), set(), []

    def check(response, what):
        if response.status_code >= 500:
            problems.append(f"{what}: {response.status_code}")
        if not getattr(response, "streaming", False) and "html" in response.get("Content-Type", ""):
            if found := unescaped(response.content.decode(errors="replace")):
                problems.append(f"{what}: {found} unescaped")

    for name in ("applicant", "inspector", "port_la"):
        person = users.get(username=name)
        client.force_login(person)
        pages = pages_of(person)
        if name == "applicant":
            payment_requests_started(person)
            pages = pages_of(person) + drafts_of_every_program(client, person)
        if name == "port_la":
            pages = pages + milestones_of(person)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200:
                continue
            for action, fields in forms_on(response.content.decode(), page):
                route = name_of(action)
                if route is None or route[1] in NOT_FUZZED:
                    continue
                for body in submissions(fields):
                    try:
                        answer = client.post(action, body)
                    except Exception as error:  # the test client re-raises what would be a 500
                        problems.append(f"{action} {route}: {type(error).__name__}: {str(error)[:200]}")
                        continue
                    submitted[route] += 1
                    forms.add(route)
                    check(answer, f"{action} {route}")
            check(client.get(page), f"{page} read afterwards")
    total = sum(submitted.values())
    print(f"\nforms fuzz: {total} hostile submissions to {len(forms)} forms; by form: {dict(submitted)}")
    assert problems == [], "\n".join(problems[:30])
    assert REQUIRED <= forms, REQUIRED - forms
    assert total > 300
