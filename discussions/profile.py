"""What the discussions app shows on a member's profile, through members.registry."""

from django.utils.translation import gettext_lazy as _

from discussions import permissions
from discussions.models import Post
from members.registry import ProfileSection

RECENT_POSTS = 5


def recent_posts_section(*, member, viewer) -> ProfileSection:
    """The member's latest posts the viewer may read, hidden and deleted ones left out
    (a profile shows what someone said, not what moderators removed). One query."""
    posts = (
        Post.objects.filter(
            permissions.readable_post(viewer),
            author=member,
            hidden=False,
            deleted_at__isnull=True,
        )
        .select_related("topic", "topic__room")
        .order_by("-created_at")[:RECENT_POSTS]
    )
    return ProfileSection(
        title=_("Recent posts"),
        template="discussions/includes/profile_posts.html",
        context={"posts": posts},
    )
