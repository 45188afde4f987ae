"""What the discussions app shows on a member's profile, through members.registry."""

from django.utils.translation import gettext_lazy as _

from discussions import permissions
from discussions.models import Post
from members.registry import ProfileSection

RECENT_POSTS = 5


def recent_posts_section(*, member, viewer) -> ProfileSection:
    """The member's latest visible posts, in rooms the viewer may read. One query."""
    posts = (
        Post.objects.filter(
            author=member,
            hidden=False,
            deleted_at__isnull=True,
            topic__room__visibility__in=permissions.readable_visibilities(viewer),
        )
        .select_related("topic", "topic__room")
        .order_by("-created_at")[:RECENT_POSTS]
    )
    return ProfileSection(
        title=_("Recent posts"),
        template="discussions/includes/profile_posts.html",
        context={"posts": posts},
    )
