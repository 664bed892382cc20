"""The second factor at sign-in (issue 26): who must have one, whether they do, and the demo's enrolment.

django-allauth's MFA keeps the authenticators (an authenticator app, passkeys and security keys, recovery codes) and
asks for one after the password (``accounts.views.SignInView``). The people who approve, sign or release money, the
Board and the admins must enrol before any other page (``accounts.middleware.SecondFactorMiddleware``); applicants,
port representatives and inspectors may.
"""

from allauth.mfa.models import Authenticator

from .roles import Role

SECOND_FACTOR_ROLES = frozenset({Role.STAFF, Role.SIGNATORY, Role.SUPERVISOR, Role.FINANCE, Role.BOARD_MEMBER})
"""Staff approve, signatories sign for the district, supervisors give second approvals, finance releases payments, the Board decides; admins (``is_staff`` or
``is_superuser``) are counted by ``requires_second_factor``."""

SIGNING_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
"""What is asked for at sign-in; recovery codes stand in for either when the phone or key is lost."""


def requires_second_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=[role.value for role in SECOND_FACTOR_ROLES]).exists()


def has_second_factor(user) -> bool:
    return user.is_authenticated and Authenticator.objects.filter(user=user, type__in=SIGNING_FACTORS).exists()


def enrol_authenticator_app(user, secret: str) -> None:
    """An authenticator app with a known secret, and recovery codes (``seed_demo`` for the district's demo accounts,
    which print the secret; never a real account). Idempotent."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
