"""Watching rooms and topics."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop_portal.guards import deny_unless_allowed
from discussions import services
from discussions.views.guards import NotAllowed, room_or_deny, topic_or_deny
from members.permissions import is_member


@deny_unless_allowed
@require_POST
def room_subscribe(request, slug: str):
    room = room_or_deny(request, slug)
    if not is_member(request.user):
        raise NotAllowed
    if request.POST.get("watch") == "0":
        services.unsubscribe(member=request.user, room=room)
        messages.success(request, _("You no longer watch this room."))
    else:
        services.subscribe(member=request.user, room=room)
        messages.success(request, _("You will be told about new topics in this room."))
    return redirect(room)


@deny_unless_allowed
@require_POST
def topic_subscribe(request, room_slug: str, pk: int, slug: str):
    topic = topic_or_deny(request, pk)
    if not is_member(request.user):
        raise NotAllowed
    if request.POST.get("watch") == "0":
        services.unsubscribe(member=request.user, topic=topic)
        messages.success(request, _("You no longer watch this topic."))
    else:
        services.subscribe(member=request.user, topic=topic)
        messages.success(request, _("You will be told about replies in this topic."))
    return redirect(topic)
