"""The weekly digest for a large community, end to end: total time, messages per second,
queries per member and peak worker memory.

    DATABASE_URL=postgres://... make bench-digest
    BENCH_MEMBERS=2000 BENCH_WORKERS=1 make bench-digest     # a quick run

Builds (once; reused while the size matches) BENCH_MEMBERS members with verified addresses,
interests, half of them reading French, each watching three topics and a room, and a week of
activity: topics and replies, mentions, evidence, events and polls. Then starts a private
redis-server, an SMTP sink (aiosmtpd) and BENCH_WORKERS real `celery worker` processes, runs
the period, and waits until every delivery is settled.
"""

import logging
import os
import random
import re
import time
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

# isort: off
from common import built, say, tag_randomly  # sets Django up, so it comes first
# isort: on

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from cop_portal.celery import app
from cop_portal.models import OutgoingEmail
from digests import services
from digests.models import DigestDelivery, DigestRun
from discussions.models import SEGMENT_WIDTH, Area, Notification, Post, Room, Subscription, Topic
from events.models import Event, Participation, Poll, PollOption
from evidence.models import EvidenceItem
from members.models import Member
from tests.integration.harness import RedisServer, SmtpServer, Worker, wait_for

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "10000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
ROOMS = 20
TOPICS = 400
REPLIES = 6000
PERIOD = "2026-W01"
PREFIX = "bench-digest-"
BATCH = 5000
INTERESTS = ["mobile money", "per diem", "claims", "immunisation", "interoperability"]


def _dataset_matches() -> bool:
    return Member.objects.filter(email__startswith=PREFIX).count() == MEMBERS


def build() -> None:
    rng = random.Random(19)
    started = time.perf_counter()
    say(f"Building {MEMBERS} members, {TOPICS} topics and a week of activity ...")
    Member.objects.filter(email__startswith=PREFIX).delete()
    Room.objects.filter(slug__startswith=PREFIX).delete()
    Event.objects.filter(slug__startswith=PREFIX).delete()
    EvidenceItem.objects.filter(title_en__startswith=PREFIX).delete()
    password = make_password("bench-password-2026")
    members = Member.objects.bulk_create(
        [
            Member(
                email=f"{PREFIX}{n}@example.org",
                display_name=f"Bench Member {n}",
                handle=f"bench{n}",
                password=password,
                preferred_language="fr" if n % 2 else "en",
                country=rng.choice(["KE", "SN", "CM", "NG", "TZ"]),
                email_notifications="digest",
            )
            for n in range(MEMBERS)
        ],
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=m, email=m.email, verified=True, primary=True) for m in members],
        batch_size=BATCH,
    )
    tag_randomly(members, INTERESTS, rng, most=2)
    now = timezone.now()
    week = [now - timedelta(minutes=rng.randrange(60, 7 * 24 * 60)) for _ in range(REPLIES)]
    rooms = Room.objects.bulk_create(
        [
            Room(name_en=f"Bench room {n}", name_fr=f"Salon d’essai {n}", slug=f"{PREFIX}{n}",
                 area=Area.MAPPING,
                 visibility=Room.Visibility.MEMBERS if n % 4 == 0 else Room.Visibility.PUBLIC)
            for n in range(ROOMS)
        ]
    )  # fmt: skip
    topics = Topic.objects.bulk_create(
        [
            Topic(room=rng.choice(rooms), author=rng.choice(members),
                  title=f"Paying campaign workers, question {n}", slug=f"question-{n}",
                  last_activity_at=now)
            for n in range(TOPICS)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    openings = Post.objects.bulk_create(
        [
            Post(topic=t, author_id=t.author_id, path="", depth=0, body="How do you pay them?",
                 body_html="<p>How do you pay them?</p>")
            for t in topics
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Post.objects.filter(pk__in=[p.pk for p in openings]).update(created_at=now - timedelta(days=3))
    counters = {t.pk: 0 for t in topics}
    replies = []
    for n in range(REPLIES):
        topic, opening = rng.choice(list(zip(topics, openings, strict=True)))
        counters[topic.pk] += 1
        replies.append(
            Post(topic=topic, author=rng.choice(members), parent=opening, reply_to=opening,
                 depth=1, path=f"{counters[topic.pk]:0{SEGMENT_WIDTH}d}",
                 body=f"We paid them by mobile money, reply {n}.",
                 body_html=f"<p>We paid them by mobile money, reply {n}.</p>")
        )  # fmt: skip
    replies = Post.objects.bulk_create(replies, batch_size=BATCH)
    with connection.cursor() as cursor:  # a week of activity: auto_now_add wrote "now"
        cursor.executemany(
            "UPDATE discussions_post SET created_at = %s WHERE id = %s",
            [(when, post.pk) for when, post in zip(week, replies, strict=True)],
        )
    Subscription.objects.bulk_create(
        [Subscription(member=m, topic=topic) for m in members for topic in rng.sample(topics, 3)]
        + [Subscription(member=m, room=rng.choice(rooms)) for m in members],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    Notification.objects.bulk_create(
        [
            Notification(recipient=m, kind=Notification.Kind.MENTION, topic_id=p.topic_id, post=p)
            for m, p in zip(rng.sample(members, MEMBERS // 10),
                            rng.sample(replies, MEMBERS // 10), strict=True)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    items = EvidenceItem.objects.bulk_create(
        [
            EvidenceItem(title_en=f"{PREFIX}Mobile money payments report {n}",
                         title_fr=f"Rapport sur les paiements mobiles {n}", area="mapping",
                         kind=EvidenceItem.Kind.REPORT, countries=[rng.choice(["KE", "SN"])],
                         status=EvidenceItem.Status.PUBLISHED,
                         published_at=now - timedelta(days=rng.randrange(1, 7)))
            for n in range(30)
        ]
    )  # fmt: skip
    tag_randomly(items, INTERESTS, rng, most=2)
    events = Event.objects.bulk_create(
        [
            Event(kind=Event.Kind.WORKSHOP, status=Event.Status.OPEN, slug=f"{PREFIX}{n}",
                  title_en=f"Workshop {n}", title_fr=f"Atelier {n}",
                  starts_at=now + timedelta(days=2 + 3 * n),
                  ends_at=now + timedelta(days=2 + 3 * n, hours=3), time_zone="Africa/Nairobi")
            for n in range(8)
        ]
    )  # fmt: skip
    Participation.objects.bulk_create(
        [Participation(event=rng.choice(events), member=m) for m in members[::5]],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    for event in events[:4]:
        poll = Poll.objects.create(
            event=event,
            question_en="Which topic next?",
            question_fr="Quel sujet ensuite\u202f?",
            participants_only=False,
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, order=n, label_en=f"Option {n}") for n in range(3)]
        )
    built(started)


def reset_run() -> None:
    """Every bench run is the members' first digest (the bench database only)."""
    DigestRun.objects.all().delete()
    OutgoingEmail.objects.filter(key__startswith="digest:").delete()


class CountingInbox:
    """The sink: accepts every message and counts its recipients, parsing nothing (the
    sink's CPU is not the digest's)."""

    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its share of a busy machine aside)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))


def main() -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: no line per command
    if connection.vendor != "postgresql":
        raise SystemExit("The digest bench needs PostgreSQL: DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    if not _dataset_matches():
        build()
    reset_run()
    with TemporaryDirectory() as tmp:
        redis = RedisServer(Path(tmp))
        redis.start()
        smtp = SmtpServer()
        smtp.inbox = CountingInbox()
        smtp.start()
        app.conf.broker_url, app.conf.task_always_eager = redis.url, False
        app._pool = None
        app.amqp._producer_pool = None
        workers = [
            Worker(tmp=Path(tmp), redis=redis, smtp=smtp, DEBUG="false",
                   CELERY_VISIBILITY_TIMEOUT=900).start()
            for _ in range(WORKERS)
        ]  # fmt: skip
        try:
            time.sleep(4)  # the workers connect to Redis before the clock starts
            cpu_before = sum(cpu_seconds(w.process.pid) for w in workers)
            say(f"Running the digest for {MEMBERS} members with {WORKERS} worker(s) ...")
            started = time.perf_counter()
            run, queued = services.digest_run_start(period=PERIOD)

            def settled() -> bool:
                deliveries = DigestDelivery.objects.filter(run=run)
                return (
                    deliveries.count() == queued
                    and not deliveries.filter(status=DigestDelivery.Status.PENDING).exists()
                )

            finished = wait_for(settled, seconds=1200, step=0.5)
            elapsed = time.perf_counter() - started
            memory = [peak_memory_kib(w.process.pid) for w in workers]
            cpu = sum(cpu_seconds(w.process.pid) for w in workers) - cpu_before
            logs = "".join(w.output() for w in workers)
        finally:
            for worker in workers:
                worker.kill()
            smtp.stop()
            redis.stop()
    chunks = re.findall(r"digest chunk of run \d+: (\d+) members, .*?, (\d+) queries", logs)
    members_done = sum(int(m) for m, _q in chunks)
    queries = sum(int(q) for _m, q in chunks)
    counts = dict(
        DigestDelivery.objects.filter(run=run).values_list("status").annotate(n=Count("pk"))
    )
    received = len(smtp.inbox.recipients)
    twice = received - len(set(smtp.inbox.recipients))
    say("")
    say(f"postgresql, weekly digest, {MEMBERS} members, {WORKERS} worker(s), chunks of "
        f"{settings.COP_DIGEST_CHUNK_SIZE}")  # fmt: skip
    say(f"| {'measure':<34} | {'value':>12} |")
    say(f"|{'-' * 36}|{'-' * 14}|")
    rows = [
        ("finished", "yes" if finished else "NO (timed out)"),
        ("total time (s)", f"{elapsed:.1f}"),
        ("messages received by SMTP", f"{received}"),
        ("messages per second", f"{received / elapsed:.1f}"),
        ("recipients sent twice", f"{twice}"),
        ("deliveries sent", f"{counts.get('sent', 0)}"),
        ("skipped (nothing new)", f"{counts.get('skipped_empty', 0)}"),
        ("failed", f"{counts.get('failed', 0)}"),
        ("worker CPU per member (ms)", f"{1000 * cpu / max(queued, 1):.1f}"),
        ("same on 2 idle cores (s, estimate)", f"{cpu / 2:.0f}"),
        ("queries per member (build + send)", f"{queries / max(members_done, 1):.2f}"),
        ("peak worker memory (MiB)", " / ".join(f"{kib / 1024:.0f}" for kib in memory)),
    ]
    for name, value in rows:
        say(f"| {name:<34} | {value:>12} |")


if __name__ == "__main__":
    main()
