"""The one sender: every email the portal writes is rendered in its reader's language,
as plain text with an HTML alternative when the template has one."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *,
    template: str,
    to: Iterable[str],
    language: str,
    context: dict,
    reply_to: Iterable[str] = (),
    headers: dict | None = None,
) -> int:
    """Render templates/emails/<template>/{subject.txt,body.txt[,body.html]} and send."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}/subject.txt", context)
        subject = " ".join(subject.split())
        body = render_to_string(f"emails/{template}/body.txt", context)
        try:
            html = render_to_string(f"emails/{template}/body.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to),
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
