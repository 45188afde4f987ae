"""Moderation actions are validated once and dispatched by the service layer."""

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import ModerationAction, Room
from discussions.tests.factories import RoomFactory, make_reply, make_topic

pytestmark = pytest.mark.django_db


def test_every_post_and_topic_action_has_its_service():
    assert set(services.moderation.POST_ACTIONS) == set(services.PostModeration)
    assert set(services.moderation.TOPIC_ACTIONS) == set(services.TopicModeration)


@pytest.mark.parametrize("action", ["", "delete", "HIDE", "hide "])
def test_an_unknown_post_action_is_not_found_and_changes_nothing(client, moderator, action):
    post = make_reply(topic=make_topic())
    client.force_login(moderator)
    response = client.post(reverse("discussions:post-moderate", args=[post.pk]), {"action": action})
    assert response.status_code == 404
    post.refresh_from_db()
    assert not post.hidden
    assert not ModerationAction.objects.exists()


def test_an_unknown_topic_action_is_not_found_and_changes_nothing(client, moderator):
    topic = make_topic()
    client.force_login(moderator)
    url = reverse("discussions:topic-moderate", args=[topic.room.slug, topic.pk, topic.slug])
    response = client.post(url, {"action": "delete", "reason": "spam"})
    assert response.status_code == 404
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("lock", "locked", True), ("pin", "pinned", True)],
)
def test_a_topic_action_is_done_and_logged_with_its_reason(client, moderator, action, field, value):
    topic = make_topic()
    client.force_login(moderator)
    url = reverse("discussions:topic-moderate", args=[topic.room.slug, topic.pk, topic.slug])
    response = client.post(url, {"action": action, "reason": "Resolved"}, follow=True)
    assert "Done. The action is recorded in the moderation log." in response.content.decode()
    topic.refresh_from_db()
    assert getattr(topic, field) is value
    assert ModerationAction.objects.get().reason == "Resolved"


def test_a_move_through_the_dispatcher_needs_a_room(moderator):
    topic = make_topic()
    with pytest.raises(ValueError):
        services.topic_moderate(topic=topic, moderator=moderator, action="move")
    moved = services.topic_moderate(
        topic=topic, moderator=moderator, action="move", room=RoomFactory()
    )
    assert Room.objects.get(pk=moved.room_id).topic_count == 1


def test_hiding_a_post_says_so_in_the_readers_language(client, moderator):
    post = make_reply(topic=make_topic())
    client.force_login(moderator)
    url = reverse("discussions:post-moderate", args=[post.pk]).replace("/en/", "/fr/")
    response = client.post(url, {"action": "hide"}, follow=True)
    assert "Le message est masqué." in response.content.decode()
