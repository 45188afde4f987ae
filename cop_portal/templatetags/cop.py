from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.urls import translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext_lazy

# Said after a text shown in the other language than the page's.
FALLBACK_NOTES = {"en": gettext_lazy("(in English)"), "fr": gettext_lazy("(in French)")}

register = template.Library()


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


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to the same page in every language; plain links, so no JavaScript is needed."""
    path = same_site_path(context.get("request"))
    current = get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": path_in_language(path, code, current),
                "current": code == current,
            }
        )
    return {"languages": languages}


@register.simple_tag
def in_language(obj, field: str, lines: bool = False):
    """A translated content field in the reader's language; when only the other language
    has it, that text, marked with its language, and a note saying which it is."""
    current = get_language()
    codes = [current] + [code for code, _name in settings.LANGUAGES if code != current]
    for code in codes:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            break
    else:
        return ""
    text = linebreaksbr(value, autoescape=True) if lines else conditional_escape(value)
    if code == current:
        return text
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-note">{}</small>',
        code,
        text,
        FALLBACK_NOTES[code],
    )


@register.filter
def absolute_links(sanitised_html: str) -> str:
    """Stored, already sanitised HTML with its site-relative links made absolute, for email:
    a mail client has no page address to resolve "/members/12/" against."""
    return mark_safe(  # noqa: S308 - the input is markdown.render_markdown's sanitised output
        sanitised_html.replace('href="/', f'href="{settings.SITE_URL}/')
    )
