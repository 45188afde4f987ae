"""Reactions to posts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from discussions.models.posts import Post


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HELPFUL = "helpful", _("Helpful")
        THANKS = "thanks", _("Thanks")

    post = models.ForeignKey(Post, related_name="reactions", on_delete=models.CASCADE)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="reactions", on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="reaction_one_per_member_kind"
            ),
        ]
        indexes = [
            # The topic page: the reader's own reactions on the posts shown.
            models.Index(fields=["member", "post"], name="reaction_member_post"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.post_id}"
