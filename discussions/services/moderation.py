"""Flags, hiding, locking, pinning and moving: every moderation write, logged."""

from collections.abc import Callable
from functools import partial

from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from discussions import permissions
from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    Post,
    Room,
    Topic,
)
from discussions.selectors import forget_unread_counts
from members.models import Member


def _log(*, moderator, action, topic, post=None, reason="", detail="") -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator, action=action, topic=topic, post=post, reason=reason, detail=detail
    )


@transaction.atomic
def flag_create(*, post: Post, reporter: Member, reason: str) -> Flag:
    flag, created = Flag.objects.get_or_create(
        post=post, reporter=reporter, resolved_at=None, defaults={"reason": reason}
    )
    if created:
        _notify_moderators(flag=flag)
    return flag


def _notify_moderators(*, flag: Flag) -> None:
    """Those who may moderate the post's room and read it hear of the flag (not the
    flaggers), once per post. No email: the moderation queue is where flags are handled."""
    post = flag.post
    flaggers = Flag.objects.filter(post=post, resolved_at__isnull=True).values("reporter_id")
    moderators = Member.objects.filter(permissions.room_moderators(post.topic.room)).exclude(
        pk__in=flaggers
    )
    moderator_ids = list(moderators.values_list("pk", flat=True))
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=Notification.Kind.FLAG,
                actor_id=flag.reporter_id,
                topic=post.topic,
                post=post,
            )
            for pk in moderator_ids
        ],
        ignore_conflicts=True,
    )
    forget_unread_counts(moderator_ids)


def _resolve_flags(*, post: Post, moderator: Member) -> int:
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


@transaction.atomic
def post_hide(*, post: Post, moderator: Member, reason: str = "") -> Post:
    post.hidden = True
    post.save(update_fields=["hidden"])
    _resolve_flags(post=post, moderator=moderator)
    _log(moderator=moderator, action=ModerationAction.Action.HIDE, topic=post.topic, post=post,
         reason=reason)  # fmt: skip
    return post


@transaction.atomic
def post_unhide(*, post: Post, moderator: Member, reason: str = "") -> Post:
    post.hidden = False
    post.save(update_fields=["hidden"])
    _log(moderator=moderator, action=ModerationAction.Action.UNHIDE, topic=post.topic,
         post=post, reason=reason)  # fmt: skip
    return post


@transaction.atomic
def flags_dismiss(*, post: Post, moderator: Member, reason: str = "") -> int:
    count = _resolve_flags(post=post, moderator=moderator)
    _log(moderator=moderator, action=ModerationAction.Action.DISMISS, topic=post.topic,
         post=post, reason=reason)  # fmt: skip
    return count


@transaction.atomic
def topic_set_locked(*, topic: Topic, moderator: Member, locked: bool, reason: str = "") -> Topic:
    topic.locked = locked
    topic.save(update_fields=["locked", "updated_at"])
    action = ModerationAction.Action.LOCK if locked else ModerationAction.Action.UNLOCK
    _log(moderator=moderator, action=action, topic=topic, reason=reason)
    return topic


@transaction.atomic
def topic_set_pinned(*, topic: Topic, moderator: Member, pinned: bool, reason: str = "") -> Topic:
    topic.pinned = pinned
    topic.save(update_fields=["pinned", "updated_at"])
    action = ModerationAction.Action.PIN if pinned else ModerationAction.Action.UNPIN
    _log(moderator=moderator, action=action, topic=topic, reason=reason)
    return topic


@transaction.atomic
def topic_move(*, topic: Topic, moderator: Member, room: Room, reason: str = "") -> Topic:
    old_room = topic.room
    if old_room.pk == room.pk:
        return topic
    posts = Post.objects.filter(topic=topic).count()
    Room.objects.filter(pk=old_room.pk).update(
        topic_count=F("topic_count") - 1, post_count=F("post_count") - posts
    )
    Room.objects.filter(pk=room.pk).update(
        topic_count=F("topic_count") + 1,
        post_count=F("post_count") + posts,
        last_activity_at=Greatest(
            Coalesce("last_activity_at", Value(topic.last_activity_at)),
            Value(topic.last_activity_at),
        ),
    )
    topic.room = room
    topic.save(update_fields=["room", "updated_at"])
    _log(moderator=moderator, action=ModerationAction.Action.MOVE, topic=topic, reason=reason,
         detail=f"{old_room.slug} → {room.slug}")  # fmt: skip
    return topic


class PostModeration(models.TextChoices):
    """What a moderator may do to a post from the thread or the queue."""

    HIDE = "hide", _("The post is hidden.")
    UNHIDE = "unhide", _("The post is visible again.")
    DISMISS = "dismiss", _("The flags are dismissed.")


class TopicModeration(models.TextChoices):
    """What a moderator may do to a topic from its moderation page."""

    LOCK = "lock"
    UNLOCK = "unlock"
    PIN = "pin"
    UNPIN = "unpin"
    MOVE = "move"


POST_ACTIONS: dict[PostModeration, Callable[..., object]] = {
    PostModeration.HIDE: post_hide,
    PostModeration.UNHIDE: post_unhide,
    PostModeration.DISMISS: flags_dismiss,
}

TOPIC_ACTIONS: dict[TopicModeration, Callable[..., Topic]] = {
    TopicModeration.LOCK: partial(topic_set_locked, locked=True),
    TopicModeration.UNLOCK: partial(topic_set_locked, locked=False),
    TopicModeration.PIN: partial(topic_set_pinned, pinned=True),
    TopicModeration.UNPIN: partial(topic_set_pinned, pinned=False),
    TopicModeration.MOVE: topic_move,
}


def post_moderate(*, post: Post, moderator: Member, action: PostModeration, reason: str = ""):
    """One validated action -> its service (the view parses, this dispatches)."""
    return POST_ACTIONS[PostModeration(action)](post=post, moderator=moderator, reason=reason)


def topic_moderate(
    *,
    topic: Topic,
    moderator: Member,
    action: TopicModeration,
    reason: str = "",
    room: Room | None = None,
) -> Topic:
    """One validated action -> its service; a move needs the room it goes to."""
    action = TopicModeration(action)
    extra = {"room": room} if action == TopicModeration.MOVE else {}
    if action == TopicModeration.MOVE and room is None:
        raise ValueError("A move needs a room.")
    return TOPIC_ACTIONS[action](topic=topic, moderator=moderator, reason=reason, **extra)
