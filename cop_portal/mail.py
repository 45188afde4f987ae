"""The one sender: every email the portal writes is rendered in its reader's language,
as plain text with an HTML alternative when the template has one."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


def _render_text(name: str, context: dict) -> str:
    """Plain-text parts are not HTML: nothing in them is escaped (O'Brien stays O'Brien)."""
    return get_template(name).template.render(Context(context, autoescape=False))


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
        subject = " ".join(_render_text(f"emails/{template}/subject.txt", context).split())
        body = _render_text(f"emails/{template}/body.txt", context)
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
