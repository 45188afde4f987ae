import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation

from cop_portal import mail
from members.models import Member


class AccountAdapter(DefaultAccountAdapter):
    def post_login(self, request, user, **kwargs):
        """Switch to the member's preferred language as they sign in."""
        language = user.preferred_language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            response["Location"] = translate_url(response["Location"], language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

    def send_mail(self, template_prefix, email, context):
        """allauth's emails go through the portal's outbox like every other: one row, in an
        existing member's own language or, for a newcomer, the page's."""
        member = Member.objects.filter(email__iexact=email).only("preferred_language").first()
        language = member.preferred_language if member else translation.get_language()
        language = language or settings.LANGUAGE_CODE
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        alternatives = getattr(message, "alternatives", [])
        html = next((body for body, kind in alternatives if kind == "text/html"), "")
        if message.content_subtype == "html":
            html, text = message.body, ""
        else:
            text = message.body
        mail.queue_mail(
            key=f"{template_prefix}:{email}:{uuid.uuid4()}",
            to=email,
            language=language,
            subject=message.subject,
            body_text=text,
            body_html=html,
        )
