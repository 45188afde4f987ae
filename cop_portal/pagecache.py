"""A short cache of the pages visitors see, per path and language, dropped on every write.

Visitors (no session cookie, no pending message) read the same home, rooms, room, topic and
organisation pages; rendering each costs several queries and a template. The middleware
keeps a visitor's 200 answer for COP_VISITOR_PAGE_SECONDS (0 turns it off) and serves it to
the next visitor. It never stores or serves a page for a request that carries a session
(members, and anyone with a flash message or a form in progress), nor a response that sets
a cookie or says private/no-store. Every page has a form (the language switcher): the kept
copy holds a placeholder where the CSRF token was, and each visitor gets their own token
(and cookie); a page that shows the token anywhere else is not kept.

Every write drops every cached page at once (a new generation): a saved or deleted row of the
listed apps (signals), and any unsafe request (POST, …) by a signed-in member that did not
fail, which also covers writes made with QuerySet.update(). With Redis as the cache, every
worker sees the new generation; with the in-process cache, another process serves its copy
until it expires, so the time stays short.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from cop_portal.redis_cache import RedisCache

logger = logging.getLogger(__name__)

GENERATION_KEY = "visitor-page:generation"
# Models whose rows visitors' pages show (by app label: cop_portal imports no app).
APPS = {"discussions", "evidence", "events", "members", "taggit"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
TOKEN_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
PLACEHOLDER = b"--visitor-page-csrf-token--"


# A Redis outage (connection refused, timed out, reset) or a missing cache costs renders,
# never a page or a write: the page is rendered as if nothing were kept.
UNREACHABLE = (Exception,)


class FailOpenRedisCache(RedisCache):
    """The "pages" cache on Redis: kept pages and post fragments are an optimisation, so an
    unreachable Redis reads as a miss and a write to it is skipped, with a warning."""

    def _fail_open(self, operation: str, call, default=None):
        try:
            return call()
        except UNREACHABLE:
            logger.warning("Page cache %s skipped: the cache is unreachable", operation)
            return default

    def get(self, key, default=None, version=None):
        return self._fail_open("get", lambda: super(FailOpenRedisCache, self).get(
            key, default, version), default)  # fmt: skip

    def set(self, key, value, timeout=None, version=None):  # noqa: A003
        self._fail_open("set", lambda: super(FailOpenRedisCache, self).set(
            key, value, timeout, version))  # fmt: skip

    def add(self, key, value, timeout=None, version=None):
        return self._fail_open("add", lambda: super(FailOpenRedisCache, self).add(
            key, value, timeout, version), False)  # fmt: skip

    def get_many(self, keys, version=None):
        return self._fail_open("get_many", lambda: super(FailOpenRedisCache, self).get_many(
            keys, version), {})  # fmt: skip

    def delete(self, key, version=None):
        return self._fail_open("delete", lambda: super(FailOpenRedisCache, self).delete(
            key, version), False)  # fmt: skip


def _cache():
    return caches["pages"]


def _seconds() -> int:
    return getattr(settings, "COP_VISITOR_PAGE_SECONDS", 0)


def drop_all() -> None:
    """Start a new generation: every page cached so far is ignored (and expires)."""
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except UNREACHABLE:  # a missing or misconfigured cache: the write goes on
        logger.warning("Kept visitor pages not dropped: the page cache is unreachable")


def _on_write(sender, **kwargs) -> None:
    if sender._meta.app_label in APPS:
        drop_all()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"visitor-page-{signal!r}")


def _visitor(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _key(request, generation: str) -> str:
    where = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"visitor-page:{generation}:{translation.get_language()}:{digest}"


def _storable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.user.is_authenticated
        and not (session is not None and session.modified)
        and not getattr(messages, "_queued_messages", None)
        and not getattr(messages, "_loaded_data", None)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _copy_to_keep(response) -> HttpResponse | None:
    """The response with a placeholder for the CSRF token of its forms, or None when the
    token shows anywhere else (it would be served to every visitor)."""
    content = response.content
    tokens = {match.group(2) for match in TOKEN_INPUT.finditer(content)}
    kept = TOKEN_INPUT.sub(rb"\1" + PLACEHOLDER + rb"\3", content)
    if any(token in kept for token in tokens):
        return None
    copy = HttpResponse(kept, status=response.status_code)
    for header, value in response.items():
        copy[header] = value
    return copy


def _served(request, kept: HttpResponse) -> HttpResponse:
    if PLACEHOLDER in kept.content:
        # This visitor's own token; the CSRF middleware sets their cookie on the way out.
        kept.content = kept.content.replace(PLACEHOLDER, get_token(request).encode())
    return kept


class VisitorPageCacheMiddleware:
    """Innermost but one: after auth, locale and messages; the outer middleware (security,
    CSP, CSRF) still adds its headers to a cached answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds()
        if not seconds or not _visitor(request):
            response = self.get_response(request)
            # A member's write (visitors' forms, the language switch and the contact form,
            # change nothing a page shows; signing up or in saves rows, caught above).
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
            if request.method in UNSAFE and response.status_code < 400 and signed_in:
                drop_all()
            return response
        try:
            cache = _cache()
            generation = cache.get(GENERATION_KEY)
            if generation is None:
                generation = uuid.uuid4().hex
                cache.add(GENERATION_KEY, generation, None)
                generation = cache.get(GENERATION_KEY, generation)
            key = _key(request, generation)
            cached = cache.get(key)
        except UNREACHABLE:
            logger.warning("Visitor page rendered: the page cache is unreachable")
            return self.get_response(request)
        if cached is not None:
            return _served(request, cached)
        response = self.get_response(request)
        if _storable(request, response):
            kept = _copy_to_keep(response)
            if kept is not None:
                cache.set(key, kept, seconds)
        return response
