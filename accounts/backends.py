from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with either the user name or the e-mail address (issue 14: "sign-in by e-mail or user name").

    The user name is tried first; an e-mail address signs in only when exactly one account has it, so an
    address shared by two old accounts never opens the wrong one.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        users = get_user_model()._default_manager
        if username and "@" in username and not users.filter(username=username).exists():
            matches = list(users.filter(email__iexact=username.strip())[:2])
            if len(matches) == 1:
                username = matches[0].get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
