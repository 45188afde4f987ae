import hashlib
import re

from django import template
from django.core.cache import caches
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


# A post's head and body (author, dates, the rendered text) depend only on the values below,
# so they are kept in the "pages" cache for 10 minutes. A thread page reads all its posts'
# fragments in one round trip ({% prefetch_post_heads %}) instead of one per post.
POST_HEAD_SECONDS = 600


def post_head_key(post, *, can_moderate: bool, language: str) -> str:
    reply_to_name = ""
    if post.reply_to_id and post.reply_to is not None and post.reply_to.author is not None:
        reply_to_name = post.reply_to.author.display_name
    author = post.author
    varies = (
        post.pk,
        post.author_id,
        author.display_name if author else "",
        author.handle if author else "",
        author.is_active if author else False,
        post.created_at,
        post.edited_at,
        post.deleted_at,
        post.hidden,
        bool(can_moderate),
        getattr(post, "shown_flat", False),
        post.reply_to_id,
        reply_to_name,
        post.body_html,
        language,
    )
    digest = hashlib.md5(repr(varies).encode(), usedforsecurity=False).hexdigest()
    return f"post_head:{post.pk}:{digest}"


@register.simple_tag(takes_context=True)
def prefetch_post_heads(context, posts, can_moderate) -> str:
    """Read the kept heads of these posts in one cache call, for {% post_head %} below."""
    request = context.get("request")
    if request is None:
        return ""
    language = get_language()
    keys = [
        post_head_key(post, can_moderate=can_moderate, language=language)
        for post in posts
        if post is not None
    ]
    request._post_heads = caches["pages"].get_many(keys) if keys else {}
    return ""


class PostHeadNode(template.Node):
    def __init__(self, nodelist, post, can_moderate):
        self.nodelist, self.post, self.can_moderate = nodelist, post, can_moderate

    def render(self, context):
        post = self.post.resolve(context)
        key = post_head_key(
            post, can_moderate=self.can_moderate.resolve(context), language=get_language()
        )
        request = context.get("request")
        fetched = getattr(request, "_post_heads", None)
        if fetched is not None and key in fetched:
            return fetched[key]
        cache = caches["pages"]
        value = cache.get(key) if fetched is None else None
        if value is None:
            value = self.nodelist.render(context)
            cache.set(key, value, POST_HEAD_SECONDS)
        return value


@register.tag
def post_head(parser, token):
    """{% post_head post can_moderate %}…{% endpost_head %}: the fragment kept per post_head_key."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% post_head post can_moderate %}")
    nodelist = parser.parse(("endpost_head",))
    parser.delete_first_token()
    return PostHeadNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
