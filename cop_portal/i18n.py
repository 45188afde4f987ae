"""The language switch: the reader's choice is remembered, then the same page opens in it."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_POST

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def same_site_path(request) -> str:
    """The requested page as a path on this site, with its query. A request for
    //evil.example/en/ has that as its path; written into a link as it is, it would be a
    scheme-relative address of another site, so leading slashes (and backslashes, which
    browsers read as slashes) collapse to one."""
    if request is None:
        return "/"
    path = escape_uri_path("/" + request.path.lstrip("/\\"))
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


def path_in_language(path: str, code: str, current: str) -> str:
    """The same page in another language: through the URL patterns when the path resolves,
    else (a page not found) by its language prefix; never anything but a same-site path."""
    url = translate_url(path, code)
    prefix = f"/{current}/"
    if url == path and code != current and path.startswith(prefix):
        url = f"/{code}/{path.removeprefix(prefix)}"
    if not url.startswith("/") or url[1:2] in ("/", "\\"):
        url = f"/{code}/"
    return url


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
    current = get_language_from_path(target) or language
    response = HttpResponseRedirect(path_in_language(target, language, current))
    response.status_code = 303
    remember_language(response, language)
    return response
