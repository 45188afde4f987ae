"""The rooms page and a room's topics."""

from django.shortcuts import render

from cop_portal.guards import deny_unless_allowed
from discussions import permissions, selectors
from discussions.views.guards import room_or_deny


def room_list(request):
    groups = selectors.rooms_with_counts(reader=request.user)
    return render(request, "discussions/room_list.html", {"groups": groups})


@deny_unless_allowed
def room_detail(request, slug: str):
    room = room_or_deny(request, slug)
    page = selectors.topic_page(room=room, reader=request.user, page_number=request.GET.get("page"))
    return render(
        request,
        "discussions/room_detail.html",
        {
            "room": room,
            "page": page,
            "can_post": permissions.can_post_in_room(request.user, room),
            "subscribed": selectors.subscription_for(member=request.user, room=room),
        },
    )
