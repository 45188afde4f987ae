"""A fixed-window counter in the cache (Redis in production), shared by every process."""

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address as allauth sees it: behind TRUSTED_PROXY_COUNT proxies, taken
    from X-Forwarded-For, so that one proxy's address is not everyone's."""
    return get_adapter(request).get_client_ip(request)


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt; return False when the attempt goes over `limit` in `period` seconds."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period)
        return True
    return count <= limit
