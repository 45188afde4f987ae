"""The same request twice at once: a reply, a reaction, a flag sent twice (a double click,
a resubmitted form, two tabs) does what one would have done."""

import threading

import pytest
from django.db import connections
from django.urls import reverse

from discussions import services
from discussions.models import Flag, Notification, Post, Reaction, Topic
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory, ModeratorFactory


def _reply_url(topic):
    return reverse("discussions:post-reply", args=[topic.room.slug, topic.pk, topic.slug])


@pytest.mark.django_db
def test_a_reply_submitted_twice_is_posted_once(client, member):
    topic = make_topic()
    watcher = MemberFactory()
    services.subscribe(member=watcher, topic=topic)
    client.force_login(member)
    first = client.post(_reply_url(topic), {"body": "Mobile money worked for us."})
    second = client.post(_reply_url(topic), {"body": "Mobile money worked for us."})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(topic=topic, author=member).count() == 1
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert Notification.objects.filter(recipient=watcher).count() == 1


@pytest.mark.django_db
def test_the_same_words_said_again_later_or_elsewhere_are_a_new_reply(member):
    topic = make_topic()
    first = services.post_create(topic=topic, author=member, body="+1")
    to_first = services.post_create(topic=topic, author=member, body="+1", parent=first)
    assert to_first.pk != first.pk
    Post.objects.filter(pk=first.pk).update(created_at=first.created_at.replace(year=2020))
    assert services.post_create(topic=topic, author=member, body="+1").pk != first.pk


def _at_once(action, times=2):
    barrier = threading.Barrier(times)
    errors = []

    def run():
        try:
            barrier.wait()
            action()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reply_submitted_twice_at_once_is_posted_once():
    topic = make_topic()
    author = MemberFactory()
    errors = _at_once(
        lambda: services.post_create(topic=topic, author=author, body="Sent twice at once.")
    )
    assert errors == []
    assert Post.objects.filter(topic=topic, author=author).count() == 1
    topic.refresh_from_db()
    assert topic.reply_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reaction_clicked_twice_at_once_keeps_its_count_right():
    """The button says what the page showed, so the same click twice at once is one
    reaction (a bare toggle could end on or off, depending on which ran first: CI saw
    both), and taking it back twice at once is one less."""
    post = make_reply(topic=make_topic())
    reader = MemberFactory()
    for _attempt in range(5):
        errors = _at_once(
            lambda: services.reaction_set(post=post, member=reader, kind="helpful", on=True)
        )
        assert errors == []
        post.refresh_from_db()
        assert post.helpful_count == Reaction.objects.filter(post=post, kind="helpful").count() == 1
    errors = _at_once(
        lambda: services.reaction_set(post=post, member=reader, kind="helpful", on=False)
    )
    assert errors == []
    post.refresh_from_db()
    assert post.helpful_count == Reaction.objects.filter(post=post, kind="helpful").count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_flag_sent_twice_at_once_is_one_flag_and_one_notification():
    post = make_reply(topic=make_topic())
    moderator = ModeratorFactory()
    reporter = MemberFactory()
    errors = _at_once(lambda: services.flag_create(post=post, reporter=reporter, reason="spam"))
    assert errors == []
    assert Flag.objects.filter(post=post, reporter=reporter).count() == 1
    assert Notification.objects.filter(recipient=moderator, kind="flag").count() == 1


@pytest.mark.django_db
def test_a_new_topic_submitted_twice_is_started_once(client, member):
    room = RoomFactory(slug="open-room")
    client.force_login(member)
    form = {"title": "Per diems for supervisors", "body": "Who pays them?"}
    first = client.post(reverse("discussions:topic-create", args=[room.slug]), form)
    second = client.post(reverse("discussions:topic-create", args=[room.slug]), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Topic.objects.filter(room=room, author=member).count() == 1
    room.refresh_from_db()
    assert room.topic_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_topic_submitted_twice_at_once_is_started_once():
    room = RoomFactory(slug="open-room")
    author = MemberFactory()
    errors = _at_once(
        lambda: services.topic_create(room=room, author=author, title="Twice", body="At once.")
    )
    assert errors == []
    assert Topic.objects.filter(room=room, author=author).count() == 1
    room.refresh_from_db()
    assert room.topic_count == 1
