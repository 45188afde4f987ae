"""Who may do what in the discussion rooms, in one place. Views and templates ask here.

The read rules are stated once each (cop_portal.access) and give a check for one row and a
filter for lists: `can_read_room` / `readable_room`, `can_read_topic` / `readable_topic`,
`can_read_post` / `readable_post`, and who may read an object (`post_readers`).
"""

from django.db.models import Q

from cop_portal import access
from discussions.models import Post, Room, Topic
from members.permissions import (
    anyone,
    can_participate,
    is_member,
    is_moderator,
    is_steering,
)

# Pending members read members' rooms; a room's named moderators read it whatever it is.
room_rule = access.Rule(
    Room,
    access.Table(
        "visibility",
        {
            Room.Visibility.PUBLIC: anyone,
            Room.Visibility.MEMBERS: is_member,
            Room.Visibility.STEERING: is_steering,
        },
    )
    | access.Grant("moderators", who=is_member),
)
can_read_room, readable_room = room_rule.pair()

# Approved members in the Moderators group (and superusers) moderate every room; approved
# members named on a room moderate that room.
moderation_rule = access.Rule(
    Room,
    access.Who(can_participate)
    & (access.Who(is_moderator) | access.Grant("moderators", who=can_participate)),
)
can_moderate, moderable_room = moderation_rule.pair()

topic_rule = access.Rule(Topic, access.Via("room", room_rule))
can_read_topic, readable_topic = topic_rule.pair()

# A hidden post is shown only to those who may moderate its room. A deleted post stays
# readable as its place in the thread (its permalink); its text is gone for everyone.
post_rule = access.Rule(
    Post,
    access.Via("topic__room", room_rule)
    & (access.Where(hidden=False) | access.Via("topic__room", moderation_rule)),
)
can_read_post, readable_post = post_rule.pair()


def _members(condition: Q) -> Q:
    return condition & Q(is_active=True)


def room_readers(room: Room) -> Q:
    """The members who may read a room, as a filter on Member."""
    return _members(room_rule.readers(room))


def post_readers(post: Post) -> Q:
    return _members(post_rule.readers(post))


def room_moderators(room: Room) -> Q:
    """The members who may moderate a room and read it, as a filter on Member."""
    return _members(moderation_rule.readers(room) & room_rule.readers(room))


def can_moderate_anywhere(member) -> bool:
    """The moderation queue's door: some room the member may moderate."""
    if not can_participate(member):
        return False
    return is_moderator(member) or Room.objects.filter(moderable_room(member)).exists()


def can_post_in_room(member, room: Room) -> bool:
    return can_participate(member) and can_read_room(member, room)


def can_reply(member, topic: Topic) -> bool:
    """Locked topics take no more replies, except from the room's moderators."""
    if not can_post_in_room(member, topic.room):
        return False
    return not topic.locked or can_moderate(member, topic.room)


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
