"""Celery tasks of the discussion rooms: thin, by ids, idempotent."""

from celery import shared_task

from discussions.services import notification_emails


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_notification_emails(*, topic_id: int, member_ids: list[int]) -> int:
    """Queued a minute after a post that owes emails (mentions, replies to one's post)."""
    return notification_emails.notification_emails_send(topic_id=topic_id, member_ids=member_ids)


@shared_task(acks_late=True)
def send_due_notification_emails() -> int:
    """Beat, every COP_NOTIFICATION_EMAIL_SWEEP_EVERY seconds: emails whose task was lost."""
    return notification_emails.notification_emails_sweep()
