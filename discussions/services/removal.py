"""Deleting topics and posts for good (the admin's delete), keeping the counters true.

Members never delete for good: their "delete" is `post_delete`, which leaves a marker in
the thread. These are for staff cleaning up spam or mistakes in Django admin."""

from django.db import transaction
from django.db.models import F, Max

from discussions.models import Post, Room, Topic


def _refresh_room_activity(room_id: int) -> None:
    latest = Topic.objects.filter(room_id=room_id).aggregate(at=Max("last_activity_at"))["at"]
    Room.objects.filter(pk=room_id).update(last_activity_at=latest)


@transaction.atomic
def topic_delete(*, topic: Topic) -> None:
    """The topic and every post in it go; its room counts them no more."""
    posts = Post.objects.filter(topic=topic).count()
    room_id = topic.room_id
    topic.delete()
    Room.objects.filter(pk=room_id).update(
        topic_count=F("topic_count") - 1, post_count=F("post_count") - posts
    )
    _refresh_room_activity(room_id)


@transaction.atomic
def post_purge(*, post: Post) -> None:
    """The post and the replies under it go (they would lose their place in the thread);
    the opening post takes its whole topic with it."""
    if post.depth == 0:
        topic_delete(topic=post.topic)
        return
    topic_id, room_id = post.topic_id, post.topic.room_id
    subtree = Post.objects.filter(topic_id=topic_id, path__startswith=post.path)
    removed = subtree.count()
    subtree.order_by("-depth").delete()
    last = Post.objects.filter(topic_id=topic_id).order_by("-created_at", "-pk").first()
    Topic.objects.filter(pk=topic_id).update(
        reply_count=F("reply_count") - removed,
        last_post=last,
        last_activity_at=last.created_at,
    )
    Room.objects.filter(pk=room_id).update(post_count=F("post_count") - removed)
    _refresh_room_activity(room_id)
