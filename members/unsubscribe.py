"""Stopping email without logging in: a signed token per member and scope, the links every
email carries (List-Unsubscribe, the footer) and reading a token back.

The token never expires (an old digest's link must still work) and names only the member and
what to stop; its salt is its own, so no other signed value of the portal is accepted here.
"""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.utils import translation

from cop_portal import mail
from members.models import Member

SALT = "members.unsubscribe"
DIGEST = "digest"
NOTIFICATIONS = "notifications"
ALL = "all"
SCOPES = (DIGEST, NOTIFICATIONS, ALL)


def _language(member: Member) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return member.preferred_language if member.preferred_language in codes else "en"


def unsubscribe_token(member: Member, scope: str) -> str:
    if scope not in SCOPES:
        raise ValueError(f"unknown unsubscribe scope {scope!r}")
    return signing.Signer(salt=SALT).sign_object({"m": member.pk, "s": scope})


def read_token(token: str) -> tuple[int, str] | None:
    """(member pk, scope) from a token, or None when it was forged, altered or cut."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(value, dict):
        return None
    pk, scope = value.get("m"), value.get("s")
    if not isinstance(pk, int) or isinstance(pk, bool) or scope not in SCOPES:
        return None
    return pk, scope


def unsubscribe_url(member: Member, scope: str) -> str:
    """The confirmation page, absolute, in the member's language."""
    with translation.override(_language(member)):
        return mail.reverse_absolute("unsubscribe", args=[unsubscribe_token(member, scope)])


def unsubscribe_address() -> str:
    if settings.COP_UNSUBSCRIBE_EMAIL:
        return settings.COP_UNSUBSCRIBE_EMAIL
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return f"unsubscribe@{address.rpartition('@')[2] or mail.mail_domain()}"


def unsubscribe_mailto(member: Member, scope: str) -> str:
    """A mailto whose subject carries the token (see `manage.py unsubscribe_from_mail`)."""
    subject = quote(f"unsubscribe {unsubscribe_token(member, scope)}", safe=":")
    return f"mailto:{unsubscribe_address()}?subject={subject}"


def preferences_url(member: Member) -> str:
    """The email settings on the member's profile page (login needed), absolute."""
    with translation.override(_language(member)):
        return mail.reverse_absolute("members:profile-edit") + "#id_email_notifications"


def unsubscribe_links(member: Member, scope: str) -> mail.Unsubscribe:
    """What `cop_portal.mail.queue_templated_mail(unsubscribe=...)` needs for this member."""
    return mail.Unsubscribe(
        url=unsubscribe_url(member, scope),
        mailto=unsubscribe_mailto(member, scope),
        preferences_url=preferences_url(member),
    )
