"""allauth's and django-countries' strings whose French the portal corrects (agreement, ’,
typography, glossary).

Never imported: `makemessages` finds these gettext_noop calls, so the entries stay in the
project's catalogue, which Django reads before the packages' own.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = [
    # django-countries writes a straight apostrophe.
    gettext_noop("Côte d'Ivoire"),
    # The sign-in field: django.contrib.auth's catalogue says « Courriel ».
    gettext_noop("Email"),
    # Translators: allauth's template puts a colon straight after these labels, so the
    # French ends with a no-break space (U+00A0) to read « Adresse actuelle : ».
    gettext_noop("Current email"),
    gettext_noop("Changing to"),
    gettext_noop("Change to"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Forgot your password?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it."
    ),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    gettext_noop("Please type your current password."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. "
        "Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, check "
        "your spam folder. Please contact us if you do not receive the verification email "
        "within a few minutes."
    ),
]
