"""Writing, editing and deleting posts, with the per-member posting rate."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cop_portal import ratelimit
from cop_portal.rendered import render_into
from discussions.mentions import find_mentions, profile_path
from discussions.models import (
    MAX_STORED_DEPTH,
    SEGMENT_WIDTH,
    Notification,
    Post,
    PostVersion,
    Room,
    Subscription,
    Topic,
)
from discussions.services.notifications import _notify
from discussions.services.subscriptions import subscribe
from members.models import Member

# The same reply sent again this soon (a double click, a form resubmitted) is the same reply.
DUPLICATE_WINDOW = timedelta(minutes=2)


class RateLimited(Exception):
    """The member has posted too often in the last minute."""


def post_rate_check(*, member: Member) -> None:
    """Count one post attempt; raise RateLimited beyond COP_POSTS_PER_MINUTE."""
    allowed = ratelimit.hit(f"posts:{member.pk}", limit=settings.COP_POSTS_PER_MINUTE, period=60)
    if not allowed:
        raise RateLimited


def mention_links(body: str) -> dict[str, str]:
    """Typed mention -> profile path: what the renderer links in a post body."""
    return {typed: profile_path(member) for typed, member in find_mentions(body).items()}


def render_body(instance: Post | PostVersion, body: str) -> tuple[list[str], dict[str, Member]]:
    """Render `body` into the post (or version): the changed field names and the mentions."""
    mentions = find_mentions(body)
    links = {typed: profile_path(member) for typed, member in mentions.items()}
    return render_into(instance, "body", body, mentions=links), mentions


@transaction.atomic
def post_create(*, topic: Topic, author: Member, body: str, parent: Post | None = None) -> Post:
    """Reply to the topic, or to `parent`, one of its posts.

    The row keeps the answered post in `reply_to`; its own `parent` column is where it is
    stored in the tree, an ancestor of the answered post once that is MAX_STORED_DEPTH deep."""
    if parent is not None and parent.topic_id != topic.pk:
        raise ValidationError(_("You can only reply to a post of this topic."))
    opening = Post.objects.get(topic=topic, depth=0)
    answered = parent or opening
    slot = answered
    while slot.depth >= MAX_STORED_DEPTH:
        slot = slot.parent
    # The update locks the slot's row until commit, so concurrent replies get distinct numbers.
    Post.objects.filter(pk=slot.pk).update(children_allocated=F("children_allocated") + 1)
    # Under that lock: a second submission of the same text waits for the first to commit,
    # then finds it and answers with it instead of posting it twice.
    duplicate = (
        Post.objects.filter(
            topic=topic,
            author=author,
            reply_to=answered,
            body=body,
            deleted_at__isnull=True,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .order_by("pk")
        .first()
    )
    if duplicate is not None:
        return duplicate
    sequence = Post.objects.values_list("children_allocated", flat=True).get(pk=slot.pk)
    if sequence >= 10**SEGMENT_WIDTH:
        raise ValidationError(_("This thread has too many replies at this level."))
    post = Post(
        topic=topic,
        author=author,
        parent=slot,
        reply_to=answered,
        path=f"{slot.path}{sequence:0{SEGMENT_WIDTH}d}",
        depth=slot.depth + 1,
    )
    _fields, mentions = render_body(post, body)
    post.save(force_insert=True)
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
    if answered.author_id and not answered.is_deleted:
        recipients[answered.author_id] = Notification.Kind.REPLY
    recipients.update({m.pk: Notification.Kind.MENTION for m in mentions.values()})
    post.topic = topic
    _notify(post=post, recipients=recipients)
    subscribe(member=author, topic=topic)
    return post


@transaction.atomic
def post_edit(*, post: Post, editor: Member, body: str) -> Post:
    """The author's edit, or staff's in admin: the old text becomes a version."""
    if post.author_id != editor.pk and not editor.has_perm("discussions.change_post"):
        raise PermissionDenied
    if body == post.body:
        return post
    version = PostVersion(post=post, created_at=post.edited_at or post.created_at)
    render_body(version, post.body)
    version.save(force_insert=True)
    changed, mentions = render_body(post, body)
    post.edited_at = timezone.now()
    post.save(update_fields=[*changed, "edited_at"])
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
