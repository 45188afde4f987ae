"""Topics and what each member has read of them."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from discussions.models.rooms import Room

TITLE_MAX_LENGTH = 200


class Topic(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("room"), related_name="topics",
                             on_delete=models.CASCADE)  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="topics",
        on_delete=models.SET_NULL,
        null=True,
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False, blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), editable=False)
    last_post = models.ForeignKey(
        "Post", related_name="+", on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The search page's full-text vectors (English and French configurations), written by
    # a database trigger on every insert and update (cop_portal/searchvectors.py) and
    # served by GIN indexes created in the migration, with a trigram index on
    # the title for "did you mean".
    search_en = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [
            # Search: a common word's newest matching topics, read newest first.
            models.Index(fields=["-last_activity_at", "-id"], name="topic_newest_activity"),
            # The room page: pinned topics first, then by last activity.
            models.Index(
                fields=["room", "-pinned", "-last_activity_at", "-id"], name="topic_room_listing"
            ),
            # The feeds and the digest: newest topics.
            models.Index(fields=["room", "-created_at"], name="topic_room_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80] or "topic"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("discussions:topic-detail", args=[self.room.slug, self.pk, self.slug])


class TopicReadState(models.Model):
    """When a member last read a topic (the room page marks topics with newer activity) and
    last had an email about it: no second email goes before a visit after the first.
    A row made by an email before any visit has no `last_read_at`."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="topic_read_states", on_delete=models.CASCADE
    )
    topic = models.ForeignKey(Topic, related_name="read_states", on_delete=models.CASCADE)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="topic_read_state_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} read {self.topic_id}"

    @property
    def visited_since_last_email(self) -> bool:
        if self.last_emailed_at is None:
            return True
        return self.last_read_at is not None and self.last_read_at > self.last_emailed_at
