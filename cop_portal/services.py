import uuid

from django.conf import settings
from django.db import transaction
from django.utils import translation

from cop_portal.mail import queue_templated_mail
from members import selectors as member_selectors


@transaction.atomic
def contact_message_send(*, name: str, email: str, subject: str, message: str) -> int:
    """Queue a contact message to the steering committee: one email per member, each in their
    language, so nobody sees the others' addresses. Falls back to COP_CONTACT_EMAIL while the
    committee has nobody in it. Returns the number of emails queued."""
    context = {"name": name, "email": email, "subject": subject, "message": message}
    recipients = [
        (member.email, member.preferred_language)
        for member in member_selectors.steering_committee_members()
        if member.email
    ]
    if not recipients:
        recipients = [
            (settings.COP_CONTACT_EMAIL, translation.get_language() or settings.LANGUAGE_CODE)
        ]
    submission = uuid.uuid4()
    for address, language in recipients:
        queue_templated_mail(
            key=f"contact:{submission}:{address}",
            template="contact",
            to=address,
            language=language,
            context=context,
            reply_to=[email],
        )
    return len(recipients)
