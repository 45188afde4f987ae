"""Every write in the discussion rooms: one function per use case, atomic, keyword-only."""

import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cop_portal import ratelimit
from cop_portal.mail import send_templated_mail
from cop_portal.markdown import render_markdown
from discussions.mentions import find_mentions, profile_path
from discussions.models import (
    MAX_STORED_DEPTH,
    SEGMENT_WIDTH,
    Flag,
    ModerationAction,
    Notification,
    Post,
    PostVersion,
    Reaction,
    Room,
    Subscription,
    Topic,
    TopicReadState,
)
from members.models import Member
from members.permissions import STEERING_COMMITTEE

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """The member has posted too often in the last minute."""


def post_rate_check(*, member: Member) -> None:
    """Count one post attempt; raise RateLimited beyond COP_POSTS_PER_MINUTE."""
    allowed = ratelimit.hit(f"posts:{member.pk}", limit=settings.COP_POSTS_PER_MINUTE, period=60)
    if not allowed:
        raise RateLimited


def _render(body: str) -> tuple[str, dict[str, Member]]:
    mentions = find_mentions(body)
    html = render_markdown(body, mentions={t: profile_path(m) for t, m in mentions.items()})
    return html, mentions


def _readers(room: Room) -> Q:
    """Members who may read the room, as a filter on Member."""
    q = Q(is_active=True)
    if room.visibility == Room.Visibility.PUBLIC or room.visibility == Room.Visibility.MEMBERS:
        return q
    return q & (
        Q(is_superuser=True)
        | Q(groups__name=STEERING_COMMITTEE)
        | Q(pk__in=room.moderators.values("pk"))
    )


def _notify(*, post: Post, recipients: dict[int, str]) -> None:
    """Create one notification per recipient who may read the room; email after commit."""
    recipients.pop(post.author_id, None)
    if not recipients:
        return
    room = post.topic.room
    allowed = set(
        Member.objects.filter(_readers(room), pk__in=list(recipients))
        .values_list("pk", flat=True)
        .distinct()
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk, kind=kind, actor_id=post.author_id, topic=post.topic, post=post
            )
            for pk, kind in recipients.items()
            if pk in allowed
        ],
        ignore_conflicts=True,
    )
    to_email = Notification.objects.filter(
        post=post,
        kind__in=[Notification.Kind.REPLY, Notification.Kind.MENTION],
        recipient__email_on_replies=True,
        emailed_at__isnull=True,
    ).values_list("pk", flat=True)
    from discussions.tasks import send_notification_email

    for pk in to_email:
        transaction.on_commit(
            lambda pk=pk: send_notification_email.delay(notification_id=pk)  # noqa: B023
        )


def subscribe(*, member: Member, room: Room | None = None, topic: Topic | None = None):
    subscription, _created = Subscription.objects.get_or_create(
        member=member, room=room, topic=topic
    )
    return subscription


def unsubscribe(*, member: Member, room: Room | None = None, topic: Topic | None = None) -> None:
    Subscription.objects.filter(member=member, room=room, topic=topic).delete()


@transaction.atomic
def topic_create(
    *, room: Room, author: Member, title: str, body: str, tags: list[str] | None = None
) -> Topic:
    now = timezone.now()
    topic = Topic.objects.create(room=room, author=author, title=title, last_activity_at=now)
    html, mentions = _render(body)
    post = Post.objects.create(topic=topic, author=author, path="", depth=0, body=body,
                               body_html=html)  # fmt: skip
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


@transaction.atomic
def post_create(*, topic: Topic, author: Member, body: str, reply_to: Post | None = None) -> Post:
    """Reply to the topic (reply_to None) or to one of its posts."""
    if reply_to is not None and reply_to.topic_id != topic.pk:
        raise ValidationError(_("You can only reply to a post of this topic."))
    opening = Post.objects.get(topic=topic, depth=0)
    parent = reply_to or opening
    while parent.depth >= MAX_STORED_DEPTH:
        parent = parent.parent
    # The update locks the parent row until commit, so concurrent replies get distinct numbers.
    Post.objects.filter(pk=parent.pk).update(children_allocated=F("children_allocated") + 1)
    sequence = Post.objects.values_list("children_allocated", flat=True).get(pk=parent.pk)
    if sequence >= 10**SEGMENT_WIDTH:
        raise ValidationError(_("This thread has too many replies at this level."))
    html, mentions = _render(body)
    post = Post.objects.create(
        topic=topic,
        author=author,
        parent=parent,
        reply_to=reply_to or opening,
        path=f"{parent.path}{sequence:0{SEGMENT_WIDTH}d}",
        depth=parent.depth + 1,
        body=body,
        body_html=html,
    )
    now = post.created_at
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=now, last_post=post
    )
    Room.objects.filter(pk=topic.room_id).update(
        post_count=F("post_count") + 1, last_activity_at=now
    )
    recipients = dict.fromkeys(
        Subscription.objects.filter(topic=topic).values_list("member_id", flat=True),
        Notification.Kind.REPLY,
    )
    answered = reply_to or opening
    if answered.author_id and not answered.is_deleted:
        recipients[answered.author_id] = Notification.Kind.REPLY
    recipients.update({m.pk: Notification.Kind.MENTION for m in mentions.values()})
    post.topic = topic
    _notify(post=post, recipients=recipients)
    subscribe(member=author, topic=topic)
    return post


@transaction.atomic
def post_edit(*, post: Post, editor: Member, body: str) -> Post:
    if post.author_id != editor.pk:
        raise PermissionDenied
    if body == post.body:
        return post
    PostVersion.objects.create(
        post=post,
        body=post.body,
        body_html=post.body_html,
        created_at=post.edited_at or post.created_at,
    )
    post.body = body
    post.body_html, mentions = _render(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    _notify(post=post, recipients={m.pk: Notification.Kind.MENTION for m in mentions.values()})
    return post


@transaction.atomic
def post_delete(*, post: Post, member: Member) -> Post:
    """Soft: the post says it was deleted, its replies stay where they are."""
    if post.author_id != member.pk:
        raise PermissionDenied
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
    return post


@transaction.atomic
def reaction_toggle(*, post: Post, member: Member, kind: str) -> bool:
    """Add the reaction, or take it back; returns whether it is now on."""
    field = f"{Reaction.Kind(kind).value}_count"
    deleted, _rows = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(**{field: F(field) - 1})
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, member=member, kind=kind)
    except IntegrityError:  # the same click, twice at once
        return True
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})
    return True


def topic_mark_read(*, topic: Topic, member: Member) -> None:
    """One UPDATE on every visit but the first (no savepoints: this runs on every page view)."""
    now = timezone.now()
    if not TopicReadState.objects.filter(member=member, topic=topic).update(last_read_at=now):
        TopicReadState.objects.bulk_create(
            [TopicReadState(member=member, topic=topic, last_read_at=now)],
            ignore_conflicts=True,
        )


def notifications_mark_read(*, member: Member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_email_send(*, notification_id: int) -> bool:
    """Send one reply or mention email, once: the row is claimed before the mail leaves."""
    claimed = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True, recipient__email_on_replies=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related(
        "recipient", "actor", "topic__room", "post"
    ).get(pk=notification_id)
    recipient = notification.recipient
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        url = settings.SITE_URL + reverse("discussions:post-permalink", args=[notification.post_id])
        settings_url = settings.SITE_URL + reverse("discussions:notification-list")
    try:
        send_templated_mail(
            template="discussion_notification",
            to=[recipient.email],
            language=language,
            context={
                "notification": notification,
                "recipient": recipient,
                "url": url,
                "settings_url": settings_url,
            },
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


# Moderation ---------------------------------------------------------------------------


def _log(*, moderator, action, topic, post=None, reason="", detail="") -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator, action=action, topic=topic, post=post, reason=reason, detail=detail
    )


@transaction.atomic
def flag_create(*, post: Post, reporter: Member, reason: str) -> Flag:
    flag, _created = Flag.objects.get_or_create(
        post=post, reporter=reporter, resolved_at=None, defaults={"reason": reason}
    )
    return flag


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


ERASED_NAME = "[…]"


def _name_pattern(name: str) -> re.Pattern | None:
    """The member's name as typed in others' texts: "@Amina Diallo", "Amina Diallo",
    "@aminadiallo". None for names too short to replace without hitting other words."""
    name = " ".join(name.split())
    if len(name) < 4:
        return None
    handle = name.replace(" ", "")
    return re.compile(rf"@?(?<!\w)(?:{re.escape(name)}|{re.escape(handle)})(?!\w)", re.IGNORECASE)


@transaction.atomic
def member_discussion_data_erase(member: Member) -> None:
    """When a member erases their account: their watches, read markers and notifications
    go; their posts, reactions and flags stay, shown as by a former member; and their name
    is taken out of what others wrote (mentions, titles, moderation notes)."""
    Subscription.objects.filter(member=member).delete()
    TopicReadState.objects.filter(member=member).delete()
    Notification.objects.filter(recipient=member).delete()
    pattern = _name_pattern(member.display_name)
    if pattern is None:
        return
    name, handle = member.display_name, member.display_name.replace(" ", "")
    naming = Q(body__icontains=name) | Q(body__icontains=handle)
    for post in Post.objects.filter(naming):
        post.body = pattern.sub(ERASED_NAME, post.body)
        post.body_html, _mentions = _render(post.body)
        post.save(update_fields=["body", "body_html"])
    for version in PostVersion.objects.filter(naming):
        version.body = pattern.sub(ERASED_NAME, version.body)
        version.body_html, _mentions = _render(version.body)
        version.save(update_fields=["body", "body_html"])
    for topic in Topic.objects.filter(title__icontains=name):
        topic.title = pattern.sub(ERASED_NAME, topic.title)
        topic.slug = ""  # made again from the new title (the old URL still resolves by id)
        topic.save(update_fields=["title", "slug"])
    for flag in Flag.objects.filter(reason__icontains=name):
        flag.reason = pattern.sub(ERASED_NAME, flag.reason)
        flag.save(update_fields=["reason"])
    for action in ModerationAction.objects.filter(
        Q(reason__icontains=name) | Q(detail__icontains=name)
    ):
        action.reason = pattern.sub(ERASED_NAME, action.reason)
        action.detail = pattern.sub(ERASED_NAME, action.detail)
        action.save(update_fields=["reason", "detail"])
