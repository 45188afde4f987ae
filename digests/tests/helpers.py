"""A small community with a week of activity, for the digest tests."""

from datetime import timedelta

from django.utils import timezone

from digests import services
from discussions.models import Post, Subscription
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory


def watcher_with_news(*, language="en", **kwargs):
    """A member watching a topic in which someone else replied since."""
    member = MemberFactory(preferred_language=language, **kwargs)
    room = RoomFactory()
    topic = make_topic(room=room, author=MemberFactory(), title="Paying vaccinators")
    Subscription.objects.get_or_create(member=member, topic=topic)
    make_reply(topic=topic, author=MemberFactory(display_name="Kwame Asante"), body="M-Pesa works.")
    return member, topic


def age_posts(days: int = 1) -> None:
    """Everything written so far happened `days` ago (the run's cutoff is now)."""
    Post.objects.update(created_at=timezone.now() - timedelta(days=days))


def run_period(period="2026-W48", capture=None, **kwargs):
    """Start the period and run its chunks (eagerly, after the commit)."""
    if capture is None:
        return services.digest_run_start(period=period, **kwargs)
    with capture(execute=True):
        return services.digest_run_start(period=period, **kwargs)
