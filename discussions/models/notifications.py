"""What a member is told about: replies, mentions and watched activity."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from discussions.models.posts import Post
from discussions.models.topics import Topic


class Notification(models.Model):
    class Kind(models.TextChoices):
        # Translators: the noun, shown as a notification's kind; "Reply" the verb is a button.
        REPLY = "reply", pgettext_lazy("notification kind", "Reply")
        MENTION = "mention", _("Mention")
        NEW_TOPIC = "new_topic", _("New topic")
        FLAG = "flag", _("Flagged post")

    class Email(models.TextChoices):
        """Where the notification stands on the way to an email (mentions and replies to the
        member's own posts, for members who want them as they happen)."""

        NOT_OWED = "", pgettext_lazy("notification email", "not emailed")
        # Written with the post: a task (or the sweep, if the task was lost) builds the email.
        DUE = "due", pgettext_lazy("notification email", "due")
        # An email about the topic went and the member has not visited it since: this waits
        # for the next email, after a visit ("3 new replies in ...").
        HELD = "held", pgettext_lazy("notification email", "held until a visit")
        SENT = "sent", pgettext_lazy("notification email", "sent")
        # Unreadable when the email was built (hidden, deleted, room closed) or no longer wanted.
        DROPPED = "dropped", pgettext_lazy("notification email", "dropped")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="notifications", on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    topic = models.ForeignKey(Topic, related_name="notifications", on_delete=models.CASCADE)
    post = models.ForeignKey(Post, related_name="notifications", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=8, choices=Email.choices, default=Email.NOT_OWED, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A post notifies a member once, whatever the reason; a retried task adds nothing.
            # A flag is news of another kind: a moderator who watches the topic hears of both.
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=~models.Q(kind="flag"),
                name="notification_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=models.Q(kind="flag"),
                name="notification_flag_once_per_post",
            ),
        ]
        indexes = [
            # The header count and the notifications page: a member's unread first.
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
            # The sweep that sends emails whose task was lost: due ones, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_status="due"),
                name="notification_email_due",
            ),
            # Building one member's email about one topic: what is due or held.
            models.Index(
                fields=["recipient", "topic"],
                condition=models.Q(email_status__in=["due", "held"]),
                name="notification_email_owed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
