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
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
