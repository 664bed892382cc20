"""django-allauth's hooks, set to the portal's ways (issue 26): allauth signs nobody up (registration is
``accounts.views.register``), names the site "Clean Air Grants" to authenticator apps and security keys, and keeps a
required second factor from being removed."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings

from . import mfa


class PortalAccountAdapter(DefaultAccountAdapter):
    QUIET = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}
    """Signing in and out says nothing, as before allauth: the page itself shows who is signed in."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        if message_template not in self.QUIET:
            super().add_message(request, level, message_template, *args, **kwargs)


class PortalMFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self) -> str:
        return settings.MFA_TOTP_ISSUER

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Someone who must have a second factor keeps at least one they sign in with."""
        if authenticator.type not in mfa.SIGNING_FACTORS or not mfa.requires_second_factor(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=mfa.SIGNING_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
