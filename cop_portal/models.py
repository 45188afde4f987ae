"""The outbox: every email the portal owes is a row, written in the same transaction as the
change that causes it, so neither a lost task nor a dead process can lose it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Whoever queues an email names it ("membership-approved:12:2026-11-28…"): queueing the
    # same key twice makes one row.
    key = models.CharField(_("message key"), max_length=200)
    recipient = models.EmailField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    from_email = models.CharField(_("from"), max_length=320)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When a task last picked the row up (or it was queued): the requeue task leaves rows
    # alone while this is recent.
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="outgoing_email_key_unique"),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="outgoing_email_sent_iff_sent_at",
            ),
        ]
        indexes = [
            # requeue_pending_emails: pending rows not tried lately; the admin's status filter.
            models.Index(fields=["status", "last_attempt_at"], name="outgoing_email_status_idx"),
            # The admin's list, newest first.
            models.Index(fields=["-created_at"], name="outgoing_email_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class GlossaryTerm(models.Model):
    """A term of the field in both languages, for the search page: a query naming one of
    the synonyms also looks for the others, so a search in French finds what was written
    only in English ("monnaie mobile" finds "mobile money") and the other way round."""

    english = models.TextField(
        _("English terms"), help_text=_("One per line: mobile money, mobile payment.")
    )
    french = models.TextField(
        _("French terms"), help_text=_("One per line: monnaie mobile, paiement mobile.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]

    def __str__(self) -> str:
        return f"{self.english.splitlines()[0] if self.english else ''} / " + (
            self.french.splitlines()[0] if self.french else ""
        )

    @property
    def synonyms(self) -> list[str]:
        return [
            line.strip()
            for line in (*self.english.splitlines(), *self.french.splitlines())
            if line.strip()
        ]
