"""Who applies: organizations (the fleet) with their members, and each person's account settings.

"Applicants are required to perform the first and final steps of initiating and submitting applications;
however, the application may be filled in by a third-party consultant" (001_ea26778b00a7e017.txt, PA2026-02
Section 3 "Application Submission"). So an organization's owner and staff start, sign, submit and withdraw its
applications; a consultant prepares them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """The applicant: a fleet, business or agency. Its applications belong to it, not to one person."""

    name = models.CharField(_("organization name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        # Staff search by any part of the name, fast at 100,000 applications (issue 15): migration 0002 adds a
        # trigram index on UPPER(name), what ``name__icontains`` compares (PostgreSQL only; raw SQL, as Django
        # 5.2 writes an operator class on an expression in parentheses PostgreSQL refuses).
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")
    CONSULTANT = "consultant", _("Consultant")


APPLICANT_ROLES = (MemberRole.OWNER, MemberRole.STAFF)
"""The applicant's own people: they perform the first and final steps (start, sign and submit, withdraw)."""


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.organization}"

    @property
    def acts_for_applicant(self) -> bool:
        return self.role in APPLICANT_ROLES


class Profile(models.Model):
    """Per-person settings: whether the e-mail address is verified, and the language e-mails are written in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    email_verified_at = models.DateTimeField(null=True, blank=True)
    verified_email = models.EmailField(blank=True, help_text="The address that was verified.")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    title = models.CharField(
        _("title"),
        max_length=150,
        blank=True,
        help_text=_("The title a signatory signs in, printed on the agreements they countersign."),
    )

    def __str__(self) -> str:
        return f"{self.user} profile"

    @property
    def email_verified(self) -> bool:
        """Verified, and still the account's address (changing the address asks again)."""
        return bool(self.email_verified_at) and self.verified_email.lower() == self.user.email.lower()
