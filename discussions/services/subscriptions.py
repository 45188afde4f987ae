"""Watching and unwatching rooms and topics."""

from discussions.models import (
    Room,
    Subscription,
    Topic,
)
from members.models import Member


def subscribe(*, member: Member, room: Room | None = None, topic: Topic | None = None):
    subscription, _created = Subscription.objects.get_or_create(
        member=member, room=room, topic=topic
    )
    return subscription


def unsubscribe(*, member: Member, room: Room | None = None, topic: Topic | None = None) -> None:
    Subscription.objects.filter(member=member, room=room, topic=topic).delete()
