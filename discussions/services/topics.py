"""Starting topics and marking them read."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from discussions.models import (
    Notification,
    Post,
    Room,
    Subscription,
    Topic,
    TopicReadState,
)
from discussions.services.notifications import _notify
from discussions.services.posts import DUPLICATE_WINDOW, render_body
from discussions.services.subscriptions import subscribe
from members.models import Member


@transaction.atomic
def topic_create(
    *, room: Room, author: Member, title: str, body: str, tags: list[str] | None = None
) -> Topic:
    now = timezone.now()
    # The room's row is locked first: the same topic sent twice at once (a double click, a
    # resubmitted form) waits here for the first, then finds it instead of starting another.
    list(Room.objects.select_for_update().filter(pk=room.pk).values_list("pk", flat=True))
    duplicate = (
        Topic.objects.filter(
            room=room,
            author=author,
            title=title,
            created_at__gte=now - DUPLICATE_WINDOW,
            posts__depth=0,
            posts__body=body,
        )
        .order_by("pk")
        .first()
    )
    if duplicate is not None:
        return duplicate
    topic = Topic.objects.create(room=room, author=author, title=title, last_activity_at=now)
    post = Post(topic=topic, author=author, path="", depth=0)
    _fields, mentions = render_body(post, body)
    post.save(force_insert=True)
    topic.last_post = post
    topic.save(update_fields=["last_post"])
    if tags:
        topic.tags.set(tags)
    Room.objects.filter(pk=room.pk).update(
        topic_count=F("topic_count") + 1, post_count=F("post_count") + 1, last_activity_at=now
    )
    subscribe(member=author, topic=topic)
    recipients = dict.fromkeys(
        Subscription.objects.filter(room=room).values_list("member_id", flat=True),
        Notification.Kind.NEW_TOPIC,
    )
    recipients.update({m.pk: Notification.Kind.MENTION for m in mentions.values()})
    _notify(post=post, recipients=recipients)
    return topic


def topic_mark_read(*, topic: Topic, member: Member) -> None:
    """One UPDATE on every visit but the first (no savepoints: this runs on every page view)."""
    now = timezone.now()
    if not TopicReadState.objects.filter(member=member, topic=topic).update(last_read_at=now):
        TopicReadState.objects.bulk_create(
            [TopicReadState(member=member, topic=topic, last_read_at=now)],
            ignore_conflicts=True,
        )
