from django.conf import settings
from django.utils import translation

from cop_portal.mail import send_templated_mail
from members import selectors as member_selectors


def contact_message_send(*, name: str, email: str, subject: str, message: str) -> int:
    """Email a contact message to the steering committee, each member in their language.

    Falls back to COP_CONTACT_EMAIL while the committee has nobody in it.
    Returns the number of messages sent.
    """
    context = {"name": name, "email": email, "subject": subject, "message": message}
    by_language: dict[str, list[str]] = {}
    for member in member_selectors.steering_committee_members():
        by_language.setdefault(member.preferred_language, []).append(member.email)
    if not by_language:
        by_language = {
            translation.get_language() or settings.LANGUAGE_CODE: [settings.COP_CONTACT_EMAIL]
        }
    sent = 0
    for language, recipients in sorted(by_language.items()):
        sent += send_templated_mail(
            template="contact",
            to=recipients,
            language=language,
            context=context,
            reply_to=[email],
        )
    return sent
