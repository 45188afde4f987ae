"""Watching a room or a topic."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from discussions.models.rooms import Room
from discussions.models.topics import Topic


class Subscription(models.Model):
    """A member watches a room (new topics) or a topic (replies). The digest reads these too."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="subscriptions", on_delete=models.CASCADE
    )
    room = models.ForeignKey(
        Room, related_name="subscriptions", on_delete=models.CASCADE, null=True, blank=True
    )
    topic = models.ForeignKey(
        Topic, related_name="subscriptions", on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(room__isnull=False, topic__isnull=True)
                | Q(room__isnull=True, topic__isnull=False),
                name="subscription_room_xor_topic",
            ),
            models.UniqueConstraint(
                fields=["member", "room"],
                condition=Q(room__isnull=False),
                name="subscription_unique_room",
            ),
            models.UniqueConstraint(
                fields=["member", "topic"],
                condition=Q(topic__isnull=False),
                name="subscription_unique_topic",
            ),
        ]
        indexes = [
            # Fan-out after a post: who watches this topic / this room.
            models.Index(fields=["topic", "member"], name="subscription_topic_member"),
            models.Index(fields=["room", "member"], name="subscription_room_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} watches {self.room_id or self.topic_id}"
