"""Who may do what in the discussion rooms, in one place. Views and templates ask here."""

from discussions.models import Post, Room, Topic
from members.permissions import can_participate, is_member, is_moderator, is_steering


def readable_visibilities(member) -> list[str]:
    """The room visibilities a reader may open (pending members read members' rooms)."""
    visibilities = [Room.Visibility.PUBLIC]
    if is_member(member):
        visibilities.append(Room.Visibility.MEMBERS)
    if is_steering(member):
        visibilities.append(Room.Visibility.STEERING)
    return visibilities


def _names_room_moderator(member, room: Room) -> bool:
    if not is_member(member):
        return False
    cache = member.__dict__.setdefault("_cop_moderated_rooms", {})
    if room.pk not in cache:
        cache[room.pk] = room.moderators.filter(pk=member.pk).exists()
    return cache[room.pk]


def can_read_room(member, room: Room) -> bool:
    if room.visibility in readable_visibilities(member):
        return True
    return _names_room_moderator(member, room)


def can_moderate(member, room: Room) -> bool:
    return can_participate(member) and (is_moderator(member) or _names_room_moderator(member, room))


def can_moderate_anywhere(member) -> bool:
    return can_participate(member) and (is_moderator(member) or member.moderated_rooms.exists())


def can_post_in_room(member, room: Room) -> bool:
    return can_participate(member) and can_read_room(member, room)


def can_reply(member, topic: Topic) -> bool:
    """Locked topics take no more replies, except from the room's moderators."""
    if not can_post_in_room(member, topic.room):
        return False
    return not topic.locked or can_moderate(member, topic.room)


def can_see_post(member, post: Post) -> bool:
    return not post.hidden or can_moderate(member, post.topic.room)


def can_edit_post(member, post: Post) -> bool:
    return (
        can_participate(member)
        and post.author_id == member.pk
        and not post.is_deleted
        and not post.hidden
        and can_read_room(member, post.topic.room)
    )


def can_react(member, post: Post) -> bool:
    return (
        can_post_in_room(member, post.topic.room)
        and not post.is_deleted
        and not post.hidden
        and post.author_id != member.pk
    )


def can_flag(member, post: Post) -> bool:
    return (
        can_post_in_room(member, post.topic.room)
        and post.author_id != member.pk
        and not post.is_deleted
        and not post.hidden
    )
