"""The one navigation of the portal and the staff admin: "My work" first, then grouped menus (issue 21, "Staff work in
one place": "the admin's review pages and the portal's staff pages share one header and one navigation").

Each link says who sees it; a group shows the links its reader may open, and a group with one link is shown as that
link. ``templates/_menu.html`` draws it with Bootstrap's dropdowns on the portal's pages and
``templates/admin/base_site.html`` with the admin's own styles, from the same groups, so both always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, roles_of


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    current: bool = False


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
    links: tuple[Link, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def single(self) -> Link | None:
        return self.links[0] if len(self.links) == 1 else None


@dataclass(frozen=True)
class Reader:
    """Who is reading: their roles and the permissions the menu asks about."""

    user: object
    roles: frozenset

    @property
    def staff(self) -> bool:
        return Role.STAFF in self.roles or self.user.is_superuser

    @property
    def district(self) -> bool:
        return self.staff or Role.BOARD_MEMBER in self.roles

    @property
    def applicant(self) -> bool:
        return Role.APPLICANT in self.roles

    def can(self, permission: str) -> bool:
        return self.user.has_perm(permission)


Shown = Callable[[Reader], bool]
ANYONE: Shown = lambda reader: True  # noqa: E731
SIGNED_IN: Shown = lambda reader: reader.user.is_authenticated  # noqa: E731

# (group key, group label, ((link label, url name, who sees it), ...)), in the order of the bar.
GROUPS: tuple[tuple[str, Promise, tuple[tuple[Promise, str, Shown], ...]], ...] = (
    ("mywork", _("My work"), ((_("My work"), "mywork:page", SIGNED_IN),)),
    ("programs", _("Programs"), ((_("Programs"), "home", ANYONE),)),
    (
        "applications",
        _("Applications"),
        (
            (_("My applications"), "applications:list", lambda r: r.applicant),
            (_("Organization"), "organizations", lambda r: r.applicant),
            (_("Application queue"), "admin:applications_application_changelist", lambda r: r.district),
            (_("Funding rounds"), "funding:index", lambda r: r.district),
            (_("Communities"), "communities:index", lambda r: r.can("communities.view_determination")),
        ),
    ),
    (
        "awards",
        _("Awards"),
        (
            (_("Agreements"), "agreements:list", lambda r: r.applicant or r.district),
            (_("Obligations"), "agreements:obligations", lambda r: r.district),
            (_("My inspections"), "inspections:mine", lambda r: Role.INSPECTOR in r.roles),
            (_("Inspections"), "inspections:staff", lambda r: r.district),
            (_("Payments"), "payments:index", lambda r: r.applicant or r.can("payments.view_paymentrequest")),
            (_("Usage reports"), "reporting:index", lambda r: r.applicant or r.can("reporting.view_usagereport")),
        ),
    ),
    (
        "reports",
        _("Reports"),
        (
            (_("Dashboard"), "dashboards:board", lambda r: r.district),
            (_("Results"), "dashboards:public", ANYONE),
            (_("Ports"), "ports_agreement:index", lambda r: r.district or Role.PORT_REPRESENTATIVE in r.roles),
        ),
    ),
    (
        "administration",
        _("Administration"),
        (
            (_("Staff admin"), "admin:index", lambda r: r.user.is_staff),
            (_("Background work"), "operations:background", lambda r: r.staff),
            (_("Decision letters"), "notices:letters", lambda r: r.can("notices.view_lettertemplate")),
        ),
    ),
)


def _current(path: str, url: str) -> bool:
    """The page is this link's or one below it (the home page only itself)."""
    return path == url if url == "/" else path.startswith(url)


def groups_for(user, path: str = "") -> list[Group]:
    """The menu groups ``user`` sees, each with the links they may open, marking the one ``path`` is under."""
    reader = Reader(user, frozenset(roles_of(user)))
    groups = []
    for key, label, entries in GROUPS:
        links = []
        for link_label, name, shown in entries:
            if shown(reader):
                url = reverse(name)
                links.append(Link(link_label, url, _current(path, url)))
        if links:
            groups.append(Group(key, label, tuple(links)))
    # the longest match wins: "/agreements/obligations/" is Obligations, not also Agreements
    marked = [link for group in groups for link in group.links if link.current]
    if len(marked) > 1:
        best = max(marked, key=lambda link: len(link.url))
        groups = [Group(g.key, g.label, tuple(Link(x.label, x.url, x is best) for x in g.links)) for g in groups]
    return groups


def menu(request):
    """Context processor: ``menu``, computed only when a template draws it."""
    return {"menu": lambda: groups_for(request.user, request.path)}
