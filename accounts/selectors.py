"""Reads about people and their organizations."""

from django.db.models import QuerySet

from .models import APPLICANT_ROLES, Membership, Organization


def memberships_of(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization")


def organizations_acted_for(user) -> QuerySet[Organization]:
    """Organizations where ``user`` is owner or staff: those they may start and submit applications for."""
    return Organization.objects.filter(memberships__user=user, memberships__role__in=APPLICANT_ROLES).distinct()


def membership_in(user, organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()
