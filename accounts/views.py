from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.shortcuts import redirect, render
from rest_framework.throttling import AnonRateThrottle

from .forms import RegistrationForm
from .roles import Role


class RegistrationThrottle(AnonRateThrottle):
    """Registrations per address (REST_FRAMEWORK's "register" rate): trying names and e-mails is slow."""

    scope = "register"


def register(request):
    """Anyone may register; a new account is an applicant."""
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and not RegistrationThrottle().allow_request(request, None):
        return render(request, "registration/register.html", {"form": RegistrationForm(), "throttled": True},
                      status=429)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and not form.is_valid() and form.taken:
        make_password(request.POST.get("password1", ""))  # as long as a successful registration takes
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.groups.add(Group.objects.get(name=Role.APPLICANT.value))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your applicant account is ready.")
        return redirect("home")
    return render(request, "registration/register.html", {"form": form})


def locked_out(request, credentials, *args, **kwargs):
    """django-axes' answer to a paused sign-in: what happened and what to do next (429)."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": round(settings.AXES_COOLOFF_TIME * 60),
        "username": (credentials or {}).get("username", ""),
    }, status=429)
