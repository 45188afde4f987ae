"""Who is told about a post, and the email that tells them."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cop_portal.mail import send_templated_mail
from cop_portal.queue import enqueue
from discussions import permissions
from discussions.models import (
    Notification,
    Post,
)
from members.models import Member

# By name: tasks import services, so services never import tasks.
SEND_NOTIFICATION_EMAIL = "discussions.tasks.send_notification_email"


def _notify(*, post: Post, recipients: dict[int, str]) -> None:
    """Create one notification per recipient who may read the room; email after commit."""
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
    to_email = Notification.objects.filter(
        post=post,
        kind__in=[Notification.Kind.REPLY, Notification.Kind.MENTION],
        recipient__email_on_replies=True,
        emailed_at__isnull=True,
    ).values_list("pk", flat=True)
    for pk in to_email:
        transaction.on_commit(
            lambda pk=pk: enqueue(SEND_NOTIFICATION_EMAIL, notification_id=pk)  # noqa: B023
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
