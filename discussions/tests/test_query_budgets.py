"""Exact query budgets of the discussion pages: each page costs the same number of queries
with 5 rows as with 200, and the number is written down, so a new query is a decision
(change the number in the same commit), never an accident. A page whose count grows with
its rows has an N+1: fix the selector, not the budget."""

import random

import pytest
from django.utils import timezone

from discussions.bulk import bulk_replies, bulk_topics
from discussions.models import Area, Flag, ModerationAction, Notification, Post, Room
from discussions.tests.factories import RoomFactory, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SIZES = [5, 200]


def _authors(n=5):
    return [MemberFactory() for _ in range(n)]


def _rooms(count):
    Room.objects.bulk_create(
        Room(slug=f"budget-{n}", name_en=f"Room {n}", name_fr=f"Salle {n}", order=n,
             area=Area.MAPPING, visibility=[Room.Visibility.PUBLIC, Room.Visibility.MEMBERS][n % 2])
        for n in range(count)
    )  # fmt: skip


def _big_topic(count):
    topic = make_topic(tags=["mobile money", "FHIR"])
    opening = Post.objects.get(topic=topic, depth=0)
    bulk_replies(topic=topic, opening=opening, authors=_authors(), count=count,
                 rng=random.Random(2))  # fmt: skip
    return topic


@pytest.mark.parametrize("count", SIZES)
def test_rooms_page_costs_the_same_whatever_the_rooms(
    client, member, count, django_assert_num_queries
):
    _rooms(count)
    with django_assert_num_queries(1):
        assert "Room 0<" in client.get("/en/rooms/").content.decode()
    client.force_login(member)
    with django_assert_num_queries(5):  # session, member, groups, rooms, header count
        assert f"Room {count - 1}<" in client.get("/en/rooms/").content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_room_page_costs_the_same_whatever_the_topics(
    client, member, count, django_assert_num_queries
):
    room = RoomFactory()
    bulk_topics(room=room, authors=_authors(), count=count, rng=random.Random(1))
    # room, topic count, topics, their tags
    with django_assert_num_queries(4):
        response = client.get(room.get_absolute_url())
    assert response.content.decode().count('<td class="meta">') == min(count, 25)
    client.force_login(member)
    # session, member, groups, room, topic count, topics with read state, tags, watching?,
    # header count
    with django_assert_num_queries(9):
        response = client.get(room.get_absolute_url())
    assert response.content.decode().count('<td class="meta">') == min(count, 25)


@pytest.mark.parametrize("count", SIZES)
def test_topic_page_costs_the_same_for_visitors_whatever_the_replies(
    client, count, django_assert_num_queries
):
    topic = _big_topic(count)
    # topic with room, sub-thread sizes, posts with authors, tags, tag labels
    with django_assert_num_queries(5):
        response = client.get(topic.get_absolute_url())
    assert f"{count} replies" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_topic_page_costs_the_same_for_members_whatever_the_replies(
    client, member, count, django_assert_num_queries
):
    topic = _big_topic(count)
    client.force_login(member)
    client.get(topic.get_absolute_url())  # the first visit also creates the read state
    # session, member, groups, topic with room, sub-thread sizes, posts with authors, own
    # reactions, room moderator?, watching?, tags, read state (the header count is cached by
    # the first visit)
    with django_assert_num_queries(11):
        response = client.get(topic.get_absolute_url())
    assert f"{count} replies" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_notifications_page_costs_the_same_whatever_the_notifications(
    client, member, count, django_assert_num_queries
):
    room = RoomFactory()
    bulk_topics(room=room, authors=_authors(), count=count, rng=random.Random(5))
    Notification.objects.bulk_create(
        Notification(recipient=member, actor=post.author, topic_id=post.topic_id, post=post,
                     kind="reply")
        for post in Post.objects.filter(topic__room=room).select_related("author")
    )  # fmt: skip
    client.force_login(member)
    # session, member, groups, count of lines, the lines with actors/topics/rooms/posts,
    # header count
    with django_assert_num_queries(6):
        response = client.get("/en/notifications/")
    assert response.content.decode().count("replied in") == min(count, 30)


@pytest.mark.parametrize("count", SIZES)
def test_moderation_queue_costs_the_same_whatever_the_flags(
    client, moderator, count, django_assert_num_queries
):
    topic = _big_topic(count)
    reporter = MemberFactory()
    posts = list(Post.objects.filter(topic=topic, depth__gt=0))
    Flag.objects.bulk_create(Flag(post=post, reporter=reporter, reason="Spam") for post in posts)
    ModerationAction.objects.bulk_create(
        ModerationAction(moderator=moderator, topic=topic, post=post, action="hide",
                         reason="Off topic", created_at=timezone.now())
        for post in posts
    )  # fmt: skip
    client.force_login(moderator)
    # session, member, groups, flags with posts/topics/rooms/authors/reporters,
    # log with moderators/topics/rooms/posts, header count
    with django_assert_num_queries(6):
        response = client.get("/en/rooms/moderation/")
    assert response.content.decode().count("flagged a post by") == count


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_cost_the_same_whatever_the_topics(client, count, kind, django_assert_num_queries):
    room = RoomFactory()
    bulk_topics(room=room, authors=_authors(), count=count, rng=random.Random(3))
    with django_assert_num_queries(2):  # topics with rooms and authors, their opening posts
        response = client.get(f"/en/rooms/feed/{kind}/")
    assert response.content.decode().count("mobile money payments") == min(count, 30)
    with django_assert_num_queries(3):  # the room, then the same two
        response = client.get(f"/en/rooms/{room.slug}/feed/{kind}/")
    assert response.content.decode().count("mobile money payments") == min(count, 30)
