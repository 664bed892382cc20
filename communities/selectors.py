"""Reads of the community determinations and the lists."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import DesignationList, Determination

PAGE = 100


def waiting() -> QuerySet[Determination]:
    """The determinations waiting for the address lookup, oldest first (bounded, by the method index)."""
    return (
        Determination.objects.filter(method=Determination.Method.WAITING)
        .select_related("application__program")
        .order_by("updated_at")[:PAGE]
    )


def recent() -> QuerySet[Determination]:
    return (
        Determination.objects.exclude(method=Determination.Method.WAITING)
        .select_related("application__program", "decided_by")
        .order_by("-updated_at")[:PAGE]
    )


def lists() -> QuerySet[DesignationList]:
    return DesignationList.objects.select_related("imported_by").order_by("kind", "-imported_at", "-pk")[:PAGE]


def determination_of(application) -> Determination | None:
    return Determination.objects.filter(application=application).select_related("decided_by").first()


def may_view(user) -> bool:
    return user.is_authenticated and user.has_perm("communities.view_determination")


def may_decide(user) -> bool:
    return user.is_authenticated and user.has_perm("communities.change_determination")


def may_import(user) -> bool:
    return user.is_authenticated and user.has_perm("communities.add_designationlist")
