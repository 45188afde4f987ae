"""Forms that replace allauth's own (settings.ACCOUNT_FORMS).

They live apart from members/forms.py: allauth's forms module imports that module (for
ACCOUNT_SIGNUP_FORM_CLASS), so it cannot import allauth's forms back."""

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms


class ResetPasswordForm(AllauthResetPasswordForm):
    """Answers alike for every address, so the form cannot tell whether an account exists.

    ACCOUNT_PREVENT_ENUMERATION stays off so that sign-up may say an address is taken;
    here an unknown address is accepted like a known one, and allauth mails it its
    "unknown account" note instead of a reset link."""

    def clean_email(self) -> str:
        self.users = None
        try:
            return super().clean_email()
        except forms.ValidationError:
            if self.users == []:  # looked up, no account: allauth's "unknown_email"
                return self.cleaned_data["email"]
            raise
