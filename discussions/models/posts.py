"""Posts and their versions.

Threads are stored as a materialised path: every post carries `path`, its ancestors'
sequence numbers joined, five digits each ("00003" answers the topic, "0000300001" answers
that). Sorting by path gives the whole thread in reading order in one query, and one
top-level sub-thread is a contiguous path range, so pages never split a sub-thread."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.rendered import markdown_fields
from discussions.models.topics import Topic

BODY_MAX_LENGTH = 20_000
# Finds the members a body mentions, to re-render it with its links (manage.py rerender).
MENTION_LINKS = "discussions.services.posts.mention_links"


SEGMENT_WIDTH = 5


# Deeper replies are stored as siblings of their parent (and still say whom they answer),
# which bounds the path length; pages show nesting to DISPLAY_DEPTH anyway.
MAX_STORED_DEPTH = 40


DISPLAY_DEPTH = 4


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
    body, body_html, body_renderer_version = markdown_fields(
        _("message"), max_length=BODY_MAX_LENGTH, mentions=MENTION_LINKS
    )
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    thanks_count = models.PositiveIntegerField(default=0, editable=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The search page's full-text vectors (English and French configurations), written by
    # a database trigger on every insert and update (cop_portal/searchvectors.py) and
    # served by GIN indexes created in the migration.
    search_en = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)

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
            # Search: a common word's newest matching posts, read newest first.
            models.Index(fields=["-created_at", "-id"], name="post_newest"),
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
    body, body_html, body_renderer_version = markdown_fields(_("message"), mentions=MENTION_LINKS)
    created_at = models.DateTimeField(help_text="when this text was written")
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"
