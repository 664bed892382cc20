from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """A link that proves the reader holds the account's mailbox; it stops working once the address is verified
    or changed, and after ``PASSWORD_RESET_TIMEOUT`` (3 days)."""

    key_salt = "accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        profile = getattr(user, "profile", None)
        verified = profile.email_verified_at.isoformat() if profile and profile.email_verified_at else ""
        return f"{user.pk}{user.email}{verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()
