"""The weekly digest's record: one run per period, one delivery per member and run.

A delivery row is written before its email is sent and marked after, so a second run of the
same period (a crash, a rerun from the shell) sends only what is not marked sent yet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestRun(models.Model):
    # ISO week, "2026-W48": one run per week, whoever starts it (beat or the shell).
    period = models.CharField(_("period"), max_length=16, unique=True)
    # Activity up to this moment goes in; a rerun of the period uses the same moment, so it
    # builds the same digests.
    cutoff = models.DateTimeField(_("activity up to"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")
        ordering = ["-cutoff"]

    def __str__(self) -> str:
        return self.period


class DigestDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED_EMPTY = "skipped_empty", _("Skipped: nothing new")
        SKIPPED = "skipped", _("Skipped: not sendable")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(
        DigestRun, verbose_name=_("run"), related_name="deliveries", on_delete=models.CASCADE
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        related_name="digest_deliveries",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # The outbox row that carries this digest (kept while the outbox keeps it).
    email = models.ForeignKey(
        "cop_portal.OutgoingEmail",
        verbose_name=_("email"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        ordering = ["run", "member_id"]
        constraints = [
            # A member gets one digest per period, however often the period is run.
            models.UniqueConstraint(fields=["member", "run"], name="digest_delivery_once"),
        ]
        indexes = [
            # The admin's counts per run and status; a chunk's deliveries still to send.
            models.Index(fields=["run", "status"], name="digest_delivery_run_status"),
            # "Since their last digest": a member's earlier deliveries.
            models.Index(fields=["member", "status"], name="digest_delivery_member_status"),
        ]

    def __str__(self) -> str:
        return f"{self.run} → {self.member_id}: {self.status}"
