"""Marking notifications read: all at once, or one line of the page when it is followed."""

from django.utils import timezone

from discussions.models import Notification
from discussions.selectors import forget_unread_counts
from members.models import Member


def notification_group_mark_read(*, member: Member, notification: Notification) -> int:
    """Mark read every notification on the same line of the page (same topic and kind)."""
    marked = Notification.objects.filter(
        recipient=member,
        topic_id=notification.topic_id,
        kind=notification.kind,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    forget_unread_counts([member.pk])
    return marked
