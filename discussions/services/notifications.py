"""Who is told about a post. The email that tells them is built later, per topic
(discussions.services.notification_emails): this only marks it owed."""

import logging
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from discussions import permissions
from discussions.models import (
    Notification,
    Post,
)
from discussions.selectors import forget_unread_counts
from members.models import Member

logger = logging.getLogger(__name__)

# Queued by name: the task module imports the services.
SEND_TASK = "discussions.tasks.send_notification_emails"


def _notify(*, post: Post, recipients: dict[int, str]) -> None:
    """Create one notification per recipient who may read the room, and mark an email owed
    for mentions and replies to the recipient's own post when they want those as they
    happen. Activity in topics and rooms they watch waits for the weekly digest."""
    recipients.pop(post.author_id, None)
    if not recipients:
        return
    allowed = dict(
        Member.objects.filter(permissions.post_readers(post), pk__in=list(recipients))
        .values_list("pk", "email_notifications")
        .distinct()
    )
    answered_author = (
        Post.objects.filter(pk=post.reply_to_id).values_list("author_id", flat=True).first()
        if post.reply_to_id
        else None
    )

    def owed(pk: int, kind: str) -> str:
        personal = kind == Notification.Kind.MENTION or (
            kind == Notification.Kind.REPLY and pk == answered_author
        )
        wanted = allowed[pk] == Member.EmailNotifications.IMMEDIATE
        return Notification.Email.DUE if personal and wanted else Notification.Email.NOT_OWED

    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                actor_id=post.author_id,
                topic=post.topic,
                post=post,
                email_status=owed(pk, kind),
            )
            for pk, kind in recipients.items()
            if pk in allowed
        ],
        ignore_conflicts=True,
    )
    forget_unread_counts(pk for pk in recipients if pk in allowed)
    due = sorted(n.recipient_id for n in created if n.email_status == Notification.Email.DUE)
    if due:
        transaction.on_commit(
            partial(queue_notification_emails, topic_id=post.topic_id, member_ids=due)
        )


def queue_notification_emails(*, topic_id: int, member_ids: list[int]) -> None:
    """After the commit: build the emails now. If the broker is down the notifications stay
    due and the sweep (`send_due_notification_emails`) sends them."""
    try:
        current_app.tasks[SEND_TASK].apply_async(
            kwargs={"topic_id": topic_id, "member_ids": member_ids},
            countdown=settings.COP_NOTIFICATION_EMAIL_DELAY,
        )
    except (OperationalError, OSError):  # the broker is unreachable: the sweep will do it
        logger.warning("notification emails for topic %s not queued (broker down)", topic_id)


def notifications_mark_read(*, member: Member) -> int:
    marked = Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread_counts([member.pk])
    return marked
