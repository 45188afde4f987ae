"""Each read rule in its shapes agrees with itself: for every role and every object of a
world covering every visibility, `can_read_x(member, obj)` is true exactly when the object
is in `Model.objects.filter(readable_x(member))`, and (rooms, topics, posts) exactly when
the member is among the object's readers (notification recipients)."""

import pytest
from django.utils import timezone

from conftest import ROLES
from discussions import permissions
from discussions.models import Post, Room, Topic
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members import permissions as member_permissions
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLES, "room_moderator"]


@pytest.fixture
def world(db):
    author = MemberFactory(display_name="Room Author")
    rooms = [RoomFactory(visibility=v, slug=f"{v}-room") for v in Room.Visibility.values]
    named = RoomFactory(visibility=Room.Visibility.STEERING, slug="named-steering-room")
    rooms.append(named)
    posts = []
    for room in rooms:
        topic = make_topic(room=room, author=author, title=f"In {room.slug}")
        visible = make_reply(topic=topic, author=author, body="Visible")
        hidden = make_reply(topic=topic, author=author, body="Hidden")
        deleted = make_reply(topic=topic, author=author, body="Deleted")
        Post.objects.filter(pk=hidden.pk).update(hidden=True)
        Post.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
        posts += [visible, hidden, deleted]
    MemberFactory(display_name="Public Profile", profile_visibility="public")
    MemberFactory(display_name="Members Profile", profile_visibility="members")
    MemberFactory(display_name="Unverified", profile_visibility="public", verified=False)
    MemberFactory(display_name="Unapproved", profile_visibility="public", approval="pending")
    MemberFactory(display_name="Inactive", profile_visibility="public", is_active=False)
    return named


@pytest.fixture(params=ALL_ROLES)
def reader(request, world):
    if request.param == "visitor":
        return None
    if request.param == "room_moderator":
        person = MemberFactory(display_name="Named Moderator")
        world.moderators.add(person)
        return person
    return request.getfixturevalue(request.param)


PAIRS = [
    (Room, permissions.can_read_room, permissions.readable_room, permissions.room_rule),
    (Topic, permissions.can_read_topic, permissions.readable_topic, permissions.topic_rule),
    (Post, permissions.can_read_post, permissions.readable_post, permissions.post_rule),
    (Room, permissions.can_moderate, permissions.moderable_room, permissions.moderation_rule),
    (Member, member_permissions.can_view_profile, member_permissions.readable_profile, None),
]


@pytest.mark.parametrize(
    ("model", "check", "readable", "rule"), PAIRS, ids=lambda p: getattr(p, "__name__", "")
)
def test_the_check_and_the_list_agree_for_every_role_and_object(
    reader, model, check, readable, rule
):
    listed = set(model.objects.filter(readable(reader)).values_list("pk", flat=True))
    for obj in model.objects.all():
        assert check(reader, obj) == (obj.pk in listed), (obj, reader)
        if rule is not None and reader is not None:
            readers = Member.objects.filter(rule.readers(obj), pk=reader.pk)
            assert check(reader, obj) == readers.exists(), (obj, reader)


def test_related_rows_reuse_the_room_rule_through_a_prefix(world, member):
    readable = set(Post.objects.filter(permissions.readable_room(member, "topic__room__")))
    assert readable == set(Post.objects.filter(topic__room__visibility__in=["public", "members"]))


def _readable(model, readable, reader, field):
    return set(model.objects.filter(readable(reader)).values_list(field, flat=True))


def test_what_each_role_reads(world, pending, member, moderator, steering, staff):
    named = MemberFactory()
    world.moderators.add(named)
    rooms = lambda who: _readable(Room, permissions.readable_room, who, "slug")  # noqa: E731
    assert rooms(None) == {"public-room"}
    assert rooms(pending) == rooms(member) == rooms(moderator) == {"public-room", "members-room"}
    everything = {"public-room", "members-room", "steering-room", "named-steering-room"}
    assert rooms(steering) == rooms(staff) == everything
    assert rooms(named) == {"public-room", "members-room", "named-steering-room"}

    bodies = lambda who: _readable(Post, permissions.readable_post, who, "body")  # noqa: E731
    assert "Hidden" not in bodies(member)
    assert "Hidden" in bodies(moderator)
    hidden_in = set(
        Post.objects.filter(permissions.readable_post(named), hidden=True).values_list(
            "topic__room__slug", flat=True
        )
    )
    assert hidden_in == {"named-steering-room"}

    names = lambda who: _readable(  # noqa: E731
        Member, member_permissions.readable_profile, who, "display_name"
    )
    assert {"Public Profile"} <= names(None)
    assert "Members Profile" not in names(None)
    assert {"Public Profile", "Members Profile"} <= names(member)
    assert not {"Unverified", "Unapproved", "Inactive"} & names(staff)
    assert "Pat Pending" in names(pending)  # a member always reads their own profile


def test_profile_recent_posts_include_rooms_the_viewer_moderates_by_name(client, member):
    """The profile once re-stated the room rule and forgot named room moderators."""
    author = MemberFactory(profile_visibility="public")
    room = RoomFactory(visibility="steering")
    room.moderators.add(member)
    make_topic(room=room, author=author, title="Committee budget 2027")
    make_topic(room=RoomFactory(visibility="steering"), author=author, title="Other steering")

    client.force_login(member)
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Committee budget 2027" in html
    assert "Other steering" not in html


def test_a_visitor_asked_for_an_unapproved_members_profile_is_sent_to_log_in(client, member):
    unapproved = MemberFactory(profile_visibility="public", approval="pending")
    response = client.get(unapproved.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)
    assert client.get(unapproved.get_absolute_url()).status_code == 403
