"""Starting a weekly run, and building and sending one chunk of it.

A run is one `DigestRun` per ISO week. Starting it selects the members the digest is for,
leaves out those already done for the period, and queues one task per chunk after the
commit. A chunk writes each member's `DigestDelivery` (and outbox row) before sending and
marks it sent in the same transaction as the outbox row, so running the period again sends
only what was not sent: none lost, none twice.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from cop_portal import mail
from cop_portal.models import OutgoingEmail
from digests.content import (
    SHOWN,
    Digest,
    build_digests,
    chunk_members,
    eligible_members,
    excerpt,
    not_sendable,
)
from digests.models import DigestDelivery, DigestRun
from members.models import Member
from members.unsubscribe import DIGEST as DIGEST_SCOPE
from members.unsubscribe import unsubscribe_links

logger = logging.getLogger(__name__)

PERIOD = re.compile(r"^(\d{4})-W(\d{2})$")
DONE = (DigestDelivery.Status.SENT, DigestDelivery.Status.SKIPPED_EMPTY)


def current_period(now: datetime | None = None) -> str:
    year, week, _day = (now or timezone.now()).isocalendar()
    return f"{year}-W{week:02d}"


def valid_period(period: str) -> bool:
    match = PERIOD.match(period or "")
    if not match:
        return False
    try:
        datetime.strptime(f"{period}-1", "%G-W%V-%u")
    except ValueError:
        return False
    return True


def _chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _queue_chunk(*, run_id: int, member_ids: list[int]) -> None:
    """Queued by name: digests.tasks imports this module."""
    current_app.signature(
        "digests.tasks.send_digest_chunk", kwargs={"run_id": run_id, "member_ids": member_ids}
    ).delay()


@transaction.atomic
def digest_run_start(*, period: str, member_ids=None) -> tuple[DigestRun, int]:
    """Open (or reopen) the period's run and queue its chunks after the commit; returns the
    run and how many members were queued. A member already sent (or found with nothing new)
    for this period is not queued again; failed ones are."""
    run, _created = DigestRun.objects.get_or_create(
        period=period, defaults={"cutoff": timezone.now()}
    )
    members = Member.objects.filter(eligible_members())
    if member_ids is not None:
        members = members.filter(pk__in=list(member_ids))
    done = DigestDelivery.objects.filter(run=run, status__in=DONE).values("member_id")
    ids = list(members.exclude(pk__in=done).order_by("pk").values_list("pk", flat=True))
    for chunk in _chunks(ids, settings.COP_DIGEST_CHUNK_SIZE):
        transaction.on_commit(partial(_queue_chunk, run_id=run.pk, member_ids=chunk))
    logger.info("digest run %s: %d members queued", run.period, len(ids))
    return run, len(ids)


@functools.cache
def _preview_url(language: str) -> str:
    with translation.override(language):
        return mail.reverse_absolute("digests:preview")


def digest_context(digest: Digest, *, unsubscribe: mail.Unsubscribe | None = None) -> dict:
    """What the digest templates read, in the member's language (call inside it)."""
    for post in digest.mentions[:5] + digest.replies[:5]:
        post.excerpt = getattr(post, "excerpt", None) or excerpt(post)
    for activity in digest.watched[: SHOWN["topics"]]:
        for post in activity.shown:
            post.excerpt = getattr(post, "excerpt", None) or excerpt(post)
    return {
        "digest": digest,
        "headline_count": (
            len(digest.mentions)
            + len(digest.replies)
            + digest.watched_reply_count
            + len(digest.new_topics)
            + len(digest.evidence)
            + digest.new_event_count
            + digest.new_polls
        ),
        "site_name": settings.COP_EMAIL_FROM_NAME,
        "preview_url": _preview_url(translation.get_language()),
        "preferences_url": unsubscribe.preferences_url if unsubscribe else "",
        "unsubscribe_url": unsubscribe.url if unsubscribe else "",
    }


def digest_render(
    digest: Digest, *, unsubscribe: mail.Unsubscribe | None = None
) -> tuple[str, str, str]:
    """(subject, text, HTML) of one member's digest, in their language."""
    language = digest.language
    unsubscribe = unsubscribe or unsubscribe_links(digest.member, DIGEST_SCOPE)
    with translation.override(language):
        context = digest_context(digest, unsubscribe=unsubscribe)
    return mail.render_templated(template="digest", language=language, context=context)


@dataclass
class ChunkResult:
    sent: int = 0
    skipped_empty: int = 0
    skipped: int = 0
    failed: int = 0
    pending: int = 0
    queries: int = 0
    errors: list[str] = field(default_factory=list)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def digest_chunk_send(*, run_id: int, member_ids) -> ChunkResult:
    """Build, write and send one chunk's digests; safe to run again (see the module doc)."""
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        result = _chunk_send(run_id=run_id, member_ids=list(member_ids))
    result.queries = counter.count
    logger.info(
        "digest chunk of run %s: %d members, %d sent, %d empty, %d skipped, %d failed, "
        "%d pending, %d queries",
        run_id,
        len(member_ids),
        result.sent,
        result.skipped_empty,
        result.skipped,
        result.failed,
        result.pending,
        result.queries,
    )
    return result


def _chunk_send(*, run_id: int, member_ids: list[int]) -> ChunkResult:
    result = ChunkResult()
    run = DigestRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.info("digest run %s is gone; chunk dropped", run_id)
        return result
    deliveries = {
        d.member_id: d
        for d in DigestDelivery.objects.filter(run=run, member_id__in=member_ids).select_related(
            "email"
        )
    }
    to_build, to_send, to_reset = [], [], []
    for member_id in member_ids:
        delivery = deliveries.get(member_id)
        if delivery is None or delivery.email is None:
            if delivery is None or delivery.status not in DONE:
                to_build.append(member_id)
            continue
        if delivery.status in DONE:
            continue
        if delivery.email.status == OutgoingEmail.Status.SENT:
            # Sent by the outbox's own task (the requeue) after an earlier try of this chunk.
            DigestDelivery.objects.filter(pk=delivery.pk).update(
                status=DigestDelivery.Status.SENT, sent_at=delivery.email.sent_at, error=""
            )
            continue
        if delivery.email.status == OutgoingEmail.Status.FAILED:
            to_reset.append(delivery.email_id)
        to_send.append(delivery.email_id)

    members = chunk_members(to_build)
    sendable = []
    rows = []
    for member in members:
        reason = not_sendable(member)
        if reason:
            rows.append(
                DigestDelivery(
                    run=run, member=member, status=DigestDelivery.Status.SKIPPED, error=reason
                )
            )
            result.skipped += 1
        else:
            sendable.append(member)
    messages, digests = [], {}
    list_id = mail.make_list_id("digest", str(settings.COP_EMAIL_FROM_NAME))
    for digest in build_digests(sendable, until=run.cutoff, run_id=run.pk):
        member = digest.member
        if digest.is_empty:
            rows.append(
                DigestDelivery(run=run, member=member, status=DigestDelivery.Status.SKIPPED_EMPTY)
            )
            result.skipped_empty += 1
            continue
        try:
            unsubscribe = unsubscribe_links(member, DIGEST_SCOPE)
            subject, body_text, body_html = digest_render(digest, unsubscribe=unsubscribe)
        except Exception as error:  # one member's bad data never stops the chunk
            logger.exception("digest for member %s not rendered", member.pk)
            failed = DigestDelivery.Status.FAILED
            rows.append(DigestDelivery(run=run, member=member, status=failed, error=repr(error)))
            result.failed += 1
            continue
        key = f"digest:{run.period}:{member.pk}"
        digests[key] = member
        messages.append(
            {
                "key": key,
                "to": member.email,
                "language": digest.language,
                "subject": subject,
                "body_text": body_text,
                "body_html": body_html,
                "unsubscribe": unsubscribe,
                "list_id": list_id,
                "headers": {"Auto-Submitted": "auto-generated", "Precedence": "bulk"},
            }
        )
    with transaction.atomic():
        email_ids = mail.outbox_add_many(messages) if messages else {}
        for key, member in digests.items():
            rows.append(
                DigestDelivery(
                    run=run,
                    member=member,
                    email_id=email_ids.get(key),
                    status=DigestDelivery.Status.PENDING,
                )
            )
        if rows:
            DigestDelivery.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["member", "run"],
                update_fields=["status", "email", "error"],
            )
    to_send += [email_ids[key] for key in digests if key in email_ids]
    if to_reset:
        mail.outgoing_emails_reset(email_ids=to_reset)
        DigestDelivery.objects.filter(run=run, email_id__in=to_reset).update(
            status=DigestDelivery.Status.PENDING
        )
    if not to_send:
        return result

    # The outbox row is marked sent in the same transaction as the message; the deliveries
    # follow in one statement (a crash in between leaves them pending with their email sent,
    # which the next try of the chunk, or of the period, marks sent without sending).
    outcomes = mail.outgoing_emails_send_batch(email_ids=to_send)
    sent_ids = [pk for pk, outcome in outcomes.items() if outcome == OutgoingEmail.Status.SENT]
    DigestDelivery.objects.filter(run=run, email_id__in=sent_ids).update(
        status=DigestDelivery.Status.SENT, sent_at=timezone.now(), error=""
    )
    troubled = [pk for pk, outcome in outcomes.items() if outcome != OutgoingEmail.Status.SENT]
    result.sent = len(outcomes) - len(troubled)
    for email in OutgoingEmail.objects.filter(pk__in=troubled).only("pk", "status", "last_error"):
        if email.status == OutgoingEmail.Status.FAILED:
            DigestDelivery.objects.filter(run=run, email_id=email.pk).update(
                status=DigestDelivery.Status.FAILED, error=email.last_error
            )
            result.failed += 1
            result.errors.append(email.last_error)
        elif email.status == OutgoingEmail.Status.PENDING:
            DigestDelivery.objects.filter(run=run, email_id=email.pk).update(error=email.last_error)
            result.pending += 1
        else:  # sent meanwhile by another worker
            DigestDelivery.objects.filter(run=run, email_id=email.pk).update(
                status=DigestDelivery.Status.SENT, sent_at=timezone.now(), error=""
            )
    return result


def digest_preview(*, member: Member) -> Digest:
    """The member's next digest as it stands now (the "view in the browser" page)."""
    members = chunk_members([member.pk])
    return build_digests(members, until=timezone.now())[0]


def digest_deliveries_resend_failed(*, run: DigestRun) -> int:
    """The admin's action: the run's failed deliveries are tried again; returns how many."""
    member_ids = list(
        DigestDelivery.objects.filter(run=run, status=DigestDelivery.Status.FAILED).values_list(
            "member_id", flat=True
        )
    )
    DigestDelivery.objects.filter(
        run=run, status=DigestDelivery.Status.FAILED, email__isnull=True
    ).update(status=DigestDelivery.Status.PENDING)
    for chunk in _chunks(member_ids, settings.COP_DIGEST_CHUNK_SIZE):
        transaction.on_commit(partial(_queue_chunk, run_id=run.pk, member_ids=chunk))
    return len(member_ids)


def erase_member_deliveries(member: Member) -> None:
    """Account erasure: the record of the member's digests goes (its errors name the address)."""
    DigestDelivery.objects.filter(member=member).delete()
