import logging

from celery import shared_task

from discussions import services
from discussions.models import Notification

logger = logging.getLogger(__name__)


@shared_task
def send_notification_email(*, notification_id: int) -> bool:
    """Email one reply or mention notification; does nothing if it is gone or already sent."""
    if not Notification.objects.filter(pk=notification_id).exists():
        logger.info("notification %s is gone; no email", notification_id)
        return False
    return services.notification_email_send(notification_id=notification_id)
