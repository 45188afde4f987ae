"""The one way the portal sends email.

An email is queued as a row of the outbox (`OutgoingEmail`), rendered in its reader's language,
in the same transaction as the change that owes it; after the commit a Celery task sends that
row (`cop_portal.tasks.send_outgoing_email`) and marks it sent once SMTP accepted it. A task
lost on the way (Redis restarted, a process killed) is made good by `requeue_pending_emails`,
which queues rows left pending again. Delivery is at least once: see `outgoing_email_send`.

This module imports no app: callers pass the recipient's address and language.
"""

import logging
import re
import smtplib
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.header import Header
from email.utils import formataddr, make_msgid, parseaddr
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cop_portal.models import OutgoingEmail

logger = logging.getLogger(__name__)

# What a failed send raises when the mail server is down, slow or refuses for now.
SEND_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


def absolute_url(path: str) -> str:
    """A link a mail client can follow: the site's address in front of a site-relative path."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def reverse_absolute(viewname: str, *, args=None, kwargs=None) -> str:
    """`reverse` made absolute, in the active language (call it inside the email's language)."""
    return absolute_url(reverse(viewname, args=args, kwargs=kwargs))


def mail_domain() -> str:
    """The site's domain (COP_EMAIL_DOMAIN, else SITE_URL's host): Message-IDs and List-Ids
    carry it, never the machine's name (`@localhost` is what spam filters and threading
    dislike)."""
    return settings.COP_EMAIL_DOMAIN or urlsplit(settings.SITE_URL).hostname or "localhost"


def make_message_id(local: str = "") -> str:
    """A Message-ID on the site's domain: `<local@domain>` for a stable one (a thread's root),
    a unique one otherwise."""
    if not local:
        return make_msgid(domain=mail_domain())
    return f"<{local}@{mail_domain()}>"


def make_list_id(label: str, name: str = "") -> str:
    """A List-Id (RFC 2919) on the site's domain, e.g. `"Payments" <payments.cop.example.org>`:
    mail clients filter on it. A non-ASCII name is encoded on its own so the `<...>` part
    stays readable to filters."""
    label = re.sub(r"[^A-Za-z0-9-]+", "-", label).strip("-").lower() or "list"
    value = f"<{label}.{mail_domain()}>"
    if not name:
        return value
    name = " ".join(name.split())
    if name.isascii():
        phrase = '"{}"'.format(name.replace("\\", "\\\\").replace('"', '\\"'))
    else:
        # One line: a folded header value would be refused as a header injection.
        phrase = Header(name, "utf-8").encode(linesep=" ")
    return f"{phrase} {value}"


@dataclass(frozen=True)
class Unsubscribe:
    """How the recipient stops this kind of email, all absolute: a signed, login-free `url`
    that also takes RFC 8058's one-click POST, a `mailto`, and their `preferences_url`.
    Built by the app that knows the member (members.unsubscribe.unsubscribe_links)."""

    url: str
    mailto: str = ""
    preferences_url: str = ""


def sender() -> str:
    """DEFAULT_FROM_EMAIL's address under the portal's name in the active language."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((str(settings.COP_EMAIL_FROM_NAME), address))


_SUBJECT_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def subject_line(subject: str) -> str:
    """One line, with the prefix in the active language ("[CoP]", "[CdP]")."""
    prefix = str(settings.COP_EMAIL_SUBJECT_PREFIX).strip()
    # Line breaks and runs of ASCII white space become one space; French typography's
    # no-break spaces (before ":", inside « ») stay as they are.
    subject = _SUBJECT_SPACE.sub(" ", subject).strip(" ")
    return f"{prefix} {subject}" if prefix else subject


def _render_text(name: str, context: dict) -> str:
    """Plain-text parts are not HTML: nothing in them is escaped (O'Brien stays O'Brien)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def queue_templated_mail(
    *,
    key: str,
    template: str,
    to: str,
    language: str,
    context: dict,
    reply_to: tuple[str, ...] | list[str] = (),
    unsubscribe: Unsubscribe | None = None,
    unsubscribe_url: str = "",
    one_click: bool = False,
    list_id: str = "",
    message_id: str = "",
    in_reply_to: str = "",
    references: Sequence[str] = (),
    headers: dict | None = None,
) -> OutgoingEmail:
    """Render templates/emails/<template>/{subject.txt,body.txt[,body.html]} in `language`
    for one recipient and queue it.

    `unsubscribe` gives the List-Unsubscribe headers (URL and mailto, one-click) and the
    footer's links (`unsubscribe_url`, `preferences_url` in the context, read by
    templates/emails/includes/footer.*). `list_id`, `message_id`, `in_reply_to` and
    `references` are written as those headers (see `make_list_id()` and `make_message_id()`)."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"language": language, **context}
        if unsubscribe is not None:
            context.setdefault("unsubscribe_url", unsubscribe.url)
            context.setdefault("preferences_url", unsubscribe.preferences_url)
        subject = _render_text(f"emails/{template}/subject.txt", context)
        body_text = _render_text(f"emails/{template}/body.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}/body.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return queue_mail(
        key=key,
        to=to,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        reply_to=reply_to,
        unsubscribe=unsubscribe,
        unsubscribe_url=unsubscribe_url,
        one_click=one_click,
        list_id=list_id,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        headers=headers,
    )


def message_headers(
    *,
    headers: dict | None = None,
    unsubscribe: Unsubscribe | None = None,
    unsubscribe_url: str = "",
    one_click: bool = False,
    list_id: str = "",
    message_id: str = "",
    in_reply_to: str = "",
    references: Sequence[str] = (),
) -> dict:
    """The headers an outbox row stores: List-Unsubscribe (URL and mailto; one-click for a
    signed, login-free `unsubscribe`), List-Id, a Message-ID on the site's domain (so a
    retried send is the same message) and the thread's In-Reply-To and References."""
    headers = dict(headers or {})
    if unsubscribe is not None:
        targets = [unsubscribe.url, unsubscribe.mailto]
        headers["List-Unsubscribe"] = ", ".join(f"<{t}>" for t in targets if t)
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    elif unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{absolute_url(unsubscribe_url)}>"
        if one_click:
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if list_id:
        headers["List-Id"] = list_id
    headers.setdefault("Message-ID", message_id or make_message_id())
    if in_reply_to:
        headers["In-Reply-To"] = in_reply_to
    if references:
        headers["References"] = " ".join(references)
    return headers


def queue_mail(
    *,
    key: str,
    to: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    reply_to: tuple[str, ...] | list[str] = (),
    unsubscribe: Unsubscribe | None = None,
    unsubscribe_url: str = "",
    one_click: bool = False,
    list_id: str = "",
    message_id: str = "",
    in_reply_to: str = "",
    references: Sequence[str] = (),
    headers: dict | None = None,
) -> OutgoingEmail:
    """Write one email to the outbox and send it after the commit.

    Call it inside the transaction of the change that owes the email: if that rolls back,
    no email is owed; if it commits, the row is there even when the task never runs.
    The same key twice makes one row (and one email). `unsubscribe_url` becomes the
    List-Unsubscribe header; `one_click` promises (RFC 8058) that a bare POST to it
    unsubscribes, which only a signed, login-free URL can keep: `unsubscribe` is that
    (URL and mailto, always one-click). Every row gets a Message-ID on the site's domain,
    stored with it, so a retried send is the same message.
    """
    headers = message_headers(
        headers=headers,
        unsubscribe=unsubscribe,
        unsubscribe_url=unsubscribe_url,
        one_click=one_click,
        list_id=list_id,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        defaults = {
            "recipient": to,
            "language": language or settings.LANGUAGE_CODE,
            "from_email": sender(),
            "reply_to": list(reply_to),
            "subject": subject_line(subject),
            "body_text": body_text,
            "body_html": body_html,
            "headers": headers,
            "last_attempt_at": timezone.now(),
        }
    email, created = OutgoingEmail.objects.get_or_create(key=key[:200], defaults=defaults)
    if created:
        transaction.on_commit(partial(enqueue, email_id=email.pk))
    return email


def enqueue(*, email_id: int) -> None:
    """Hand a row to the worker; if the broker is down the row waits for the requeue task."""
    from cop_portal.tasks import send_outgoing_email  # the task module imports this one

    try:
        send_outgoing_email.delay(email_id=email_id)
    except Exception:  # the broker is unreachable: the row stays pending, nothing is lost
        logger.warning("email %s not queued (broker down); the requeue task will", email_id)


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=[email.recipient],
        reply_to=email.reply_to,
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def outgoing_email_send(*, email_id: int) -> str:
    """Send one pending row and mark it sent; return its status ("busy" if another worker
    holds it right now, "gone" if it was deleted).

    The row stays locked while SMTP is talking, so two workers never send it together. If the
    process dies or the database connection drops after SMTP accepted the message but before
    the commit, the row is still pending and is sent again later: at least once, never lost.
    A send that fails raises; the caller records it (`outgoing_email_record_failure`).
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None:
            return "busy" if OutgoingEmail.objects.filter(pk=email_id).exists() else "gone"
        if email.status != OutgoingEmail.Status.PENDING:
            return email.status
        _message(email).send()
        now = timezone.now()
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.SENT,
            sent_at=now,
            last_attempt_at=now,
            attempts=F("attempts") + 1,
            last_error="",
        )
    return OutgoingEmail.Status.SENT


def outgoing_email_record_failure(*, email_id: int, error: BaseException) -> bool:
    """Count a failed attempt; after the last one the row is marked failed and logged.
    Returns whether another attempt is due."""
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).update(
        attempts=F("attempts") + 1, last_error=repr(error)[:2000], last_attempt_at=now
    )
    given_up = OutgoingEmail.objects.filter(
        pk=email_id,
        status=OutgoingEmail.Status.PENDING,
        attempts__gte=settings.COP_EMAIL_MAX_ATTEMPTS,
    ).update(status=OutgoingEmail.Status.FAILED)
    if given_up:
        logger.error("email %s failed after its last attempt: %r", email_id, error)
        return False
    return OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).exists()


def retry_delay(attempt: int) -> float:
    """Seconds to wait before the next attempt: doubling from COP_EMAIL_RETRY_DELAY."""
    return min(
        settings.COP_EMAIL_RETRY_DELAY * 2 ** max(attempt - 1, 0),
        settings.COP_EMAIL_RETRY_MAX_DELAY,
    )


def outgoing_emails_requeue(*, older_than: float | None = None) -> int:
    """Queue again the rows left pending longer than COP_EMAIL_REQUEUE_AFTER seconds since
    they were queued or last tried; returns how many."""
    age = settings.COP_EMAIL_REQUEUE_AFTER if older_than is None else older_than
    now = timezone.now()
    cutoff = now - timedelta(seconds=age)
    stale = Q(status=OutgoingEmail.Status.PENDING) & (
        Q(last_attempt_at__lte=cutoff) | Q(last_attempt_at__isnull=True)
    )
    ids = list(OutgoingEmail.objects.filter(stale).values_list("pk", flat=True)[:1000])
    # Stamped first, so the next beat leaves them alone while these tasks run.
    OutgoingEmail.objects.filter(pk__in=ids).update(last_attempt_at=now)
    for pk in ids:
        enqueue(email_id=pk)
    if ids:
        logger.info("requeued %d pending emails", len(ids))
    return len(ids)


def outgoing_emails_retry(*, email_ids) -> int:
    """The admin's "retry": failed rows become pending again with fresh attempts, and go."""
    ids = list(
        OutgoingEmail.objects.filter(pk__in=email_ids)
        .exclude(status=OutgoingEmail.Status.SENT)
        .values_list("pk", flat=True)
    )
    OutgoingEmail.objects.filter(pk__in=ids).update(
        status=OutgoingEmail.Status.PENDING, attempts=0, last_attempt_at=timezone.now()
    )
    for pk in ids:
        transaction.on_commit(partial(enqueue, email_id=pk))
    return len(ids)


def outgoing_emails_purge() -> int:
    """Delete sent emails older than COP_EMAIL_KEEP_DAYS: the outbox is not an archive of
    members' addresses and messages. Returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.COP_EMAIL_KEEP_DAYS)
    deleted, _by_model = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted


def outgoing_emails_forget(*, address: str) -> int:
    """Account erasure: the outbox keeps no email addressed to an erased member, whether
    sent, pending or failed (a pending one would only reach an account that is gone)."""
    deleted, _by_model = OutgoingEmail.objects.filter(recipient__iexact=address).delete()
    return deleted


# Batches: many messages written at once and sent over one SMTP connection (the weekly digest).
# The rows are the same outbox rows as above; only the way they are sent differs.


def render_templated(*, template: str, language: str, context: dict) -> tuple[str, str, str]:
    """templates/emails/<template>/{subject.txt,body.txt[,body.html]} rendered in `language`:
    (subject, text, HTML). For callers that write their rows with `outbox_add_many`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"language": language, **context}
        subject = _render_text(f"emails/{template}/subject.txt", context)
        body_text = _render_text(f"emails/{template}/body.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}/body.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return subject, body_text, body_html


def outbox_add_many(messages: list[dict]) -> dict[str, int]:
    """Write many outbox rows in two queries, without a task per row: the caller sends them
    with `outgoing_emails_send_batch` (and the requeue task sends any it leaves pending).
    Each message is a dict of `queue_mail`'s arguments (key, to, language, subject,
    body_text, body_html, reply_to, unsubscribe, list_id, headers); a key already in the
    outbox keeps its row. Returns each key's row id."""
    rows = []
    for message in messages:
        language = message.get("language") or settings.LANGUAGE_CODE
        headers = message_headers(
            headers=message.get("headers"),
            unsubscribe=message.get("unsubscribe"),
            list_id=message.get("list_id", ""),
        )
        with translation.override(language):
            rows.append(
                OutgoingEmail(
                    key=message["key"][:200],
                    recipient=message["to"],
                    language=language,
                    from_email=sender(),
                    reply_to=list(message.get("reply_to") or ()),
                    subject=subject_line(message["subject"]),
                    body_text=message["body_text"],
                    body_html=message.get("body_html", ""),
                    headers=headers,
                    last_attempt_at=timezone.now(),
                )
            )
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [row.key for row in rows]
    return dict(OutgoingEmail.objects.filter(key__in=keys).values_list("key", "pk"))


def _permanent(error: BaseException) -> bool:
    """The server refused the recipient for good (5xx): trying again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def outgoing_emails_send_batch(*, email_ids, on_sent=None) -> dict[int, object]:
    """Send pending rows over one SMTP connection, each marked sent in its own transaction
    as soon as the server took it (so a crash repeats at most the message in flight).

    `on_sent(email_id, sent_at)` runs inside that transaction (the caller marks its own
    record). A refused recipient or a dropped connection is recorded on its row
    (`outgoing_email_record_failure`; a 5xx refusal fails the row at once) and the batch
    goes on, reconnecting when the connection was lost. Returns each id's outcome: a
    status ("sent", "busy", "gone", ...) or the error."""
    from django.core.mail import get_connection

    ids = list(email_ids)
    outcomes: dict[int, object] = {}
    connection = get_connection()
    try:
        connection.open()
    except SEND_ERRORS as error:
        for pk in ids:
            outcomes[pk] = error
            outgoing_email_record_failure(email_id=pk, error=error)
        return outcomes
    try:
        for index, pk in enumerate(ids):
            try:
                with transaction.atomic():
                    email = (
                        OutgoingEmail.objects.select_for_update(skip_locked=True)
                        .filter(pk=pk)
                        .first()
                    )
                    if email is None:
                        exists = OutgoingEmail.objects.filter(pk=pk).exists()
                        outcomes[pk] = "busy" if exists else "gone"
                        continue
                    if email.status != OutgoingEmail.Status.PENDING:
                        outcomes[pk] = email.status
                        continue
                    message = _message(email)
                    message.connection = connection
                    message.send()
                    now = timezone.now()
                    OutgoingEmail.objects.filter(pk=pk).update(
                        status=OutgoingEmail.Status.SENT,
                        sent_at=now,
                        last_attempt_at=now,
                        attempts=F("attempts") + 1,
                        last_error="",
                    )
                    if on_sent is not None:
                        on_sent(pk, now)
                outcomes[pk] = OutgoingEmail.Status.SENT
            except SEND_ERRORS as error:
                outcomes[pk] = error
                logger.warning("email %s not sent: %r", pk, error)
                outgoing_email_record_failure(email_id=pk, error=error)
                if _permanent(error):
                    OutgoingEmail.objects.filter(pk=pk, status=OutgoingEmail.Status.PENDING).update(
                        status=OutgoingEmail.Status.FAILED
                    )
                if isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
                    continue  # the server answered: the connection is still good
                _close_quietly(connection)
                try:
                    connection.open()
                except SEND_ERRORS as again:
                    for rest in ids[index + 1 :]:
                        outcomes[rest] = again
                        outgoing_email_record_failure(email_id=rest, error=again)
                    break
    finally:
        _close_quietly(connection)
    return outcomes


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except SEND_ERRORS:
        connection.connection = None


def outgoing_emails_reset(*, email_ids) -> int:
    """Failed rows become pending again with fresh attempts, without a task each: for a
    caller that sends them itself with `outgoing_emails_send_batch`."""
    return (
        OutgoingEmail.objects.filter(pk__in=list(email_ids))
        .exclude(status=OutgoingEmail.Status.SENT)
        .update(
            status=OutgoingEmail.Status.PENDING,
            attempts=0,
            last_error="",
            last_attempt_at=timezone.now(),
        )
    )
