"""Who is told about a post, and the email that tells them."""

from django.utils import timezone

from cop_portal import mail
from cop_portal.models import OutgoingEmail
from discussions import permissions
from discussions.models import (
    Notification,
    Post,
)
from discussions.selectors import forget_unread_counts
from members.models import Member
from members.unsubscribe import NOTIFICATIONS, unsubscribe_links


def _notify(*, post: Post, recipients: dict[int, str]) -> None:
    """Create one notification per recipient who may read the room, and queue its email."""
    recipients.pop(post.author_id, None)
    if not recipients:
        return
    allowed = set(
        Member.objects.filter(permissions.post_readers(post), pk__in=list(recipients))
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
    forget_unread_counts(pk for pk in recipients if pk in allowed)
    _queue_emails(post=post)


def _queue_emails(*, post: Post) -> None:
    """Reply and mention emails, written to the outbox in the post's own transaction (so a
    process that dies after the commit loses none); one per notification, even when an edit
    notifies again."""
    notifications = list(
        Notification.objects.filter(
            post=post,
            kind__in=[Notification.Kind.REPLY, Notification.Kind.MENTION],
            recipient__email_notifications=Member.EmailNotifications.IMMEDIATE,
            recipient__is_active=True,
        ).select_related("recipient", "actor", "topic__room", "post")
    )
    keys = {notification.pk: f"notification:{notification.pk}" for notification in notifications}
    queued = set(OutgoingEmail.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    for notification in notifications:
        if keys[notification.pk] in queued:
            continue
        recipient = notification.recipient
        mail.queue_templated_mail(
            key=keys[notification.pk],
            template="discussion_notification",
            to=recipient.email,
            language=recipient.preferred_language,
            context={"notification": notification, "recipient": recipient},
            unsubscribe=unsubscribe_links(recipient, NOTIFICATIONS),
        )


def notifications_mark_read(*, member: Member) -> int:
    marked = Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread_counts([member.pk])
    return marked
