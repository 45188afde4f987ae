"""System checks for settings that work in development but fail a real deployment."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def rate_limits_need_redis(app_configs, **kwargs):
    """Without Redis the cache lives in each process's memory, so every gunicorn worker
    keeps its own rate-limit counters and a limit of 5 lets through 5 per worker."""
    if settings.REDIS_URL:
        return []
    return [
        Warning(
            "REDIS_URL is empty: rate limits (contact form, posts, allauth) are counted "
            "per process and Celery tasks run inside the web request.",
            hint="Set REDIS_URL, e.g. redis://127.0.0.1:6379/0.",
            id="cop_portal.W001",
        )
    ]
