from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import Group
from django.shortcuts import redirect, render

from .forms import RegistrationForm
from .roles import Role


def register(request):
    """Anyone may register; a new account is an applicant."""
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.groups.add(Group.objects.get(name=Role.APPLICANT.value))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your applicant account is ready.")
        return redirect("home")
    return render(request, "registration/register.html", {"form": form})
