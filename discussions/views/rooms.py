"""The rooms page and a room's topics."""

from django.shortcuts import render

from discussions import permissions, selectors
from discussions.views.guards import _guard, _readable_room


def room_list(request):
    groups = selectors.rooms_with_counts(reader=request.user)
    return render(request, "discussions/room_list.html", {"groups": groups})


@_guard
def room_detail(request, slug: str):
    room = _readable_room(request, slug)
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
