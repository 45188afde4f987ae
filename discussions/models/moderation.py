"""Flags and the moderation log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from discussions.models.posts import Post
from discussions.models.topics import Topic


class Flag(models.Model):
    post = models.ForeignKey(Post, related_name="flags", on_delete=models.CASCADE)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="flags", on_delete=models.CASCADE
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="flag_one_open_per_reporter",
            ),
        ]
        indexes = [
            # The moderation queue: open flags, oldest first.
            models.Index(fields=["resolved_at", "created_at"], name="flag_open_queue"),
        ]

    def __str__(self) -> str:
        return f"flag on {self.post_id}"


class ModerationAction(models.Model):
    """Who did what, when and why: the log moderators read."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        UNHIDE = "unhide", _("Restored a post")
        LOCK = "lock", _("Locked a topic")
        UNLOCK = "unlock", _("Unlocked a topic")
        PIN = "pin", _("Pinned a topic")
        UNPIN = "unpin", _("Unpinned a topic")
        MOVE = "move", _("Moved a topic")
        DISMISS = "dismiss", _("Dismissed flags")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    topic = models.ForeignKey(Topic, related_name="moderation_actions", on_delete=models.CASCADE)
    post = models.ForeignKey(
        Post, related_name="moderation_actions", on_delete=models.CASCADE, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The moderation log, newest first.
            models.Index(fields=["-created_at"], name="moderation_action_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.topic_id}"
