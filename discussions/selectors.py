"""Every read the discussion pages make, with the joins each page needs."""

import contextlib
import logging
import time
from bisect import bisect_right
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Left

from discussions.models import (
    SEGMENT_WIDTH,
    Area,
    Flag,
    ModerationAction,
    Notification,
    Post,
    Reaction,
    Room,
    Subscription,
    Topic,
    TopicReadState,
)
from discussions.permissions import moderable_room, readable_post, readable_room, readable_topic
from members.models import Member
from members.permissions import is_member

TOPICS_PER_PAGE = 25
SUB_THREADS_PER_PAGE = 20
# Replies a thread page aims at: enough to read on, small enough for a phone on mobile data.
POSTS_PER_PAGE = 50


def rooms_for_reader(*, reader) -> QuerySet[Room]:
    return Room.objects.filter(readable_room(reader)).order_by("area", "order", "slug")


def rooms_with_counts(*, reader) -> list[tuple[str, list[Room]]]:
    """Rooms the reader may open, grouped by area in the areas' order: (area label, rooms).

    The counts are denormalised on Room, so this is one query whatever the number of topics.
    """
    rooms = list(rooms_for_reader(reader=reader))
    groups = []
    for area in Area:
        in_area = [room for room in rooms if room.area == area.value]
        if in_area:
            groups.append((area.label, in_area))
    return groups


def public_rooms() -> QuerySet[Room]:
    """What a visitor may read: feeds are read by anyone."""
    return Room.objects.filter(readable_room(None))


def topic_list_for_room(*, room: Room, reader: Member | None) -> QuerySet[Topic]:
    """Pinned first, then by last activity; `last_read_at` for the reader's unread marker."""
    topics = (
        Topic.objects.filter(room=room)
        .select_related("author", "last_post__author")
        .prefetch_related("tags")
        .order_by("-pinned", "-last_activity_at", "-pk")
    )
    if is_member(reader):
        topics = topics.annotate(
            last_read_at=Subquery(
                TopicReadState.objects.filter(topic=OuterRef("pk"), member=reader).values(
                    "last_read_at"
                )[:1]
            )
        )
    return topics


def topic_page(*, room: Room, reader, page_number) -> tuple:
    paginator = Paginator(topic_list_for_room(room=room, reader=reader), TOPICS_PER_PAGE)
    page = paginator.get_page(page_number)
    for topic in page.object_list:
        topic.room = room
        topic.unread = is_member(reader) and (
            topic.last_read_at is None or topic.last_activity_at > topic.last_read_at
        )
    return page


@dataclass
class ThreadPage:
    opening: Post
    posts: list[Post]
    number: int
    num_pages: int
    reader_reactions: set = field(default_factory=set)

    @property
    def all_posts(self) -> list[Post]:
        return [self.opening, *self.posts]

    @property
    def paginator(self):
        return self  # the pagination include reads page.paginator.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _post_rows() -> QuerySet[Post]:
    return Post.objects.select_related("author", "reply_to__author").order_by("path")


def _page_starts(topic: Topic) -> list[str]:
    """The path of the first top-level reply on each page of a thread.

    A page takes whole top-level sub-threads, in order, until it holds POSTS_PER_PAGE
    replies or SUB_THREADS_PER_PAGE sub-threads; a sub-thread larger than a page is a page
    of its own. One query: the size of every top-level sub-thread.
    """
    sizes = (
        Post.objects.filter(topic=topic, depth__gte=1)
        .annotate(top=Left("path", SEGMENT_WIDTH))
        .order_by()
        .values_list("top")
        .annotate(n=Count("pk"))
        .order_by("top")
    )
    starts: list[str] = []
    posts = sub_threads = 0
    for top, n in sizes:
        if not starts or posts >= POSTS_PER_PAGE or sub_threads >= SUB_THREADS_PER_PAGE:
            starts.append(top)
            posts = sub_threads = 0
        posts += n
        sub_threads += 1
    return starts


def thread_for_topic(*, topic: Topic, page_number, reader) -> ThreadPage:
    """One page of a thread: the opening post, then whole top-level sub-threads, in order.

    Pages are cut between top-level replies, never inside a sub-thread (see _page_starts);
    a second query reads every post of the page, a third the reader's reactions.
    """
    starts = _page_starts(topic)
    num_pages = max(1, len(starts))
    try:
        number = min(max(1, int(page_number)), num_pages)
    except (TypeError, ValueError):
        number = 1
    in_page = Q(depth=0)
    if starts:
        in_page |= Q(path__gte=starts[number - 1])
        if number < len(starts):
            in_page &= Q(depth=0) | Q(path__lt=starts[number])
    rows = list(_post_rows().filter(in_page, topic=topic))
    opening, posts = rows[0], rows[1:]
    reactions = set()
    if is_member(reader):
        reactions = set(
            Reaction.objects.filter(member=reader, post__in=[p.pk for p in rows]).values_list(
                "post_id", "kind"
            )
        )
    for post in rows:
        post.topic = topic
        post.reacted_helpful = (post.pk, Reaction.Kind.HELPFUL) in reactions
        post.reacted_thanks = (post.pk, Reaction.Kind.THANKS) in reactions
    return ThreadPage(opening=opening, posts=posts, number=number, num_pages=num_pages)


def page_of_post(*, post: Post) -> int:
    """The thread page that shows a post (for permalinks)."""
    if post.depth == 0:
        return 1
    return max(1, bisect_right(_page_starts(post.topic), post.path[:SEGMENT_WIDTH]))


def subscription_for(*, member, room: Room | None = None, topic: Topic | None = None) -> bool:
    if not is_member(member):
        return False
    return Subscription.objects.filter(member=member, room=room, topic=topic).exists()


def notifications_for(*, member) -> QuerySet[Notification]:
    """A member's notifications about posts they may still read (a topic may have moved,
    a post been hidden): the page and the badge both start here."""
    return Notification.objects.filter(readable_post(member, "post__"), recipient=member)


NOTIFICATIONS_PER_PAGE = 30


def _notification_groups(*, member):
    """One row per topic and kind: replies in one topic are one line, not twenty."""
    return (
        notifications_for(member=member)
        .values("topic_id", "kind")
        .annotate(latest=Max("pk"))
        .order_by("-latest")
    )


def notification_page(*, member, page_number):
    """A page of notification groups, each the group's latest notification carrying
    `unread` and `total` for its group. Two queries: the count and the rows."""
    page = Paginator(_notification_groups(member=member), NOTIFICATIONS_PER_PAGE).get_page(
        page_number
    )
    if not page.paginator.count:
        page.object_list = []
        return page
    latest = _notification_groups(member=member).values("latest")[
        page.start_index() - 1 : page.end_index()
    ]

    def counted(**unread):
        same_group = notifications_for(member=member).filter(
            topic=OuterRef("topic"), kind=OuterRef("kind"), **unread
        )
        n = same_group.order_by().values("kind").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(n), 0)

    page.object_list = list(
        Notification.objects.filter(pk__in=latest)
        .annotate(unread=counted(read_at__isnull=True), total=counted())
        .select_related("actor", "topic__room", "post")
        .order_by("-pk")
    )
    return page


def notification_group(*, notification: Notification) -> QuerySet[Notification]:
    """The readable notifications grouped on the page with this one, oldest first."""
    return (
        notifications_for(member=notification.recipient)
        .filter(topic_id=notification.topic_id, kind=notification.kind)
        .order_by("pk")
    )


logger = logging.getLogger(__name__)
BADGE_TIMEOUT = 60
READABILITY_VERSION_KEY = "discussions:readability:version"


def bump_readability_version(**_signal) -> None:
    """A post, topic, room or membership changed: what members may read (and so every
    badge) may have changed. A new version, never reused, makes every cached badge
    unreachable; they expire on their own."""
    try:
        cache.set(READABILITY_VERSION_KEY, time.time_ns(), None)
    except Exception:  # the cache is down: nothing is read from it either
        logger.warning("badge cache unreachable: version not bumped", exc_info=True)


def _badge_key(member_id: int) -> str:
    version = cache.get_or_set(READABILITY_VERSION_KEY, time.time_ns, None)
    return f"discussions:unread:{version}:{member_id}"


def unread_notification_count(*, member) -> int:
    """The badge: unread lines of the notifications page, counted the same way. One query,
    then kept in the cache for a minute: every page a member opens shows it, and the
    services that add or read notifications forget it (`forget_unread_counts`)."""

    def counted():
        return (
            notifications_for(member=member)
            .filter(read_at__isnull=True)
            .order_by()
            .values("topic_id", "kind")
            .distinct()
            .count()
        )

    try:
        key = _badge_key(member.pk)
        count = cache.get(key)
    except Exception:  # the cache is down: count as before it existed
        return counted()
    if count is None:
        count = counted()
        with contextlib.suppress(Exception):
            cache.set(key, count, BADGE_TIMEOUT)
    return count


def forget_unread_counts(member_ids) -> None:
    """Notifications were added or read: these members' badges are counted afresh, now and
    once the transaction commits (a page counted in between must not keep the old one)."""
    try:
        keys = [_badge_key(pk) for pk in member_ids]
        if keys:
            cache.delete_many(keys)
            transaction.on_commit(lambda: _forget(keys))
    except Exception:  # the cache is down: nothing is read from it either
        logger.warning("badge cache unreachable: badges not forgotten", exc_info=True)


def _forget(keys) -> None:
    try:
        cache.delete_many(keys)
    except Exception:
        logger.warning("badge cache unreachable: badges not forgotten", exc_info=True)


def open_flags_for(*, moderator) -> QuerySet[Flag]:
    # A moderator never learns of a room they may not read (steering rooms).
    flags = Flag.objects.filter(
        moderable_room(moderator, "post__topic__room__"),
        readable_room(moderator, "post__topic__room__"),
        resolved_at__isnull=True,
    ).select_related("post__topic__room", "post__author", "reporter")
    return flags.order_by("created_at")


def moderation_log_for(*, moderator) -> QuerySet[ModerationAction]:
    return ModerationAction.objects.filter(
        moderable_room(moderator, "topic__room__"), readable_room(moderator, "topic__room__")
    ).select_related("moderator", "topic__room", "post")


def latest_public_topics(*, room: Room | None = None, limit: int = 30) -> QuerySet[Topic]:
    topics = Topic.objects.filter(readable_topic(None))
    if room is not None:
        topics = topics.filter(room=room)
    return topics.select_related("room", "author").order_by("-created_at")[:limit]


def opening_posts(*, topics) -> dict[int, Post]:
    return {
        p.topic_id: p
        for p in Post.objects.filter(readable_post(None), topic__in=list(topics), depth=0)
    }


def topics_citing(*, paths, reader) -> QuerySet[Topic]:
    """Topics the reader may read with a readable post whose text holds one of these paths
    (another app's page lists the topics that link to it), newest first."""
    holds = Q()
    for path in paths:
        holds |= Q(body__contains=path)
    posts = Post.objects.filter(readable_post(reader), holds, deleted_at__isnull=True)
    return (
        Topic.objects.filter(readable_topic(reader), pk__in=posts.values("topic_id"))
        .select_related("room")
        .order_by("-created_at")
    )
