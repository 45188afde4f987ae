"""Admin changes go through the services: HTML, versions and counters stay true."""

import pytest
from django.urls import reverse

from discussions.models import ModerationAction, Post, PostVersion, Room, Topic
from discussions.tests.factories import RoomFactory, make_reply, make_topic

pytestmark = pytest.mark.django_db


def _topic_form(topic: Topic, **changes) -> dict:
    data = {
        "room": topic.room_id, "title": topic.title, "slug": topic.slug,
        "pinned": "on" if topic.pinned else "", "locked": "on" if topic.locked else "",
        "tags": "",
    }  # fmt: skip
    return {**data, **changes}


def test_a_body_edited_in_admin_is_rendered_again_and_versioned(admin_client, member):
    topic = make_topic(author=member)
    post = make_reply(topic=topic, author=member, body="Pay *late*.")
    url = reverse("admin:discussions_post_change", args=[post.pk])
    response = admin_client.post(url, {"body": "Pay **on time**, ask @amina-diallo."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Pay **on time**, ask @amina-diallo."
    assert "<strong>on time</strong>" in post.body_html
    assert f'href="/members/{member.pk}/"' in post.body_html
    assert post.edited_at is not None
    assert list(PostVersion.objects.filter(post=post).values_list("body", flat=True)) == [
        "Pay *late*."
    ]
    page = admin_client.get(topic.get_absolute_url()).content.decode()
    assert "<strong>on time</strong>" in page


def test_hiding_a_post_in_admin_is_logged_like_a_moderators_hide(admin_client, admin_user):
    post = make_reply(topic=make_topic(), body="Spam")
    url = reverse("admin:discussions_post_change", args=[post.pk])
    admin_client.post(url, {"body": "Spam", "hidden": "on"})
    post.refresh_from_db()
    assert post.hidden
    assert ModerationAction.objects.get(post=post).moderator == admin_user


def test_a_topic_moved_in_admin_leaves_both_rooms_counts_right(admin_client):
    old_room, new_room = RoomFactory(), RoomFactory()
    topic = make_topic(room=old_room)
    make_reply(topic=topic)
    make_reply(topic=topic)
    make_topic(room=new_room)
    url = reverse("admin:discussions_topic_change", args=[topic.pk])
    response = admin_client.post(url, _topic_form(topic, room=new_room.pk))
    assert response.status_code == 302
    old_room.refresh_from_db()
    new_room.refresh_from_db()
    assert (old_room.topic_count, old_room.post_count) == (0, 0)
    assert (new_room.topic_count, new_room.post_count) == (2, 4)
    assert Topic.objects.get(pk=topic.pk).room == new_room
    assert ModerationAction.objects.get(topic=topic).action == ModerationAction.Action.MOVE


def test_a_topic_deleted_in_admin_leaves_its_rooms_counts_right(admin_client):
    room = RoomFactory()
    kept = make_topic(room=room)
    doomed = make_topic(room=room)
    make_reply(topic=doomed)
    response = admin_client.post(
        reverse("admin:discussions_topic_delete", args=[doomed.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.topic_count, room.post_count) == (1, 1)
    assert room.last_activity_at == kept.last_activity_at
    assert not Topic.objects.filter(pk=doomed.pk).exists()


def test_topics_deleted_by_the_admin_action_leave_counts_right(admin_client):
    room = RoomFactory()
    topics = [make_topic(room=room) for _ in range(3)]
    make_reply(topic=topics[0])
    response = admin_client.post(
        reverse("admin:discussions_topic_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in topics[:2]],
         "post": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.topic_count, room.post_count) == (1, 1)


def test_a_reply_deleted_in_admin_takes_its_replies_and_leaves_counts_right(admin_client):
    room = RoomFactory()
    topic = make_topic(room=room)
    first = make_reply(topic=topic)
    doomed = make_reply(topic=topic)
    make_reply(topic=topic, reply_to=doomed)
    response = admin_client.post(
        reverse("admin:discussions_post_delete", args=[doomed.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    topic.refresh_from_db()
    assert room.post_count == 2
    assert topic.reply_count == 1
    assert topic.last_post == first
    assert list(Post.objects.filter(topic=topic).order_by("path")) == [first.parent, first]
    assert Room.objects.get(pk=room.pk).last_activity_at == first.created_at
