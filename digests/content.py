"""What goes into each member's weekly digest, built for a chunk of members at once.

Everything a chunk needs is fetched in a fixed number of queries, whatever its size: the
members with their groups and interests, the rooms with their moderators, the chunk's
subscriptions, mentions, registrations and ballots, and the period's posts, evidence, events
and polls. Each member's share is then picked in Python with the apps' read rules (the
`can_read_*` half of each access pair, answered from what was prefetched), so a member sees
only what they may read, and never a hidden or deleted post.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from discussions.models import Notification, Post, Room, Subscription, Topic
from discussions.permissions import can_read_room
from events.models import Ballot, Event, Participation, Poll
from events.permissions import can_read_event
from evidence.models import EvidenceItem
from evidence.permissions import can_read_evidence
from evidence.selectors import published_items
from members.models import Member, tag_key
from members.permissions import can_participate

# How far back a member's first digest looks, and the window of "active discussions".
FIRST_WINDOW = timedelta(days=7)
UPCOMING = timedelta(days=21)
# Polls closing this soon are recalled even when they are not new.
POLL_REMINDER = timedelta(days=7)
# How much of each section one email shows (the counts say how much there is).
SHOWN = {"topics": 6, "posts_per_topic": 2, "evidence": 5, "events": 5, "polls": 3, "active": 3}
EXCERPT_CHARS = 180
# The period's posts a chunk reads at most, newest first (a flood is summarised by counts).
POSTS_LIMIT = 5000


def digest_language(member: Member) -> str:
    """The member's language when the portal speaks it; English otherwise."""
    codes = {code for code, _name in settings.LANGUAGES}
    return member.preferred_language if member.preferred_language in codes else "en"


def excerpt(post: Post) -> str:
    text = " ".join(strip_tags(post.body_html).split())
    return Truncator(text).chars(EXCERPT_CHARS)


@dataclass
class TopicActivity:
    topic: Topic
    posts: list[Post] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.posts)

    @property
    def shown(self) -> list[Post]:
        return self.posts[: SHOWN["posts_per_topic"]]


@dataclass
class EventEntry:
    event: Event
    registered: bool = False
    new: bool = False


@dataclass
class Digest:
    member: Member
    since: datetime
    until: datetime
    mentions: list[Post] = field(default_factory=list)
    replies: list[Post] = field(default_factory=list)
    watched: list[TopicActivity] = field(default_factory=list)
    new_topics: list[Topic] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    events: list[EventEntry] = field(default_factory=list)
    polls: list[Poll] = field(default_factory=list)
    active: list[Topic] = field(default_factory=list)
    new_polls: int = 0

    @property
    def language(self) -> str:
        return digest_language(self.member)

    @property
    def watched_reply_count(self) -> int:
        return sum(activity.count for activity in self.watched)

    @property
    def new_event_count(self) -> int:
        return sum(1 for entry in self.events if entry.new)

    @property
    def is_empty(self) -> bool:
        """Nothing new since the last digest: upcoming events already announced and the
        community's busy topics alone are no reason to write."""
        return not (
            self.mentions
            or self.replies
            or self.watched
            or self.new_topics
            or self.evidence
            or self.new_event_count
            or self.new_polls
        )

    def shown(self, section: str) -> list:
        return getattr(self, section)[: SHOWN[section]]


def eligible_members() -> Q:
    """Members the weekly digest is for: the digest turned on, the account active."""
    return Q(is_active=True, email_digest=True)


def not_sendable(member: Member) -> str:
    """Why this member gets no digest now, or "" (checked again when the chunk is sent)."""
    if not member.is_active:
        return "account deactivated"
    if not member.email_digest:
        return "digest turned off"
    if not member.has_verified_email:
        return "no verified email address"
    return ""


def chunk_members(member_ids) -> list[Member]:
    """The chunk's members, with what the read rules and the interests match ask about."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), verified=True, email__iexact=OuterRef("email")
    )
    members = list(
        Member.objects.filter(pk__in=list(member_ids))
        .annotate(has_verified_email=Exists(verified))
        .prefetch_related("groups", "interests")
        .order_by("pk")
    )
    for member in members:
        # members.permissions caches a member's group names here: asked once, answered
        # from the prefetch for every room, item and event below.
        member._cop_group_names = {group.name for group in member.groups.all()}
        member.interest_keys = {tag_key(tag.name) for tag in member.interests.all()}
    return members


def _since(members, *, until: datetime, run_id: int | None) -> dict[int, datetime]:
    """Each member's window starts where their last digest (sent, or found empty) ended."""
    from digests.models import DigestDelivery

    done = DigestDelivery.objects.filter(
        member_id__in=[m.pk for m in members],
        status__in=[DigestDelivery.Status.SENT, DigestDelivery.Status.SKIPPED_EMPTY],
        run__cutoff__lt=until,
    )
    if run_id is not None:
        done = done.exclude(run_id=run_id)
    last = dict(done.values("member_id").annotate(last=Max("run__cutoff")).values_list(
        "member_id", "last"
    ))  # fmt: skip
    return {m.pk: max(last.get(m.pk, until - FIRST_WINDOW), until - FIRST_WINDOW * 5)
            for m in members}  # fmt: skip


def build_digests(members: list[Member], *, until: datetime, run_id: int | None = None):
    """One Digest per member (in the members' order), in a fixed number of queries."""
    if not members:
        return []
    ids = [m.pk for m in members]
    since = _since(members, until=until, run_id=run_id)
    start = min(since.values())

    rooms = {room.pk: room for room in Room.objects.prefetch_related("moderators")}
    readable_rooms = {
        m.pk: {pk for pk, room in rooms.items() if can_read_room(m, room)} for m in members
    }

    watched_topics, watched_rooms = defaultdict(set), defaultdict(set)
    for member_id, room_id, topic_id in Subscription.objects.filter(member_id__in=ids).values_list(
        "member_id", "room_id", "topic_id"
    ):
        if topic_id:
            watched_topics[member_id].add(topic_id)
        else:
            watched_rooms[member_id].add(room_id)
    all_topics = set().union(*watched_topics.values()) if watched_topics else set()
    all_rooms = set().union(*watched_rooms.values()) if watched_rooms else set()

    mentioned = defaultdict(set)
    for member_id, post_id in Notification.objects.filter(
        recipient_id__in=ids,
        kind=Notification.Kind.MENTION,
        created_at__gt=start,
        created_at__lte=until,
    ).values_list("recipient_id", "post_id"):
        mentioned[member_id].add(post_id)
    all_mentioned = set().union(*mentioned.values()) if mentioned else set()

    posts = list(
        Post.objects.filter(
            created_at__gt=start, created_at__lte=until, hidden=False, deleted_at__isnull=True
        )
        .filter(
            Q(topic_id__in=all_topics)
            | Q(topic__room_id__in=all_rooms, depth=0)
            | Q(reply_to__author_id__in=ids)
            | Q(pk__in=all_mentioned)
        )
        .annotate(reply_to_author_id=F("reply_to__author_id"))
        .select_related("topic", "topic__room", "author")
        # What a digest shows of a post: its place, author, time and the text of its excerpt.
        .only(
            "pk",
            "topic",
            "author",
            "depth",
            "reply_to",
            "created_at",
            "body_html",
            "topic__room",
            "topic__title",
            "topic__slug",
            "topic__created_at",
            "topic__last_activity_at",
            "topic__room__slug",
            "topic__room__name_en",
            "topic__room__name_fr",
            "topic__room__name",
            "author__display_name",
        )
        .order_by("-created_at", "-pk")[:POSTS_LIMIT]
    )

    evidence = list(
        published_items()
        .filter(published_at__gt=start, published_at__lte=until)
        .prefetch_related("tags")
        .order_by("-published_at", "-pk")
    )
    for item in evidence:
        item.tag_keys = {tag_key(tag.name) for tag in item.tags.all()}

    registered = defaultdict(set)
    for member_id, event_id in Participation.objects.filter(
        member_id__in=ids, status=Participation.Status.REGISTERED, event__ends_at__gte=until
    ).values_list("member_id", "event_id"):
        registered[member_id].add(event_id)
    all_registered = set().union(*registered.values()) if registered else set()
    events = list(
        Event.objects.exclude(status=Event.Status.DRAFT)
        .filter(
            Q(starts_at__gte=until, starts_at__lte=until + UPCOMING) | Q(pk__in=all_registered),
            ends_at__gte=until,
        )
        .prefetch_related("organisers")
        .order_by("starts_at", "pk")
    )

    polls = list(
        Poll.objects.exclude(event__status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=until))
        .filter(
            Q(created_at__gt=start, created_at__lte=until) | Q(closes_at__lte=until + POLL_REMINDER)
        )
        .select_related("event")
        .prefetch_related("event__organisers")
        .order_by("closes_at", "pk")
    )
    voted = set(
        Ballot.objects.filter(member_id__in=ids, poll__in=[p.pk for p in polls]).values_list(
            "member_id", "poll_id"
        )
    )
    all_participants = set(
        Participation.objects.filter(
            member_id__in=ids,
            status=Participation.Status.REGISTERED,
            event_id__in={p.event_id for p in polls},
        ).values_list("member_id", "event_id")
    )

    active = list(
        Topic.objects.filter(
            posts__created_at__gt=until - FIRST_WINDOW,
            posts__created_at__lte=until,
            posts__hidden=False,
            posts__deleted_at__isnull=True,
        )
        .annotate(recent=Count("posts"))
        .select_related("room")
        .order_by("-recent", "-last_activity_at", "-pk")[:30]
    )

    # Indexed once, so each member looks only at the posts that concern them.
    by_pk, by_topic, openings_by_room, replies_to = {}, defaultdict(list), defaultdict(list), {}
    for post in posts:
        post.room_id = post.topic.room_id
        by_pk[post.pk] = post
        if post.depth == 0:
            openings_by_room[post.room_id].append(post)
        else:
            by_topic[post.topic_id].append(post)
            replies_to.setdefault(post.reply_to_author_id, []).append(post)

    digests = []
    for member in members:
        digest = Digest(member=member, since=since[member.pk], until=until)
        rooms_ok = readable_rooms[member.pk]
        by_watched_topic = {}
        taken = set()

        def fresh(post, member=member, digest=digest, rooms_ok=rooms_ok, taken=taken):
            return (
                post.pk not in taken
                and post.created_at > digest.since
                and post.room_id in rooms_ok
                and post.author_id != member.pk
            )

        mine = [by_pk[pk] for pk in mentioned[member.pk] if pk in by_pk]
        for post in sorted(mine, key=lambda p: (p.created_at, p.pk), reverse=True):
            if fresh(post):
                digest.mentions.append(post)
                taken.add(post.pk)
        for post in replies_to.get(member.pk, ()):
            if fresh(post):
                digest.replies.append(post)
                taken.add(post.pk)
        for topic_id in watched_topics[member.pk]:
            for post in by_topic.get(topic_id, ()):
                if fresh(post):
                    activity = by_watched_topic.setdefault(topic_id, TopicActivity(post.topic))
                    activity.posts.append(post)
                    taken.add(post.pk)
        for room_id in watched_rooms[member.pk]:
            for post in openings_by_room.get(room_id, ()):
                if fresh(post):
                    digest.new_topics.append(post.topic)
                    taken.add(post.pk)
        digest.new_topics.sort(key=lambda t: (t.created_at, t.pk), reverse=True)
        seen_posts = {by_pk[pk].topic_id for pk in taken}
        digest.watched = sorted(
            by_watched_topic.values(), key=lambda a: (-a.count, -a.posts[0].created_at.timestamp())
        )

        interests = member.interest_keys
        matched = []
        for item in evidence:
            if item.published_at <= digest.since or not can_read_evidence(member, item):
                continue
            overlap = len(interests & item.tag_keys)
            in_country = bool(member.country) and member.country in item.countries
            if overlap or in_country:
                matched.append((-overlap, -int(in_country), item))
        digest.evidence = [item for *_rank, item in sorted(matched, key=lambda r: r[:2])]

        for event in events:
            mine = event.pk in registered[member.pk]
            if not can_read_event(member, event):
                continue
            if event.status == Event.Status.CANCELLED and not mine:
                continue
            new = event.created_at > digest.since
            digest.events.append(EventEntry(event=event, registered=mine, new=new))
        digest.events.sort(key=lambda e: (not e.registered, not e.new, e.event.starts_at))

        if can_participate(member):
            for poll in polls:
                if (member.pk, poll.pk) in voted or not can_read_event(member, poll.event):
                    continue
                if poll.participants_only and (member.pk, poll.event_id) not in all_participants:
                    continue
                digest.polls.append(poll)
                digest.new_polls += poll.created_at > digest.since

        digest.active = [
            topic for topic in active if topic.room_id in rooms_ok and topic.pk not in seen_posts
        ][: SHOWN["active"]]
        digests.append(digest)
    return digests
