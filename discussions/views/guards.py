"""Who may open a discussion page: visitors are sent to log in, members told no."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from discussions import permissions
from discussions.models import Post, Room, Topic
from members.permissions import can_participate, is_member


def _deny(request):
    """Visitors are asked to log in; members who may not are told so."""
    if not is_member(request.user):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _readable_room(request, slug: str) -> Room:
    room = get_object_or_404(Room, slug=slug)
    if not permissions.can_read_room(request.user, room):
        raise _NotAllowed
    return room


class _NotAllowed(Exception):
    pass


def _guard(view):
    """Turn _NotAllowed into a login redirect (visitor) or a 403 (member)."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NotAllowed:
            return _deny(request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _topic(request, pk: int) -> Topic:
    topic = get_object_or_404(Topic.objects.select_related("room", "author"), pk=pk)
    if not permissions.can_read_room(request.user, topic.room):
        raise _NotAllowed
    return topic


def _post(request, pk: int, *, deleted_ok: bool = False) -> Post:
    """The post, if the reader may see it. A deleted post exists only as its place in the
    thread (its permalink); its text, versions and actions are gone for everyone."""
    post = get_object_or_404(
        Post.objects.select_related("topic__room", "author", "reply_to__author"), pk=pk
    )
    if not permissions.can_read_room(request.user, post.topic.room):
        raise _NotAllowed
    if not permissions.can_see_post(request.user, post):
        raise Http404
    if post.is_deleted and not deleted_ok:
        raise Http404
    return post


def _participant(request):
    if not is_member(request.user):
        raise _NotAllowed
    if not can_participate(request.user):
        raise _NotAllowed
