import re

from django import template
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language

from cop_portal import links
from discussions import permissions

register = template.Library()


@register.filter
def editable_by(post, member) -> bool:
    return permissions.can_edit_post(member, post)


@register.filter
def reactable_by(post, member) -> bool:
    return permissions.can_react(member, post)


@register.filter
def flaggable_by(post, member) -> bool:
    return permissions.can_flag(member, post)


@register.simple_tag(takes_context=True)
def link_cards(context, thread) -> dict:
    """The cards other apps give for the links in this page's posts ({post pk: [card]}), in
    one call for the page (see cop_portal.links)."""
    posts = [post for post in [thread.opening, *thread.posts] if post and not post.is_deleted]
    cards = links.cards_for([post.body_html for post in posts], reader=context["user"])
    return {post.pk: found for post, found in zip(posts, cards, strict=True) if found}


@register.filter
def cards_of(cards, post) -> list:
    return cards.get(post.pk, []) if cards else []


# Arguments that read the same in a URL as in Python: filled in without reverse().
_PLAIN = re.compile(r"^[-a-zA-Z0-9_]+$")
_routes: dict[tuple, tuple[str, list[str]] | None] = {}


def _marker(position: int, arg) -> str:
    """Digits stand for an int (any converter takes them); letters for a str, so that a
    route with an int converter there refuses the marker and keeps to reverse()."""
    return f"98765{position:04d}56789" if isinstance(arg, int) else f"zqx{position:04d}qxz"


def _route(name: str, args: tuple) -> tuple[str, list[str]] | None:
    kinds = tuple(isinstance(arg, int) for arg in args)
    key = (name, kinds, get_language(), get_script_prefix())
    route = _routes.get(key, False)
    if route is False:
        markers = [_marker(n, arg) for n, arg in enumerate(args)]
        try:
            pattern = reverse(name, args=markers)
        except NoReverseMatch:
            route = None
        else:
            route = (pattern, markers) if all(pattern.count(m) == 1 for m in markers) else None
        _routes[key] = route
    return route


@register.simple_tag(takes_context=True)
def fast_url(context, name: str, *args) -> str:
    """{% url %} for routes a page links to once per post (a thread page links to six for
    each of 50 posts, and reverse() cost ~65 µs each): the route is reversed once per
    language, script prefix and process with placeholder arguments, then each call fills
    the arguments in. Anything that would need quoting goes through reverse()."""
    values = [str(arg) for arg in args]
    if not all(_PLAIN.match(value) for value in values):
        return reverse(name, args=args)
    # The language and prefix are looked up once a request, not once a link.
    request = context.get("request")
    routes = request.__dict__.setdefault("_fast_url_routes", {}) if request is not None else {}
    kinds = tuple(isinstance(arg, int) for arg in args)
    route = routes.get((name, kinds), False)
    if route is False:
        route = routes[(name, kinds)] = _route(name, args)
    if route is None:
        return reverse(name, args=args)
    url, markers = route
    for marker, value in zip(markers, values, strict=True):
        url = url.replace(marker, value)
    return url
