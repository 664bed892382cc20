from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .roles import GROUP_PERMISSIONS, Role


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions ``GROUP_PERMISSIONS`` lists.

    Runs after every app's migrations (``post_migrate`` is sent once per app), so the permissions are read in one
    query rather than one per codename."""
    wanted = {
        role: [
            (app, f"{action}_{model}")
            for app, (models, actions) in GROUP_PERMISSIONS.get(role, {}).items()
            for model in models
            for action in actions
        ]
        for role in Role
    }
    existing: dict[tuple[str, str], list[Permission]] = {}
    for permission in Permission.objects.filter(
        content_type__app_label__in={app for codenames in wanted.values() for app, _codename in codenames}
    ).select_related("content_type"):
        existing.setdefault((permission.content_type.app_label, permission.codename), []).append(permission)
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set([permission for key in wanted[role] for permission in existing.get(key, [])])


def create_user_with_role(*, username: str, email: str, password: str, role: Role, **extra):
    """A user in one role group, made by the district (``seed_demo``, a staff member, a script); staff and board
    members may sign in to the admin site.

    The district enters the address itself, so it counts as confirmed: such an applicant may submit without the
    confirmation link that a self-registered account must open first (``accounts.views.register``).
    """
    user = get_user_model().objects.create_user(
        username=username,
        email=email,
        password=password,
        is_staff=role in (Role.STAFF, Role.BOARD_MEMBER),
        **extra,
    )
    user.groups.add(Group.objects.get(name=role.value))
    if email:
        mark_email_verified(user)
    return user


def grant_role(user, role: Role, *, title: str = "") -> None:
    """Add a role to a person (a staff member made a signatory or a supervisor), with the title they sign in."""
    user.groups.add(Group.objects.get(name=role.value))
    if title:
        profile = profile_of(user)
        profile.title = title
        profile.save(update_fields=["title"])


def profile_of(user):
    """The user's :class:`~accounts.models.Profile`, created on first use."""
    from .models import Profile

    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


class MembershipError(Exception):
    """A change to an organization's members that is refused, with a message for the person who asked."""


def register_applicant(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    organization_name: str,
    language: str = "en",
):
    """A new applicant account and its organization, with the new user as owner. It signs in once its e-mail address
    is confirmed (``confirm_registration``): until then it is inactive, so registering with someone else's address
    neither opens an account nor tells whether the address had one (issue 26)."""
    from .models import MemberRole, Membership, Organization

    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, first_name=first_name, last_name=last_name, is_active=False
    )
    user.groups.add(Group.objects.get(name=Role.APPLICANT.value))
    profile = profile_of(user)
    profile.language = language
    profile.save(update_fields=["language"])
    organization = Organization.objects.create(name=organization_name)
    Membership.objects.create(organization=organization, user=user, role=MemberRole.OWNER, added_by=user)
    return user


def mark_email_verified(user) -> None:
    profile = profile_of(user)
    if profile.email_verified:
        return
    profile.email_verified_at = timezone.now()
    profile.verified_email = user.email
    profile.save(update_fields=["email_verified_at", "verified_email"])


def confirm_registration(user) -> None:
    """The link in the confirmation e-mail was opened: the address is the person's, and a new account opens."""
    mark_email_verified(user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])


def set_language(user, language: str) -> None:
    """Remember the language the person reads, for the e-mails the portal sends them."""
    profile = profile_of(user)
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])


def own_organization(user):
    """The organization ``user`` acts for as owner or staff; one is created (owner) for an applicant who has none.

    Used when an application is started without naming the organization (the demo, the API, older accounts).
    """
    from .models import APPLICANT_ROLES, MemberRole, Membership, Organization

    membership = (
        Membership.objects.filter(user=user, role__in=APPLICANT_ROLES)
        .select_related("organization")
        .order_by("added_at", "pk")
        .first()
    )
    if membership is not None:
        return membership.organization
    name = user.get_full_name() or user.get_username()
    organization = Organization.objects.create(name=name)
    Membership.objects.create(organization=organization, user=user, role=MemberRole.OWNER, added_by=user)
    return organization


@transaction.atomic
def add_member(organization, *, email: str, role: str, added_by):
    """Add the person with this e-mail address to the organization, creating their applicant account if they have
    none. Returns ``(membership, created_account)``; a new account has no password until its owner sets one from
    the invitation e-mail (:func:`accounts.emails.send_invitation`)."""
    from .models import Membership

    users = get_user_model().objects
    email = email.strip().lower()
    matches = list(users.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise MembershipError(
            _("More than one account uses %(email)s; ask the district to merge them.") % {"email": email}
        )
    created = not matches
    if created:
        user = users.create_user(username=_free_username(email), email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=Role.APPLICANT.value))
        set_language(user, profile_of(added_by).language)
    else:
        user = matches[0]
        if not user.groups.filter(name=Role.APPLICANT.value).exists():
            raise MembershipError(
                _("%(email)s belongs to a district account, which cannot join an applicant organization.")
                % {"email": email}
            )
    if Membership.objects.filter(organization=organization, user=user).exists():
        raise MembershipError(_("%(email)s is already a member.") % {"email": email})
    membership = Membership.objects.create(organization=organization, user=user, role=role, added_by=added_by)
    return membership, created


def _free_username(email: str) -> str:
    users = get_user_model().objects
    base = email[:140]
    candidate, number = base, 1
    while users.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _check_owner_remains(membership, new_role: str | None) -> None:
    from .models import MemberRole

    if membership.role != MemberRole.OWNER or new_role == MemberRole.OWNER:
        return
    owners = list(membership.organization.memberships.select_for_update().filter(role=MemberRole.OWNER))
    if len(owners) <= 1:
        raise MembershipError(_("An organization needs at least one owner; make someone else owner first."))


@transaction.atomic
def change_role(membership, role: str) -> None:
    _check_owner_remains(membership, role)
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove_member(membership) -> None:
    _check_owner_remains(membership, None)
    membership.delete()
