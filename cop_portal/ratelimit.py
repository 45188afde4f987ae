"""A fixed-window counter in the cache (Redis in production), shared by every process."""

import logging

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address as allauth sees it: behind TRUSTED_PROXY_COUNT proxies, taken
    from X-Forwarded-For, so that one proxy's address is not everyone's."""
    return get_adapter(request).get_client_ip(request)


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt; return False when the attempt goes over `limit` in `period` seconds.
    When the cache cannot be reached the attempt is let through and logged: a store down
    for a few seconds must not turn every reply into an error page."""
    cache_key = f"ratelimit:{key}"
    try:
        return _count(cache_key, limit=limit, period=period)
    except (RedisError, OSError):  # connection refused, timed out, reset
        logger.warning("Rate limit %r not counted: the cache is unreachable", key, exc_info=True)
        return True


def _count(cache_key: str, *, limit: int, period: int) -> bool:
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period)
        return True
    return count <= limit
