"""The weekly run's two tasks: start the period (beat), and send one chunk."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from cop_portal import mail
from digests import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def start_weekly_digest(*, period: str = "") -> int:
    """Beat, weekly (COP_DIGEST_WEEKDAY at COP_DIGEST_HOUR): this week's run, in chunks."""
    _run, queued = services.digest_run_start(period=period or services.current_period())
    return queued


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_digest_chunk(self, *, run_id: int, member_ids: list[int]) -> int:
    """Build and send one chunk; while some of its emails are still pending (SMTP down,
    a recipient refused for now), try again later, as the outbox does, until each row is
    sent or has used its COP_EMAIL_MAX_ATTEMPTS."""
    try:
        result = services.digest_chunk_send(run_id=run_id, member_ids=member_ids)
    except DatabaseError as error:
        if self.request.is_eager or self.request.retries >= settings.COP_EMAIL_MAX_ATTEMPTS:
            raise
        logger.warning("digest chunk of run %s: database error %r; trying again", run_id, error)
        raise self.retry(countdown=mail.retry_delay(self.request.retries + 1)) from error
    if result.pending and not self.request.is_eager:
        raise self.retry(countdown=mail.retry_delay(self.request.retries + 1))
    return result.sent
