"""What an operator relies on: deployment checks, error reports, a cache outage."""

import logging

import pytest
from django.core import mail
from django.core.checks import Warning, run_checks
from django.urls import reverse

from cop_portal import ratelimit

REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: every cache operation raises ConnectionError.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_deploy_check_warns_when_rate_limits_are_per_process(settings):
    settings.REDIS_URL = ""
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id == "cop_portal.W001"]
    assert len(warnings) == 1 and isinstance(warnings[0], Warning)
    assert "REDIS_URL is empty" in warnings[0].msg


def test_deploy_check_is_silent_about_rate_limits_with_redis(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "cop_portal.W001" not in ids


def test_rate_limit_check_runs_only_for_deployments(settings):
    settings.REDIS_URL = ""
    assert "cop_portal.W001" not in [m.id for m in run_checks()]


def test_rate_limiter_lets_requests_through_and_logs_when_its_store_is_down(settings, caplog):
    settings.CACHES = REDIS_DOWN
    with caplog.at_level(logging.WARNING, logger="cop_portal.ratelimit"):
        allowed = [ratelimit.hit("posts:1", limit=1, period=60) for _ in range(3)]
    assert allowed == [True, True, True]
    assert "Rate limit 'posts:1' not counted: the cache is unreachable" in caplog.text


@pytest.mark.django_db
def test_reply_is_saved_while_the_rate_limit_store_is_down(client, member, settings):
    from discussions.models import Post
    from discussions.tests.factories import make_topic

    topic = make_topic()
    client.force_login(member)
    settings.CACHES = REDIS_DOWN
    url = reverse("discussions:post-reply", args=[topic.room.slug, topic.pk, topic.slug])
    response = client.post(url, {"body": "written while Redis restarts"})
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, body="written while Redis restarts").exists()


def test_admins_come_from_the_environment():
    from cop_portal.tests.test_settings import read_setting

    value = read_setting(
        "settings.ADMINS", {"DEBUG": "true", "ADMINS": "Ops Team <ops@example.org>, b@example.org"}
    )
    assert value == "[('Ops Team', 'ops@example.org'), ('', 'b@example.org')]"


def test_unhandled_error_is_mailed_to_admins(client, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False
    logging.getLogger("django.request").error(
        "Internal Server Error: /en/", extra={"status_code": 500}
    )
    assert [m.to for m in mail.outbox] == [["ops@example.org"]]
    assert "Internal Server Error: /en/" in mail.outbox[0].subject


def test_server_error_page_promises_nothing_it_cannot_know(client):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "has been told" not in html
    assert "Please try again in a few minutes" in html
    assert 'href="/en/contact/"' in html
