"""Notification emails, batched per topic.

A mention or a reply to a member's own post marks an email owed (`Notification.email_status`
"due") in the post's transaction. The email is built later, by a task a minute after the post
or by the sweep if that task was lost, so that what it says is checked when it is written:
  - at most one email per member and topic until the member visits the topic again (the
    visit is `TopicReadState.last_read_at`, the row the unread markers already keep; the
    email is its `last_emailed_at`); what arrives in between is held, and folded into the
    next email after the visit ("4 new replies in ...");
  - never a post the member can no longer read (hidden, deleted, moved to a room closed to
    them), nor an email the member no longer wants.
The emails of one topic are one conversation in mail clients: the same thread root in
In-Reply-To and References, and a List-Id per room.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from cop_portal import mail
from cop_portal.models import OutgoingEmail
from discussions.models import Notification, Post, Topic, TopicReadState
from discussions.permissions import readable_post
from members.models import Member
from members.unsubscribe import NOTIFICATIONS, unsubscribe_links

logger = logging.getLogger(__name__)

OWED = [Notification.Email.DUE, Notification.Email.HELD]
# Posts quoted in one email; the others are counted and linked.
POSTS_SHOWN = 3
# Pairs the sweep handles per run; the next run takes the rest.
SWEEP_BATCH = 500


def thread_root(*, topic_id: int, member_id: int) -> str:
    """The Message-ID every notification email of this topic to this member answers: mail
    clients show them as one conversation."""
    return mail.make_message_id(f"topic-{topic_id}.member-{member_id}")


def _language(member: Member) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return member.preferred_language if member.preferred_language in codes else "en"


def _wants_emails(member: Member | None) -> bool:
    return bool(
        member is not None
        and member.is_active
        and member.email
        and member.email_notifications == Member.EmailNotifications.IMMEDIATE
    )


@transaction.atomic
def notification_email_send(*, member_id: int, topic_id: int) -> OutgoingEmail | None:
    """Build and queue the email about this topic that this member is owed, if any is due
    and may go now. Idempotent: run twice, or by the sweep too, it sends one email."""
    owed = Notification.objects.filter(
        recipient_id=member_id, topic_id=topic_id, email_status__in=OWED
    )
    if not owed.filter(email_status=Notification.Email.DUE).exists():
        return None  # a visit alone sends nothing; only new activity does
    TopicReadState.objects.bulk_create(
        [TopicReadState(member_id=member_id, topic_id=topic_id)], ignore_conflicts=True
    )
    # Locked: two tasks for the same member and topic run one after the other.
    state = TopicReadState.objects.select_for_update().get(member_id=member_id, topic_id=topic_id)
    member = Member.objects.filter(pk=member_id).first()
    if not _wants_emails(member):
        owed.update(email_status=Notification.Email.DROPPED)
        return None
    if not state.visited_since_last_email:
        owed.filter(email_status=Notification.Email.DUE).update(
            email_status=Notification.Email.HELD
        )
        return None
    notifications = list(
        owed.select_related("actor", "post__author", "topic__room").order_by("created_at", "pk")
    )
    if not notifications:
        return None
    readable = set(
        Post.objects.filter(
            readable_post(member),
            pk__in=[n.post_id for n in notifications],
            hidden=False,
            deleted_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    kept = [n for n in notifications if n.post_id in readable]
    dropped = [n.pk for n in notifications if n.post_id not in readable]
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(email_status=Notification.Email.DROPPED)
    if not kept:
        return None
    now = timezone.now()
    TopicReadState.objects.filter(pk=state.pk).update(last_emailed_at=now)
    Notification.objects.filter(pk__in=[n.pk for n in kept]).update(
        email_status=Notification.Email.SENT
    )
    return _queue_email(
        member=member,
        topic=kept[0].topic,
        notifications=kept,
        previous=state.last_emailed_at is not None,
    )


def _queue_email(
    *, member: Member, topic: Topic, notifications: list[Notification], previous: bool
) -> OutgoingEmail:
    newest = notifications[-1]
    mentions = [n for n in notifications if n.kind == Notification.Kind.MENTION]
    root = thread_root(topic_id=topic.pk, member_id=member.pk)
    with translation.override(_language(member)):
        list_id = mail.make_list_id(topic.room.slug, str(topic.room.name))
    return mail.queue_templated_mail(
        key=f"notification-email:{member.pk}:{topic.pk}:{newest.pk}",
        template="discussion_notification",
        to=member.email,
        language=_language(member),
        context={
            "recipient": member,
            "topic": topic,
            "room": topic.room,
            "count": len(notifications),
            "previous": previous,
            "notification": mentions[0] if mentions else notifications[0],
            "mention": mentions[0] if mentions else None,
            "first": notifications[0].post,
            "shown": [n.post for n in notifications[-POSTS_SHOWN:]],
            "earlier": notifications[0].post if len(notifications) > POSTS_SHOWN else None,
            "hidden_count": max(len(notifications) - POSTS_SHOWN, 0),
        },
        unsubscribe=unsubscribe_links(member, NOTIFICATIONS),
        list_id=list_id,
        message_id=mail.make_message_id(f"topic-{topic.pk}.member-{member.pk}.n{newest.pk}"),
        in_reply_to=root,
        references=[root],
    )


def notification_emails_send(*, topic_id: int, member_ids: list[int]) -> int:
    """The task's work: each member's email about the topic, each in its own transaction so
    one failure does not hold the others back (the sweep retries what stays due)."""
    sent = 0
    for member_id in member_ids:
        try:
            sent += notification_email_send(member_id=member_id, topic_id=topic_id) is not None
        except Exception:
            logger.exception("notification email for member %s, topic %s", member_id, topic_id)
    return sent


def notification_emails_sweep(*, older_than: float | None = None) -> int:
    """Beat: emails still due well after their task should have run (the broker lost it, the
    worker died) are built now. Returns how many emails went."""
    age = settings.COP_NOTIFICATION_EMAIL_DELAY + 120 if older_than is None else older_than
    cutoff = timezone.now() - timedelta(seconds=age)
    pairs = list(
        Notification.objects.filter(email_status=Notification.Email.DUE, created_at__lte=cutoff)
        .order_by()
        .values_list("recipient_id", "topic_id")
        .distinct()[:SWEEP_BATCH]
    )
    sent = 0
    for member_id, topic_id in pairs:
        sent += notification_emails_send(topic_id=topic_id, member_ids=[member_id])
    return sent
