"""A busy thread no longer floods (issue 19): 20 replies in a topic its author watches go
through a real Redis, a real `celery worker` process and a real SMTP server, and the author
gets one email until they visit the topic, then one more folding what came since.
Needs PostgreSQL (the worker process shares the test database) and REDIS_URL (CI has both);
the test starts its own redis-server, so the suite's Redis is not touched."""

import time
from email.header import decode_header, make_header

import pytest
from django.test import Client

from discussions.models import Notification, Subscription
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory
from tests.integration.harness import wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _text(message) -> str:
    """The plain-text part, as a reader's mail client shows it."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def _settled(server, seconds: float = 3.0) -> int:
    """How many messages arrived, once nothing more arrives for `seconds`."""
    seen = -1
    while seen != len(server.inbox.messages):
        seen = len(server.inbox.messages)
        time.sleep(seconds)
    return seen


def test_twenty_replies_in_a_watched_topic_make_one_email_until_the_member_visits(
    settings, smtp, workers
):
    settings.COP_NOTIFICATION_EMAIL_DELAY = 0.3  # the web side's countdown
    workers(COP_NOTIFICATION_EMAIL_DELAY=0.3)
    amina = MemberFactory(email="amina@example.org", display_name="Amina Diallo")
    topic = make_topic(author=amina, title="Paying vaccinators by mobile money")
    assert Subscription.objects.filter(member=amina, topic=topic).exists()  # she watches it
    repliers = [MemberFactory(display_name=f"Replier {n}") for n in range(4)]

    make_reply(topic=topic, author=repliers[0], body="Reply 1: we used M-Pesa.")
    assert wait_for(lambda: smtp.inbox.messages, 30), "no email reached the SMTP server"
    for n in range(2, 21):
        make_reply(topic=topic, author=repliers[n % 4], body=f"Reply {n}.")
    assert wait_for(
        lambda: not Notification.objects.filter(recipient=amina, email_status="due").exists(),
        30,
    )
    assert _settled(smtp) == 1
    first = smtp.inbox.messages[0][1]
    assert smtp.inbox.messages[0][0] == ["amina@example.org"]
    assert "Reply 1: we used M-Pesa." in _text(first)

    client = Client()
    client.force_login(amina)
    assert client.get(topic.get_absolute_url()).status_code == 200  # the visit
    assert _settled(smtp, 1.5) == 1  # a visit alone sends nothing

    make_reply(topic=topic, author=repliers[1], body="Reply 21, after the visit.")
    assert wait_for(lambda: len(smtp.inbox.messages) == 2, 30)
    assert _settled(smtp) == 2
    second = smtp.inbox.messages[1][1]
    text = _text(second)
    # Replies 2 to 20 arrived after the first email, before the visit: folded in.
    assert "20 new replies in “Paying vaccinators by mobile money”" in text
    assert "Reply 21, after the visit." in text
    assert "17 earlier replies are not quoted here" in text

    subject = str(make_header(decode_header(second["Subject"])))
    assert subject == str(make_header(decode_header(first["Subject"])))
    assert second["In-Reply-To"] == first["In-Reply-To"] == first["References"]
    assert second["Message-ID"] != first["Message-ID"]
    assert "/digest/unsubscribe/" in second["List-Unsubscribe"]
    assert second["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "@localhost" not in second["Message-ID"]
