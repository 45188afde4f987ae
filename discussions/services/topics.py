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
from discussions.services.posts import render_body
from discussions.services.subscriptions import subscribe
from members.models import Member


@transaction.atomic
def topic_create(
    *, room: Room, author: Member, title: str, body: str, tags: list[str] | None = None
) -> Topic:
    now = timezone.now()
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
