"""Discussion pages on a large dataset: p50/p95 server time and query count.

    DATABASE_URL=postgres://... make bench
    BENCH_ROOMS=20 BENCH_TOPICS=2000 BENCH_POSTS=20000 make bench    # a quick run

Builds (once; reused while the sizes match) BENCH_ROOMS rooms, BENCH_TOPICS topics and
BENCH_POSTS posts with bulk inserts, one topic having BENCH_BIG_THREAD replies, then asks
each page BENCH_REQUESTS times through django.test.Client as a signed-in member.
"""

import os
import random
import time

# isort: off
from common import measure, print_table, say  # sets Django up, so it comes first
# isort: on

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from discussions.bulk import bulk_replies, bulk_topics
from discussions.models import SEGMENT_WIDTH, Area, Post, Room, Topic
from members.models import Member

ROOMS = int(os.environ.get("BENCH_ROOMS", "200"))
TOPICS = int(os.environ.get("BENCH_TOPICS", "20000"))
POSTS = int(os.environ.get("BENCH_POSTS", "200000"))
BIG_THREAD = int(os.environ.get("BENCH_BIG_THREAD", "500"))
AUTHORS = 200
BATCH = 5000


def _dataset_matches() -> bool:
    return (
        Room.objects.filter(slug__startswith="bench-").count() == ROOMS
        and Topic.objects.filter(room__slug__startswith="bench-").count() == TOPICS
        and Post.objects.filter(topic__room__slug__startswith="bench-").count() == POSTS
    )


def _replies_for_many(topics, openings, per_topic: int, rng, authors, start: int = 0) -> int:
    """Flat-ish threads for the bulk of the topics: a third top-level, the rest one level
    below an earlier top-level reply (enough to exercise paths; the big topic nests deeper)."""
    made = 0
    top_rows, top_meta = [], []
    for topic, opening in zip(topics, openings, strict=True):
        for n in range(per_topic // 3 or 1):
            top_rows.append(
                Post(topic_id=topic.pk, author_id=rng.choice(authors).pk, parent_id=opening.pk,
                     reply_to_id=opening.pk, path=f"{start + n + 1:0{SEGMENT_WIDTH}d}", depth=1,
                     body="A top-level reply", body_html="<p>A top-level reply</p>")
            )  # fmt: skip
            top_meta.append(topic)
    tops = Post.objects.bulk_create(top_rows, batch_size=BATCH)
    made += len(tops)
    by_topic: dict[int, list[Post]] = {}
    for post in tops:
        by_topic.setdefault(post.topic_id, []).append(post)
    child_rows = []
    for topic in topics:
        parents = by_topic.get(topic.pk, [])
        counts: dict[int, int] = {}
        for _ in range(per_topic - len(parents)):
            parent = rng.choice(parents)
            counts[parent.pk] = counts.get(parent.pk, 0) + 1
            child_rows.append(
                Post(topic_id=topic.pk, author_id=rng.choice(authors).pk, parent_id=parent.pk,
                     reply_to_id=parent.pk, depth=2, body="An answer", body_html="<p>An answer</p>",
                     path=f"{parent.path}{counts[parent.pk]:0{SEGMENT_WIDTH}d}")
            )  # fmt: skip
    made += len(Post.objects.bulk_create(child_rows, batch_size=BATCH))
    return made


def build() -> Topic:
    rng = random.Random(42)
    say(f"Building {ROOMS} rooms, {TOPICS} topics, {POSTS} posts ...")
    started = time.perf_counter()
    with transaction.atomic():
        Room.objects.filter(slug__startswith="bench-").delete()
        authors = list(Member.objects.filter(email__startswith="bench-author-"))
        if len(authors) < AUTHORS:
            Member.objects.bulk_create(
                [
                    Member(
                        email=f"bench-author-{n}@example.org",
                        display_name=f"Author {n}",
                        password="!",
                    )  # fmt: skip
                    for n in range(len(authors), AUTHORS)
                ],
                batch_size=BATCH,
            )
            authors = list(Member.objects.filter(email__startswith="bench-author-"))
        areas = list(Area)
        rooms = Room.objects.bulk_create(
            [Room(slug=f"bench-{n}", name_en=f"Room {n}", name_fr=f"Salle {n}",
                  area=areas[n % len(areas)], order=n,
                  description_en="Benchmark room", description_fr="Salle de mesure")
             for n in range(ROOMS)]
        )  # fmt: skip
        per_room = TOPICS // ROOMS
        replies_left = POSTS - TOPICS - BIG_THREAD
        per_topic = max(0, replies_left // max(1, TOPICS - 1))
        big = None
        for index, room in enumerate(rooms):
            topics = bulk_topics(room=room, authors=authors, count=per_room, rng=rng)
            openings = list(Post.objects.filter(topic__room=room, depth=0).order_by("topic_id"))
            topics.sort(key=lambda t: t.pk)
            if big is None:
                big, big_opening = topics[0], openings[0]
                topics, openings = topics[1:], openings[1:]
                bulk_replies(topic=big, opening=big_opening, authors=authors, count=BIG_THREAD,
                             rng=rng)  # fmt: skip
            if per_topic:
                _replies_for_many(topics, openings, per_topic, rng, authors)
            if index % 20 == 19:
                say(f"  {index + 1} rooms ...")
        # Round the total up: one more top-level reply on as many topics as needed.
        extra = POSTS - Post.objects.filter(topic__room__slug__startswith="bench-").count()
        done = (per_topic // 3 or 1) if per_topic else 0
        while extra > 0:
            last = list(
                Topic.objects.filter(room__slug__startswith="bench-")
                .exclude(pk=big.pk)
                .order_by("pk")[:extra]
            )
            by_topic = {
                p.topic_id: p
                for p in Post.objects.filter(topic__in=last, depth=0).only("pk", "topic_id")
            }
            extra -= _replies_for_many(
                last, [by_topic[t.pk] for t in last], 1, rng, authors, start=done
            )
            done += 1
        say("  counters ...")
        _refresh_counters()
    say(f"Built in {time.perf_counter() - started:.0f} s.")
    return big


def _refresh_counters() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE discussions_post p SET children_allocated = s.n
               FROM (SELECT parent_id, count(*) n FROM discussions_post
                     WHERE parent_id IS NOT NULL GROUP BY parent_id) s
               WHERE p.id = s.parent_id"""
        )
        cursor.execute(
            """UPDATE discussions_topic t SET reply_count = s.n - 1, last_post_id = s.last_id
               FROM (SELECT topic_id, count(*) n, max(id) last_id FROM discussions_post
                     GROUP BY topic_id) s
               WHERE t.id = s.topic_id"""
        )
        cursor.execute(
            """UPDATE discussions_room r SET topic_count = s.topics, post_count = s.posts,
                      last_activity_at = s.latest
               FROM (SELECT room_id, count(*) topics, sum(reply_count + 1) posts,
                            max(last_activity_at) latest
                     FROM discussions_topic GROUP BY room_id) s
               WHERE r.id = s.room_id"""
        )
        cursor.execute("ANALYZE")


def main() -> None:
    if connection.vendor != "postgresql":
        say("Note: DATABASE_URL is not PostgreSQL; the bench is meant for PostgreSQL.")
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_REBUILD") or not _dataset_matches():
        big = build()
    else:
        say("Reusing the existing benchmark dataset (BENCH_REBUILD=1 to rebuild).")
        big = Topic.objects.filter(room__slug__startswith="bench-").order_by("-reply_count")[0]
    big.refresh_from_db()
    reader = Member.objects.filter(email__startswith="bench-author-").first()
    client = Client()
    client.force_login(reader)
    busiest = Room.objects.filter(slug__startswith="bench-").order_by("-topic_count").first()
    pages = [
        (f"rooms page ({ROOMS} rooms)", reverse("discussions:room-list")),
        (f"room page ({busiest.topic_count} topics)", busiest.get_absolute_url()),
        (f"room page, last page ({busiest.topic_count} topics)",
         busiest.get_absolute_url() + "?page=9999"),
        (f"topic page ({big.reply_count} replies), page 1", big.get_absolute_url()),
        (f"topic page ({big.reply_count} replies), last page",
         big.get_absolute_url() + "?page=9999"),
    ]  # fmt: skip
    rows = [(name, *measure(client, url)) for name, url in pages]
    total_posts = Post.objects.filter(topic__room__slug__startswith="bench-").count()
    print_table(f"{ROOMS} rooms, {TOPICS} topics, {total_posts} posts", rows)


if __name__ == "__main__":
    main()
