"""The header's unread badge is cached per member for a minute, yet always tells the truth:
a new notification, a line read, everything read or a flag to moderators shows at once."""

import re

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import Notification
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LIST = reverse("discussions:notification-list")


def _badge(client) -> int:
    found = re.search(r'class="badge">(\d+)<', client.get("/en/members/").content.decode())
    return int(found.group(1)) if found else 0


def test_the_badge_counts_a_new_notification_at_once(client, member):
    topic = make_topic(author=member, title="Paying vaccinators")
    client.force_login(member)
    assert _badge(client) == 0
    make_reply(topic=topic, author=MemberFactory())
    assert _badge(client) == 1
    make_reply(topic=make_topic(author=member), author=MemberFactory())
    assert _badge(client) == 2


def test_the_badge_drops_as_soon_as_a_line_or_everything_is_read(client, member):
    make_reply(topic=make_topic(author=member), author=MemberFactory())
    make_reply(topic=make_topic(author=member), author=MemberFactory())
    client.force_login(member)
    assert _badge(client) == 2

    latest = Notification.objects.filter(recipient=member).order_by("-pk").first()
    client.get(reverse("discussions:notification-open", args=[latest.pk]))
    assert _badge(client) == 1

    services.notifications_mark_read(member=member)
    assert _badge(client) == 0


def test_a_moderators_badge_counts_a_new_flag_at_once(client, moderator):
    post = make_reply(topic=make_topic(), author=MemberFactory())
    client.force_login(moderator)
    before = _badge(client)
    services.flag_create(post=post, reporter=MemberFactory(), reason="spam")
    assert _badge(client) == before + 1


def test_a_hidden_post_leaves_the_badge_at_once(client, member, moderator):
    reply = make_reply(topic=make_topic(author=member), author=MemberFactory())
    client.force_login(member)
    assert _badge(client) == 1
    services.post_hide(post=reply, moderator=moderator)
    assert _badge(client) == 0
