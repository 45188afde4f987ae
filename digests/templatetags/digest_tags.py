from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cop_portal import mail

register = template.Library()


@register.filter
def full_url(obj) -> str:
    """An object's page as a whole address, in the language the email is written in.
    Kept on the object per language: a chunk's members share most topics and events."""
    urls = obj.__dict__.setdefault("_digest_urls", {})
    language = get_language()
    if language not in urls:
        urls[language] = mail.absolute_url(obj.get_absolute_url())
    return urls[language]


def _key_part(value):
    if isinstance(value, list | tuple):
        return tuple(getattr(item, "pk", item) for item in value)
    return getattr(value, "pk", value)


@register.simple_tag(takes_context=True)
def snippet(context, name: str, obj, **extra):
    """Render `name` for `obj` once per language and arguments, however many of the chunk's
    members show it: a digest is mostly the same posts, topics and events as its
    neighbours', and rendering them is most of a digest's cost."""
    cache = obj.__dict__.setdefault("_digest_snippets", {})
    key = (name, get_language(), tuple(sorted((k, _key_part(v)) for k, v in extra.items())))
    if key not in cache:
        rendered = get_template(name).template.render(
            template.Context({"obj": obj, **extra}, autoescape=context.autoescape)
        )
        cache[key] = mark_safe(rendered)  # noqa: S308 - a template's own (escaped) output
    return cache[key]
