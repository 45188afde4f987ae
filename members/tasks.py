import logging

from celery import shared_task

from cop_portal.mail import send_templated_mail
from members.models import Member

logger = logging.getLogger(__name__)


@shared_task
def send_membership_decision(*, member_id: int) -> None:
    """Tell a member, in their language, that their membership was approved or declined."""
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        logger.info("membership decision: member %s is gone", member_id)
        return
    template = {
        Member.Approval.APPROVED: "membership_approved",
        Member.Approval.DECLINED: "membership_declined",
    }.get(member.approval)
    if template is None:
        return
    send_templated_mail(
        template=template,
        to=[member.email],
        language=member.preferred_language,
        context={"member": member},
    )
