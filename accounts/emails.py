"""The account e-mails (verification, invitation), in the reader's language, through Django's e-mail framework.

Password-reset e-mails are Django's own (``PasswordResetView``) with this project's templates.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from .services import profile_of
from .tokens import email_verification_token


def _send(user, template: str, context: dict) -> None:
    with translation.override(profile_of(user).language):
        context = {"user": user, "site_name": "Clean Air Grants", **context}
        subject = render_to_string(f"registration/{template}_subject.txt", context).strip()
        body = render_to_string(f"registration/{template}_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _link(request, url_name: str, user, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return request.build_absolute_uri(reverse(url_name, args=[uid, token]))


def send_verification(request, user, next_url: str = "") -> None:
    """The confirmation link; ``next_url`` is where the new applicant was going (the link leads there)."""
    link = _link(request, "verify_email", user, email_verification_token.make_token(user))
    _send(user, "verify", {"link": f"{link}?{urlencode({'next': next_url})}" if next_url else link})


def send_registration_attempt(request, user) -> None:
    """Someone registered with the address of an existing account (issue 26: the page never says so): its owner is
    told how to sign in or reset the password; an account never confirmed gets its confirmation link again."""
    if not profile_of(user).email_verified:
        send_verification(request, user)
        return
    _send(
        user,
        "already_registered",
        {
            "sign_in": request.build_absolute_uri(reverse("login")),
            "reset": request.build_absolute_uri(reverse("password_reset")),
        },
    )


def send_invitation(request, membership) -> None:
    """To a person added to an organization who had no account: a link to choose their password."""
    user = membership.user
    _send(
        user,
        "invitation",
        {
            "membership": membership,
            "inviter": membership.added_by,
            "link": _link(request, "password_reset_confirm", user, default_token_generator.make_token(user)),
        },
    )


def send_membership_notice(request, membership) -> None:
    """To an existing account holder added to an organization."""
    _send(
        membership.user,
        "membership",
        {
            "membership": membership,
            "inviter": membership.added_by,
            "link": request.build_absolute_uri(reverse("applications:list")),
        },
    )
