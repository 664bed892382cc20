from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from core.forms import SiteVoice

from .models import MemberRole


class RegistrationForm(UserCreationForm):
    organization_name = forms.CharField(
        label=_("Organization or business name"),
        max_length=200,
        help_text=_("The fleet, business or agency that applies. You can add your staff and a consultant later."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=True,
        help_text=_("We send a link to confirm it, and password resets go here."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ("organization_name", "first_name", "last_name", "email", "username", "password1", "password2")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email", "first_name", "last_name")

    USERNAME_TAKEN = _("This user name is taken. Choose another.")

    email_taken = False
    """Whether the e-mail address already has an account: never said on the page (issue 26), the owner of the
    address is told by e-mail instead (``accounts.views.register``)."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(self.USERNAME_TAKEN, code="taken")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        self.email_taken = get_user_model().objects.filter(email__iexact=email).exists()
        return email

    def validate_unique(self):
        """Uniqueness is checked above: a taken user name is said (it names nobody), a taken address is not."""


class SignInForm(AuthenticationForm):
    """Django's sign-in form, taking the user name or the e-mail address (``accounts.backends``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or user name")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.error_messages["invalid_login"] = _(
            "That e-mail address or user name and password do not match an account. Both are case-sensitive "
            "except the e-mail address."
        )


class MemberForm(SiteVoice, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        initial=MemberRole.STAFF,
        help_text=_(
            "Owners and staff start, sign, submit and withdraw applications and owners "
            "manage members; a consultant fills in applications but cannot submit them."
        ),
    )


class RoleForm(SiteVoice, forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=MemberRole.choices, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
