"""Holes found in review: each test failed before its fix."""

import pytest
from django.urls import reverse

from discussions import selectors, services
from discussions.models import Post, Room
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _deleted_after_edit(author) -> Post:
    post = make_reply(topic=make_topic(), author=author, body="First words")
    services.post_edit(post=post, editor=author, body="Second words")
    return services.post_delete(post=post, member=author)


@pytest.mark.parametrize("view", ["post-history", "post-flag", "post-edit", "post-delete"])
def test_a_deleted_post_keeps_no_readable_text(client, member, view):
    post = _deleted_after_edit(MemberFactory())
    client.force_login(member)
    response = client.get(reverse(f"discussions:{view}", args=[post.pk]))
    assert response.status_code == 404
    assert "First words" not in response.content.decode()
    assert "Second words" not in response.content.decode()


def test_the_thread_shows_no_history_link_for_a_deleted_post(client, member):
    post = _deleted_after_edit(MemberFactory())
    client.force_login(member)
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert "This post was deleted by its author." in html
    assert reverse("discussions:post-history", args=[post.pk]) not in html


def test_moderators_do_not_learn_of_flags_in_steering_rooms(moderator, steering):
    secret = make_topic(room=RoomFactory(visibility="steering"), title="Committee budget")
    post = make_reply(topic=secret, author=steering)
    services.flag_create(post=post, reporter=MemberFactory(is_superuser=True), reason="Check")
    assert list(selectors.open_flags_for(moderator=moderator)) == []


def test_notifications_of_a_topic_moved_to_a_steering_room_disappear(member, steering):
    topic = make_topic(author=member, title="Budget lines")
    make_reply(topic=topic, author=MemberFactory())
    assert selectors.notifications_for(member=member).count() == 1
    services.topic_move(
        topic=topic, moderator=steering, room=RoomFactory(visibility=Room.Visibility.STEERING)
    )
    assert selectors.notifications_for(member=member).count() == 0


def test_notification_subject_keeps_apostrophes(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    topic = make_topic(author=member, title="Q&A: l'immunisation")
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic, author=MemberFactory(display_name="Awa N'Diaye"))
    assert "Awa N'Diaye replied in “Q&A: l'immunisation”" in mailoutbox[0].subject


def test_mention_links_in_the_html_email_are_absolute(
    settings, member, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.example.org"
    kwame = MemberFactory(display_name="Kwame Asante")
    topic = make_topic(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic, author=MemberFactory(), body="Ask @kwame-asante about it.")
    html = next(m for m in mailoutbox if m.to == [member.email]).alternatives[0][0]
    assert f'href="https://cop.example.org/members/{kwame.pk}/"' in html
    assert 'href="/members/' not in html
