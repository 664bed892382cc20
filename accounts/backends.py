from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def account_username(given: str | None) -> str | None:
    """The user name of the account a sign-in names: an e-mail address stands for the one account that has it
    (matched without regard to case), anything else is the user name as typed."""
    if not given or "@" not in given:
        return given
    users = get_user_model()._default_manager
    if users.filter(username=given).exists():
        return given
    matches = list(users.filter(email__iexact=given.strip()).values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else given


def axes_username(request, credentials) -> str | None:
    """django-axes counts failures per account (``AXES_USERNAME_CALLABLE``): "maria@fleet.example",
    "MARIA@fleet.example" and "maria" are one account, so switching between them never earns more attempts."""
    return account_username((credentials or {}).get("username"))


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with either the user name or the e-mail address (issue 14: "sign-in by e-mail or user name").

    The user name is tried first; an e-mail address signs in only when exactly one account has it, so an
    address shared by two old accounts never opens the wrong one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(request, username=account_username(username), password=password, **kwargs)
