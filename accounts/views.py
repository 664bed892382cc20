"""Accounts: registration with e-mail verification, sign-in by e-mail or user name, password reset, the
organization's members, the language switch, and the page of a paused sign-in."""

# allauth's password-login flow (pinned version, pyproject.toml): it records the password step, so enrolling a factor
# right after signing in does not ask for the password again, and runs the MFA stage.
from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST
from rest_framework.throttling import AnonRateThrottle

from . import emails, mfa, selectors, services, throttles
from .forms import MemberForm, RegistrationForm, RoleForm, SignInForm
from .models import MemberRole
from .tokens import email_verification_token


def _next_url(request, default: str) -> str:
    """Where the person was going before being asked to sign in or register (same site only)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class RegistrationThrottle(AnonRateThrottle):
    """Registrations per address (REST_FRAMEWORK's "register" rate): trying names and e-mails is slow."""

    scope = "register"


def register(request):
    """Anyone may register; a new account is an applicant and the owner of a new organization. The answer is the same
    whether or not the e-mail address has an account (issue 26): "check your e-mail". A new account opens from the
    link in that e-mail; the owner of an address already registered is told how to sign in instead."""
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and not RegistrationThrottle().allow_request(request, None):
        return render(
            request, "registration/register.html", {"form": RegistrationForm(), "throttled": True}, status=429
        )
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.email_taken:
            make_password(data["password1"])  # as long as a new account takes
            for user in get_user_model().objects.filter(email__iexact=data["email"]):
                emails.send_registration_attempt(request, user)
        else:
            user = services.register_applicant(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organization_name=data["organization_name"],
                language=(get_language() or "en")[:2],
            )
            emails.send_verification(request, user, next_url=_next_url(request, ""))
        return render(request, "registration/check_email.html", {"email": data["email"]})
    return render(request, "registration/register.html", {"form": form, "next": _next_url(request, "")})


class SignInView(auth_views.LoginView):
    """The password first (django-axes counts the failures), then allauth's login stages: a second factor for
    anyone who has one (``mfa_authenticate``) before the session is signed in (issue 26)."""

    form_class = SignInForm

    def post(self, request, *args, **kwargs):
        """Past SIGN_IN_FAILURES_PER_ADDRESS from one network address, whatever the user names, sign-in from there
        pauses for the rest of the hour (django-axes pauses one account after AXES_FAILURE_LIMIT)."""
        if throttles.exhausted(
            "sign-in-failures", throttles.client_address(request), settings.SIGN_IN_FAILURES_PER_ADDRESS
        ):
            limit, seconds = throttles.parse_rate(settings.SIGN_IN_FAILURES_PER_ADDRESS)
            context = {"failure_limit": limit, "minutes": seconds // 60, "username": ""}
            return render(request, "registration/locked_out.html", context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.data.get("username") and form.data.get("password") and not getattr(self.request, "axes_locked_out", 0):
            throttles.take(
                "sign-in-failures", throttles.client_address(self.request), settings.SIGN_IN_FAILURES_PER_ADDRESS
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        credentials = {"username": form.cleaned_data["username"]}
        return perform_password_login(self.request, credentials, Login(user=user, redirect_url=self.get_success_url()))


def verify_email(request, uidb64, token):
    """The link in the verification e-mail: it confirms the address (and opens a new account), and signs its reader
    in when nobody is signed in and the account has no second factor to ask for."""
    try:
        user = get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is not None and services.profile_of(user).email_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
        return redirect("applications:list" if request.user.is_authenticated else "login")
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "registration/verify_failed.html", status=400)
    services.confirm_registration(user)
    if request.user.is_anonymous and not mfa.has_second_factor(user):
        login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
    messages.success(request, _("Thank you: %(email)s is confirmed.") % {"email": user.email})
    if request.user != user:
        return redirect("login")
    return redirect(_next_url(request, reverse("applications:list")))


@login_required
@require_POST
def resend_verification(request):
    if services.profile_of(request.user).email_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
    else:
        emails.send_verification(request, request.user)
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
    return redirect(_next_url(request, reverse("applications:list")))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, written in the reader's language. The answer is the same whether or not an account
    has the address; at most PASSWORD_RESET_MAIL_PER_ADDRESS messages go to one address, and requests from one network
    address past PASSWORD_RESET_REQUESTS_PER_CLIENT send nothing (issue 26: the mail could be flooded)."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        client = throttles.take(
            "reset-requests", throttles.client_address(self.request), settings.PASSWORD_RESET_REQUESTS_PER_CLIENT
        )
        if client and throttles.take(
            "reset-mail", form.cleaned_data["email"], settings.PASSWORD_RESET_MAIL_PER_ADDRESS
        ):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also confirms the address, and signs the person in."""

    post_reset_login = True
    post_reset_login_backend = "accounts.backends.EmailOrUsernameBackend"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # Someone with a second factor signs in through the sign-in page, code included (issue 26): a reset link
        # alone never opens their session.
        self.post_reset_login = not mfa.has_second_factor(form.user)
        response = super().form_valid(form)
        services.mark_email_verified(form.user)
        return response


@require_POST
def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept for the e-mails they receive."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_language(request.user, language)
    return response


@login_required
def organizations(request):
    memberships = list(selectors.memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("organization", pk=memberships[0].organization_id)
    return render(request, "accounts/organizations.html", {"memberships": memberships})


def _membership_or_404(request, pk):
    membership = selectors.memberships_of(request.user).filter(organization_id=pk).first()
    if membership is None:
        raise Http404(_("You are not a member of this organization."))
    return membership


@login_required
def organization(request, pk):
    """Members of an organization; its owners add, change and remove them."""
    mine = _membership_or_404(request, pk)
    organization = mine.organization
    is_owner = mine.role == MemberRole.OWNER
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        if not is_owner:
            raise Http404(_("Only owners manage members."))
        if form.is_valid():
            try:
                membership, created = services.add_member(
                    organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    added_by=request.user,
                )
            except services.MembershipError as error:
                form.add_error("email", str(error))
            else:
                if created:
                    emails.send_invitation(request, membership)
                else:
                    emails.send_membership_notice(request, membership)
                messages.success(
                    request,
                    _("%(email)s added as %(role)s; we e-mailed them.")
                    % {"email": membership.user.email, "role": membership.get_role_display().lower()},
                )
                return redirect("organization", pk=organization.pk)
    members = organization.memberships.select_related("user", "user__profile").order_by("role", "user__email")
    return render(
        request,
        "accounts/organization.html",
        {
            "organization": organization,
            "mine": mine,
            "is_owner": is_owner,
            "form": form,
            "members": [
                (member, RoleForm(initial={"role": member.role}, prefix=f"m{member.pk}")) for member in members
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def _managed_membership(request, pk, membership_pk):
    mine = _membership_or_404(request, pk)
    if mine.role != MemberRole.OWNER:
        raise Http404(_("Only owners manage members."))
    return get_object_or_404(mine.organization.memberships.select_related("user"), pk=membership_pk)


@login_required
@require_POST
def change_member_role(request, pk, membership_pk):
    membership = _managed_membership(request, pk, membership_pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"])
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s.")
                % {"email": membership.user.email, "role": membership.get_role_display().lower()},
            )
    return redirect("organization", pk=pk)


@login_required
@require_POST
def remove_member(request, pk, membership_pk):
    membership = _managed_membership(request, pk, membership_pk)
    try:
        services.remove_member(membership)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(email)s removed from %(organization)s.")
            % {"email": membership.user.email, "organization": membership.organization.name},
        )
    if membership.user == request.user:
        return redirect("home")
    return redirect("organization", pk=pk)


def locked_out(request, credentials, *args, **kwargs):
    """django-axes' answer to a paused sign-in: what happened and what to do next (429)."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": round(settings.AXES_COOLOFF_TIME * 60),
            "username": (credentials or {}).get("username", ""),
        },
        status=429,
    )
