from datetime import timedelta

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language, get_language_info, gettext, gettext_lazy

from cop_portal import mail
from cop_portal.i18n import same_site_path

# Said after a text shown in the other language than the page's.
FALLBACK_NOTES = {"en": gettext_lazy("(in English)"), "fr": gettext_lazy("(in French)")}

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A button per language posting to the switch view, which remembers the choice and
    opens this same page (path and query string) in it; a plain form, no JavaScript."""
    current = get_language()
    languages = [
        {"code": code, "name": get_language_info(code)["name_local"], "current": code == current}
        for code, _name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "next": same_site_path(context.get("request")),
        "csrf_token": context.get("csrf_token", ""),
    }


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
        sanitised_html.replace('href="/', f'href="{mail.absolute_url("/")}')
    )


@register.filter
def absolute_markdown_links(source: str) -> str:
    """A post's Markdown source for a plain-text email, its site-relative links made
    absolute: "[the report](/evidence/3/)" becomes "[the report](https://.../evidence/3/)"."""
    return source.replace("](/", f"]({mail.absolute_url('/')}")


@register.filter
def ago(value) -> str:
    """How long ago, in words: "5 minutes ago", or "just now" under a minute, where
    timesince alone would say "0 minutes"."""
    if not value:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(when)s ago") % {"when": timesince(value)}


@register.simple_tag
def absolute_url(viewname: str, *args) -> str:
    """`{% url %}` for email: the whole address, in the language the email is written in."""
    return mail.reverse_absolute(viewname, args=args or None)
