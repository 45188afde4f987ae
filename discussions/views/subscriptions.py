"""Watching rooms and topics."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions import services
from discussions.views.guards import _guard, _NotAllowed, _readable_room, _topic
from members.permissions import is_member


@_guard
@require_POST
def room_subscribe(request, slug: str):
    room = _readable_room(request, slug)
    if not is_member(request.user):
        raise _NotAllowed
    if request.POST.get("watch") == "0":
        services.unsubscribe(member=request.user, room=room)
        messages.success(request, _("You no longer watch this room."))
    else:
        services.subscribe(member=request.user, room=room)
        messages.success(request, _("You will be told about new topics in this room."))
    return redirect(room)


@_guard
@require_POST
def topic_subscribe(request, room_slug: str, pk: int, slug: str):
    topic = _topic(request, pk)
    if not is_member(request.user):
        raise _NotAllowed
    if request.POST.get("watch") == "0":
        services.unsubscribe(member=request.user, topic=topic)
        messages.success(request, _("You no longer watch this topic."))
    else:
        services.subscribe(member=request.user, topic=topic)
        messages.success(request, _("You will be told about replies in this topic."))
    return redirect(topic)
