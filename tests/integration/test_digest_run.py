"""The weekly digest as production runs it: the run is started, its chunks go through a real
Redis to a real Celery worker process, which sends over SMTP to a real server on loopback.
Then the faults: a worker killed in the middle of a chunk, a recipient the server refuses.
Runs where REDIS_URL is set and the database is PostgreSQL (shared with the workers)."""

import time
from email.header import decode_header, make_header

import pytest

from digests import services
from digests.models import DigestDelivery
from discussions.models import Subscription
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory
from tests.integration.harness import Inbox, wait_for
from tests.integration.test_mail_faults import redis, smtp, workers  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def community(count: int) -> list:
    """`count` members watching one topic with a new reply; the topic's author and the
    replier have the digest off, so exactly `count` members have news."""
    quiet = {"email_digest": False, "email_notifications": "none"}
    topic = make_topic(room=RoomFactory(), author=MemberFactory(**quiet), title="Per diems")
    watchers = [
        MemberFactory(
            email=f"watcher{n:03d}@example.org",
            preferred_language="fr" if n % 2 else "en",
            email_notifications="digest",  # watched-topic news comes in the digest only
        )
        for n in range(count)
    ]
    Subscription.objects.bulk_create(Subscription(member=m, topic=topic) for m in watchers)
    make_reply(topic=topic, author=MemberFactory(display_name="Kwame Asante", **quiet))
    return watchers


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def all_settled(period: str) -> bool:
    return not DigestDelivery.objects.filter(run__period=period, status="pending").exists()


def test_fifty_digests_through_redis_a_worker_and_smtp(settings, redis, smtp, workers):  # noqa: F811
    settings.COP_DIGEST_CHUNK_SIZE = 20  # three chunks, three tasks
    watchers = community(50)
    workers()
    _run, queued = services.digest_run_start(period="2026-W48")
    assert queued == 50  # the quiet author and replier are not in the run
    assert wait_for(lambda: len(smtp.inbox.messages) >= 50, 60), smtp.inbox.messages[:3]
    assert wait_for(lambda: all_settled("2026-W48"), 20)
    time.sleep(1)  # anything sent twice would arrive now

    assert smtp.inbox.recipients() == sorted(m.email for m in watchers)  # each exactly once
    language = {m.email: m.preferred_language for m in watchers}
    for (recipient,), message in smtp.inbox.messages:
        if language[recipient] == "fr":
            assert subject(message).startswith("[CdP] Votre résumé hebdomadaire")
        else:
            assert subject(message) == "[CoP] Your weekly digest: 1 new item for you"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/unsubscribe/" in message["List-Unsubscribe"]
        assert "mailto:" in message["List-Unsubscribe"]
        assert message["List-Id"].endswith("<digest.127.0.0.1>")
        assert message["Message-ID"].endswith("@127.0.0.1>")
        parts = [part.get_content_type() for part in message.walk()]
        assert parts == ["multipart/alternative", "text/plain", "text/html"]
    statuses = DigestDelivery.objects.values_list("status", flat=True)
    assert list(statuses) == ["sent"] * 50


class RefusingInbox(Inbox):
    """Refuses one address for good (550), as a server does for a mailbox that is gone."""

    refused = "watcher007@example.org"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_worker_killed_mid_run_and_a_rerun_leave_no_digest_lost_and_none_twice(
    settings,
    redis,  # noqa: F811
    smtp,  # noqa: F811
    workers,  # noqa: F811
):
    settings.COP_DIGEST_CHUNK_SIZE = 10
    inbox = RefusingInbox()
    smtp.stop()
    smtp.inbox = inbox
    smtp.start()
    watchers = community(40)
    expected = sorted(m.email for m in watchers if m.email != inbox.refused)

    def stall_after_fifteen(message):
        if len(inbox.messages) == 15:
            inbox.stall = True  # the sixteenth message hangs inside DATA

    inbox.on_accept = stall_after_fifteen
    first = workers(CELERY_VISIBILITY_TIMEOUT=3)
    services.digest_run_start(period="2026-W48")
    assert inbox.stalled.wait(40), first.output()[-2000:]
    first.kill()  # in the middle of its second chunk, a message in flight
    inbox.release.set()
    assert len(inbox.messages) == 15

    workers(CELERY_VISIBILITY_TIMEOUT=3)  # the killed chunk comes back from Redis
    services.digest_run_start(period="2026-W48")  # and the period is run again
    assert wait_for(lambda: len(inbox.messages) >= len(expected), 60)
    assert wait_for(lambda: all_settled("2026-W48"), 30)
    time.sleep(4)  # the killed chunk's redelivery has come and gone

    assert inbox.recipients() == expected  # none lost, none twice
    refused = DigestDelivery.objects.get(member__email=inbox.refused)
    assert refused.status == "failed"
    assert "550" in refused.error
    sent = DigestDelivery.objects.filter(status="sent").values_list("member__email", flat=True)
    assert sorted(sent) == expected
