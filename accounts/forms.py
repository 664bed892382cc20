from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm


class RegistrationForm(UserCreationForm):
    email = forms.EmailField(required=True)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email", "first_name", "last_name")

    TAKEN = ("This user name or e-mail address cannot be registered. Choose another user name; if you already "
             "have an account, sign in instead.")

    taken = False
    """Whether the user name or the e-mail belongs to an account: one message for both, never saying which."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            self.taken = True
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            self.taken = True
        return email

    def clean(self):
        cleaned = super().clean()
        if self.taken:
            raise forms.ValidationError(self.TAKEN, code="taken")
        return cleaned

    def validate_unique(self):
        """Uniqueness is checked above, with a message that does not tell which of the two exists."""
