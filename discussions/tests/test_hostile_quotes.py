"""Quotes attacked: a quote never carries text its readers may not see."""

import re

import pytest
from django.urls import reverse

from discussions import services
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


def _reply_page(client, topic, **params):
    url = reverse("discussions:post-reply", args=[topic.room.slug, topic.pk, topic.slug])
    return client.get(url, params)


def test_a_moderator_quoting_a_hidden_post_gets_an_empty_composer(client):
    """Hidden text is for moderators; a quote would re-publish it to every reader."""
    moderator = ModeratorFactory()
    topic = make_topic()
    hidden = make_reply(topic=topic, author=MemberFactory(), body="Dr Okafor's home address")
    services.post_hide(post=hidden, moderator=moderator, reason="Personal data")
    client.force_login(moderator)
    response = _reply_page(client, topic, to=hidden.pk, quote=1)
    assert response.status_code == 200
    composer = re.search(r"<textarea[^>]*>(.*?)</textarea>", response.content.decode(), re.S)
    assert "home address" not in composer.group(1)


def test_a_post_of_another_topic_cannot_be_quoted(client, member):
    topic = make_topic()
    elsewhere = make_reply(topic=make_topic(title="Other topic"), body="From elsewhere")
    client.force_login(member)
    response = _reply_page(client, topic, to=elsewhere.pk, quote=1)
    assert response.status_code == 404
    assert "From elsewhere" not in response.content.decode()


def test_a_hidden_post_cannot_be_quoted_by_a_member(client, member):
    moderator = ModeratorFactory()
    topic = make_topic()
    hidden = make_reply(topic=topic, author=MemberFactory(), body="Hidden words")
    services.post_hide(post=hidden, moderator=moderator)
    client.force_login(member)
    response = _reply_page(client, topic, to=hidden.pk, quote=1)
    assert response.status_code == 404
    assert "Hidden words" not in response.content.decode()
