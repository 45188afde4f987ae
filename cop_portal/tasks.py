"""The outbox's two tasks: send one row, and queue again rows whose task was lost."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from cop_portal import mail

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_outgoing_email(self, *, email_id: int) -> str:
    """Send one outbox row; on an SMTP or network error try again later, doubling the wait,
    until COP_EMAIL_MAX_ATTEMPTS (counted on the row, so a requeued task does not start over).
    Run eagerly (no Redis), a failure leaves the row pending instead of failing the request."""
    try:
        status = mail.outgoing_email_send(email_id=email_id)
    except mail.SEND_ERRORS as error:
        logger.warning("email %s not sent: %r", email_id, error)
        again = mail.outgoing_email_record_failure(email_id=email_id, error=error)
        if not again:
            return "failed"
        if self.request.is_eager:
            return "pending"
        attempts = mail.OutgoingEmail.objects.filter(pk=email_id).values_list("attempts", flat=True)
        raise self.retry(countdown=mail.retry_delay(attempts.first() or 1)) from error
    except DatabaseError as error:
        # The database went away, perhaps after SMTP accepted the message: the row is still
        # pending, so it is sent again (a possible duplicate, never a loss).
        if self.request.is_eager or self.request.retries >= settings.COP_EMAIL_MAX_ATTEMPTS:
            raise
        logger.warning("email %s: database error %r; trying again", email_id, error)
        raise self.retry(countdown=mail.retry_delay(self.request.retries + 1)) from error
    if status == "busy" and not self.request.is_eager:
        # Another worker is sending this row right now; look again once it is done.
        raise self.retry(countdown=mail.retry_delay(1))
    return status


@shared_task(acks_late=True)
def requeue_pending_emails() -> int:
    """Beat, every COP_EMAIL_REQUEUE_EVERY seconds: rows left pending are queued again."""
    return mail.outgoing_emails_requeue()


@shared_task(acks_late=True)
def purge_sent_emails() -> int:
    """Beat, hourly: sent emails older than COP_EMAIL_KEEP_DAYS are deleted."""
    return mail.outgoing_emails_purge()
