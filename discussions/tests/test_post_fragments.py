"""A post's header and body are kept as a rendered fragment, keyed by everything they show:
an edit, a hide, a deletion, a renamed author or another language shows at once."""

import pytest

from discussions import services
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _page(client, topic, language="en"):
    return client.get(topic.get_absolute_url().replace("/en/", f"/{language}/", 1)).content.decode()


def test_an_edit_shows_at_once(client, member):
    topic = make_topic()
    reply = make_reply(topic=topic, author=member, body="Mobile money worked in Kisumu.")
    client.force_login(member)
    assert "worked in Kisumu" in _page(client, topic)
    services.post_edit(post=reply, editor=member, body="It worked in Kisumu and Nakuru.")
    html = _page(client, topic)
    assert "Kisumu and Nakuru" in html and ">edited<" in html


def test_a_hidden_post_is_hidden_from_members_and_shown_to_moderators(client, member, moderator):
    topic = make_topic()
    reply = make_reply(topic=topic, body="Buy cheap followers here.")
    client.force_login(moderator)
    assert "cheap followers" in _page(client, topic)
    services.post_hide(post=reply, moderator=moderator, reason="Spam")
    assert "cheap followers" in _page(client, topic)  # moderators still read it
    client.force_login(member)
    html = _page(client, topic)
    assert "cheap followers" not in html and "hidden by a moderator" in html


def test_a_deleted_post_and_a_renamed_author_show_at_once(client, member):
    author = MemberFactory(display_name="Awa Ndiaye")
    topic = make_topic()
    reply = make_reply(topic=topic, author=author, body="Pay on the day of the campaign.")
    client.force_login(member)
    assert "Awa Ndiaye" in _page(client, topic)
    author.display_name = "Awa N."
    author.save()
    assert "Awa N.<" in _page(client, topic)
    services.post_delete(post=reply, member=author)
    html = _page(client, topic)
    assert "Pay on the day" not in html and "deleted by its author" in html


def test_each_language_has_its_own_fragment(client, member):
    topic = make_topic()
    make_reply(topic=topic, author=MemberFactory(is_active=False), body="Old advice.")
    client.force_login(member)
    assert "a former member" in _page(client, topic)
    assert "un ancien membre" in _page(client, topic, "fr")
