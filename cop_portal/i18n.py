"""The language switch: the reader's choice is remembered, then the same page opens in it."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def remember_language(response, language: str) -> None:
    """The language cookie that LocaleMiddleware reads on a visit to an unprefixed address."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def switch_language(request):
    """Save a member's choice to their profile and anyone's to the language cookie, then
    open the page they were on (same path and query string) in that language."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if language not in LANGUAGE_CODES:
        return HttpResponseRedirect(target, status=303)
    member = request.user
    if member.is_authenticated and member.preferred_language != language:
        member.preferred_language = language
        member.save(update_fields=["preferred_language", "updated_at"])
    response = HttpResponseRedirect(translate_url(target, language))
    response.status_code = 303
    remember_language(response, language)
    return response
