"""Two checks on every signed-in request (issue 26): a district session ends after a working day and after idle
time, and someone who must have a second factor enrols before any other page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from . import mfa
from .roles import is_district

SIGNED_IN_AT = "accounts.signed_in_at"
LAST_SEEN = "accounts.last_seen"
DISTRICT = "accounts.district"
ENROLLED = "accounts.second_factor"
LAST_SEEN_GRANULARITY = 60  # seconds: the session is written at most once a minute for its idle clock


def start_session_clock(sender, request, user, **kwargs):
    """``user_logged_in``: the working day starts at sign-in."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session.pop(DISTRICT, None)
    request.session.pop(ENROLLED, None)


def _cached(request, key, compute) -> bool:
    """A verdict about the signed-in person kept in their session (it is cleared at every sign-in)."""
    if key not in request.session:
        request.session[key] = compute(request.user)
    return request.session[key]


class SessionAgeMiddleware:
    """District roles (``accounts.roles.DISTRICT_ROLES``, admins) are signed out DISTRICT_SESSION_HOURS after
    signing in, or after DISTRICT_SESSION_IDLE_MINUTES without a request; applicants keep SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and _cached(request, DISTRICT, is_district):
            now = time.time()
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            day = settings.DISTRICT_SESSION_HOURS * 3600
            idle = settings.DISTRICT_SESSION_IDLE_MINUTES * 60
            if now - signed_in_at > day or now - last_seen > idle:
                logout(request)
                if now - signed_in_at > day:
                    message = _("You were signed out after %(hours)s hours. Please sign in again.") % {
                        "hours": f"{settings.DISTRICT_SESSION_HOURS:g}"
                    }
                else:
                    message = _("You were signed out after %(minutes)s minutes without activity. Please sign in again.")
                    message %= {"minutes": f"{settings.DISTRICT_SESSION_IDLE_MINUTES:g}"}
                messages.info(request, message)
                return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
            if now - last_seen >= LAST_SEEN_GRANULARITY or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
                # The stored session ends soon after too (a little later, so that this check says why).
                request.session.set_expiry(int(min(idle, day - (now - signed_in_at))) + 2 * LAST_SEEN_GRANULARITY)
        return self.get_response(request)


ENROLLMENT_PAGES = {"logout", "account_logout", "set_language", "account_reauthenticate"}


class SecondFactorMiddleware:
    """Staff, finance, the Board and admins (``accounts.mfa.requires_second_factor``) without an authenticator app or
    security key are sent to enrol before any page but enrolment itself, sign-out and the language switch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not _cached(request, ENROLLED, self._settled) and self._guarded(request):
            if mfa.has_second_factor(request.user):
                request.session[ENROLLED] = True
            else:
                messages.info(
                    request,
                    _(
                        "Your role approves, signs or releases money: add an authenticator app or a security key "
                        "before you continue. You will enter its code after your password at each sign-in."
                    ),
                    fail_silently=True,
                )
                return redirect("mfa_index")
        return self.get_response(request)

    @staticmethod
    def _settled(user) -> bool:
        """True when nothing is owed: no second factor required, or one is enrolled."""
        return not mfa.requires_second_factor(user) or mfa.has_second_factor(user)

    @staticmethod
    def _guarded(request) -> bool:
        if request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return False
        try:
            name = resolve(request.path_info).url_name or ""
        except Resolver404:
            return True
        return not (name in ENROLLMENT_PAGES or name.startswith("mfa_"))
