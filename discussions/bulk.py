"""Build large threads fast (bulk inserts), for the benchmarks and the query-budget tests.

Not used by the portal itself: it writes rows the way the services would, without
notifications, so that a 500-reply topic or 200,000 posts take seconds, not minutes.
"""

import random
from datetime import timedelta

from django.utils import timezone

from discussions.models import SEGMENT_WIDTH, Post, Room, Topic


def bulk_topics(*, room: Room, authors: list, count: int, rng: random.Random,
                batch_size: int = 2000) -> list[Topic]:  # fmt: skip
    """`count` topics, each with its opening post, spread over the last year."""
    now = timezone.now()
    topics = [
        Topic(
            room=room,
            author=rng.choice(authors),
            title=f"Topic {n} about mobile money payments in {room.slug}",
            slug=f"topic-{n}",
            last_activity_at=now - timedelta(minutes=rng.randrange(0, 525_600)),
        )
        for n in range(count)
    ]
    topics = Topic.objects.bulk_create(topics, batch_size=batch_size)
    if not topics or topics[0].pk is None:  # backends that do not return keys
        topics = list(Topic.objects.filter(room=room).order_by("pk"))
    openings = Post.objects.bulk_create(
        [
            Post(topic=t, author_id=t.author_id, path="", depth=0,
                 body="Opening post", body_html="<p>Opening post</p>")
            for t in topics
        ],
        batch_size=batch_size,
    )  # fmt: skip
    for topic, opening in zip(topics, openings, strict=True):
        topic.last_post = opening
    Topic.objects.bulk_update(topics, ["last_post"], batch_size=batch_size)
    Room.objects.filter(pk=room.pk).update(
        topic_count=len(topics), post_count=len(topics), last_activity_at=now
    )
    return topics


def bulk_replies(*, topic: Topic, opening: Post, authors: list, count: int,
                 rng: random.Random, top_level_share: float = 0.3) -> list[Post]:  # fmt: skip
    """`count` replies under the opening post: some top-level, the rest answering earlier posts."""
    start = topic.last_activity_at
    tree: list[Post] = [opening]
    children: dict[int, int] = {}
    for n in range(count):
        if len(tree) == 1 or rng.random() < top_level_share:
            parent_index = 0
        else:
            parent_index = rng.randrange(1, len(tree))
        parent = tree[parent_index]
        if parent.depth >= 8:
            parent_index, parent = 0, opening
        children[parent_index] = children.get(parent_index, 0) + 1
        post = Post(
            topic=topic,
            author=rng.choice(authors),
            reply_to=parent,
            path=f"{parent.path}{children[parent_index]:0{SEGMENT_WIDTH}d}",
            depth=parent.depth + 1,
            body=f"Reply {n}: what we learnt paying health workers.",
            body_html=f"<p>Reply {n}: what we learnt paying health workers.</p>",
        )
        post._parent_index = parent_index
        post._created = start + timedelta(seconds=n + 1)
        tree.append(post)
    by_depth: dict[int, list[Post]] = {}
    for index, post in enumerate(tree[1:], start=1):
        post.children_allocated = children.get(index, 0)
        by_depth.setdefault(post.depth, []).append(post)
    for depth in sorted(by_depth):
        rows = by_depth[depth]
        for post in rows:
            post.parent = tree[post._parent_index]
            post.reply_to = post.parent
        Post.objects.bulk_create(rows, batch_size=2000)
    replies = tree[1:]
    if replies:
        Post.objects.filter(pk=opening.pk).update(children_allocated=children.get(0, 0))
        last = replies[-1]
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=count, last_post=last, last_activity_at=last._created
        )
        Room.objects.filter(pk=topic.room_id).update(
            post_count=Room.objects.get(pk=topic.room_id).post_count + count
        )
    return replies
