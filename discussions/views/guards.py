"""The discussion pages' lookups: each object is fetched through its read rule
(discussions.permissions) and refused through the shared guards (cop_portal.guards)."""

from django.http import Http404

from cop_portal.guards import NotAllowed, get_readable_or_deny, require
from discussions import permissions
from discussions.models import Post, Room, Topic
from members.permissions import can_participate


def room_or_deny(request, slug: str) -> Room:
    return get_readable_or_deny(request, Room.objects, permissions.can_read_room, slug=slug)


def topic_or_deny(request, pk: int) -> Topic:
    return get_readable_or_deny(
        request, Topic.objects.select_related("room", "author"), permissions.can_read_topic, pk=pk
    )


def post_or_deny(request, pk: int, *, deleted_ok: bool = False) -> Post:
    """The post, if the reader may see it. A deleted post exists only as its place in the
    thread (its permalink); its text, versions and actions are gone for everyone. A hidden
    post is not found by those who may not moderate its room."""
    post = get_readable_or_deny(
        request,
        Post.objects.select_related("topic__room", "author", "reply_to__author"),
        lambda user, post: permissions.can_read_topic(user, post.topic),
        pk=pk,
    )
    if not permissions.can_read_post(request.user, post):
        raise Http404
    if post.is_deleted and not deleted_ok:
        raise Http404
    return post


def participant(request) -> None:
    require(request, can_participate)


__all__ = ["NotAllowed", "participant", "post_or_deny", "room_or_deny", "topic_or_deny"]
