"""Rooms, topics and threaded posts.

Threads are stored as a materialised path: every post carries `path`, its ancestors'
sequence numbers joined, five digits each ("00003" answers the topic, "0000300001" answers
that). Sorting by path gives the whole thread in reading order in one query, and one
top-level sub-thread is a contiguous path range, so pages never split a sub-thread.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000
SEGMENT_WIDTH = 5
# Deeper replies are stored as siblings of their parent (and still say whom they answer),
# which bounds the path length; pages show nesting to DISPLAY_DEPTH anyway.
MAX_STORED_DEPTH = 40
DISPLAY_DEPTH = 4


class Area(models.TextChoices):
    # Translators: one of the community's three topical areas.
    MAPPING = "mapping", pgettext_lazy("topical area", "Mapping")
    # Translators: one of the community's three topical areas.
    CURATING = "curating", pgettext_lazy("topical area", "Curating")
    # Translators: one of the community's three topical areas.
    NETWORKING = "networking", pgettext_lazy("topical area", "Networking")
    GENERAL = "general", pgettext_lazy("topical area", "General")


class Room(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        STEERING = "steering", _("Steering committee only")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("topical area"), max_length=16, choices=Area.choices)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        related_name="moderated_rooms",
        blank=True,
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["area", "order", "slug"]
        indexes = [
            # The rooms page and the home page: rooms a reader may see, grouped by area.
            models.Index(fields=["visibility", "area", "order"], name="room_visibility_area_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("discussions:room-detail", args=[self.slug])


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

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [
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


class Post(models.Model):
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), related_name="posts",
                              on_delete=models.CASCADE)  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="posts",
        on_delete=models.SET_NULL,
        null=True,
    )
    # Where the post sits in the thread (may be an ancestor of reply_to past MAX_STORED_DEPTH).
    parent = models.ForeignKey("self", related_name="children", on_delete=models.CASCADE,
                               null=True, blank=True)  # fmt: skip
    # The post it answers, named as "in reply to ..." when shown flat.
    reply_to = models.ForeignKey("self", related_name="+", on_delete=models.SET_NULL,
                                 null=True, blank=True)  # fmt: skip
    path = models.CharField(max_length=SEGMENT_WIDTH * MAX_STORED_DEPTH, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    children_allocated = models.PositiveIntegerField(default=0, editable=False)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    thanks_count = models.PositiveIntegerField(default=0, editable=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["topic", "path"]
        constraints = [
            # The opening post has the empty path; every other post a unique place in the thread.
            models.UniqueConstraint(fields=["topic", "path"], name="post_topic_path_unique"),
            models.CheckConstraint(
                condition=Q(depth=0, parent__isnull=True) | Q(depth__gt=0, parent__isnull=False),
                name="post_depth_matches_parent",
            ),
        ]
        indexes = [
            # The topic page: one page of top-level sub-threads (depth 1), by path.
            models.Index(fields=["topic", "depth", "path"], name="post_topic_depth_path"),
            # A member's own posts (data export, profile activity).
            models.Index(fields=["author", "-created_at"], name="post_author_created"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:post-permalink", args=[self.pk])

    @property
    def is_opening(self) -> bool:
        return self.depth == 0

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    @property
    def display_depth(self) -> int:
        return min(self.depth, DISPLAY_DEPTH)

    @property
    def shown_flat(self) -> bool:
        """Deeper than the page nests: shown at the last level, naming the post it answers."""
        return self.depth > DISPLAY_DEPTH or (
            self.reply_to_id is not None and self.reply_to_id != self.parent_id
        )


class PostVersion(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, related_name="versions", on_delete=models.CASCADE)
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(help_text="when this text was written")
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


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


class TopicReadState(models.Model):
    """When a member last read a topic: the room page marks topics with newer activity."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="topic_read_states", on_delete=models.CASCADE
    )
    topic = models.ForeignKey(Topic, related_name="read_states", on_delete=models.CASCADE)
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="topic_read_state_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} read {self.topic_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        MENTION = "mention", _("Mention")
        NEW_TOPIC = "new_topic", _("New topic")

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
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A post notifies a member once, whatever the reason; a retried task adds nothing.
            models.UniqueConstraint(
                fields=["recipient", "post"], name="notification_once_per_post"
            ),
        ]
        indexes = [
            # The header count and the notifications page: a member's unread first.
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


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
