"""Every read the discussion pages make, with the joins each page needs."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery

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
from discussions.permissions import readable_visibilities
from members.permissions import is_member, is_moderator

TOPICS_PER_PAGE = 25
SUB_THREADS_PER_PAGE = 20


def rooms_for_reader(*, reader) -> QuerySet[Room]:
    visible = Q(visibility__in=readable_visibilities(reader))
    if is_member(reader):
        visible |= Q(pk__in=reader.moderated_rooms.values("pk"))
    return Room.objects.filter(visible).order_by("area", "order", "slug")


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
    return Room.objects.filter(visibility=Room.Visibility.PUBLIC)


def topics_for_room(*, room: Room, reader) -> QuerySet[Topic]:
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
    paginator = Paginator(topics_for_room(room=room, reader=reader), TOPICS_PER_PAGE)
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


def thread_page(*, topic: Topic, page_number, reader) -> ThreadPage:
    """One page of a thread: the opening post, then whole top-level sub-threads, in order.

    Pages are cut between top-level replies, never inside a sub-thread: the first query
    finds the paths where the page starts and where the next one starts, the second reads
    every post in between. Four queries in all, whatever the size of the thread.
    """
    top_level = Post.objects.filter(topic=topic, depth=1).order_by("path")
    count = top_level.count()
    num_pages = max(1, -(-count // SUB_THREADS_PER_PAGE))
    try:
        number = min(max(1, int(page_number)), num_pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * SUB_THREADS_PER_PAGE
    bounds = list(
        top_level.values_list("path", flat=True)[start : start + SUB_THREADS_PER_PAGE + 1]
    )
    in_page = Q(depth=0)
    if bounds:
        in_page |= Q(path__gte=bounds[0])
        if len(bounds) > SUB_THREADS_PER_PAGE:
            in_page &= Q(depth=0) | Q(path__lt=bounds[-1])
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
    top_path = post.path[:SEGMENT_WIDTH]
    before = Post.objects.filter(topic_id=post.topic_id, depth=1, path__lt=top_path).count()
    return before // SUB_THREADS_PER_PAGE + 1


def subscription_for(*, member, room: Room | None = None, topic: Topic | None = None) -> bool:
    if not is_member(member):
        return False
    return Subscription.objects.filter(member=member, room=room, topic=topic).exists()


def notifications_for(*, member) -> QuerySet[Notification]:
    """A member's notifications, about rooms they may still read (a topic may have moved)."""
    return Notification.objects.filter(
        recipient=member, topic__room__in=rooms_for_reader(reader=member)
    ).select_related("actor", "topic__room", "post")


def unread_notification_count(*, member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def open_flags_for(*, moderator) -> QuerySet[Flag]:
    flags = Flag.objects.filter(resolved_at__isnull=True).select_related(
        "post__topic__room", "post__author", "reporter"
    )
    if not is_moderator(moderator):
        flags = flags.filter(post__topic__room__moderators=moderator)
    # A moderator never learns of a room they may not read (steering rooms).
    flags = flags.filter(post__topic__room__in=rooms_for_reader(reader=moderator))
    return flags.order_by("created_at")


def moderation_log_for(*, moderator) -> QuerySet[ModerationAction]:
    actions = ModerationAction.objects.select_related("moderator", "topic__room", "post")
    if not is_moderator(moderator):
        actions = actions.filter(topic__room__moderators=moderator)
    return actions.filter(topic__room__in=rooms_for_reader(reader=moderator))


def latest_public_topics(*, room: Room | None = None, limit: int = 30) -> QuerySet[Topic]:
    topics = Topic.objects.filter(room__visibility=Room.Visibility.PUBLIC)
    if room is not None:
        topics = topics.filter(room=room)
    return topics.select_related("room", "author").order_by("-created_at")[:limit]


def opening_posts(*, topics) -> dict[int, Post]:
    return {
        p.topic_id: p for p in Post.objects.filter(topic__in=list(topics), depth=0, hidden=False)
    }
