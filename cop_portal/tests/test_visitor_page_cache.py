"""Visitors' pages are kept briefly and served to the next visitor without a query; members
never get a visitor's copy (nor visitors a member's), and any write drops every copy."""

import re

import pytest
from django.test import Client

from discussions.models import Post, Topic
from discussions.tests.factories import RoomFactory, make_reply, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.COP_VISITOR_PAGE_SECONDS = 30


def test_second_visitor_gets_the_page_without_a_query(client, django_assert_num_queries):
    topic = make_topic(title="Paying vaccinators by mobile money")
    client.get(topic.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(topic.get_absolute_url())
    assert "Paying vaccinators by mobile money" in response.content.decode()
    assert response["Content-Security-Policy"]  # outer middleware still sets its headers


def test_each_language_has_its_own_copy(client):
    RoomFactory(name_en="Who pays whom", name_fr="Qui paie qui")
    assert "Who pays whom" in client.get("/en/rooms/").content.decode()
    assert "Qui paie qui" in client.get("/fr/rooms/").content.decode()


def test_a_member_never_gets_the_visitors_copy_nor_leaves_one(client, member):
    room = RoomFactory()
    make_topic(room=room, title="Paying vaccinators by mobile money")
    visitor_html = client.get(room.get_absolute_url()).content.decode()
    assert "Amina Diallo" not in visitor_html
    client.force_login(member)
    assert "Amina Diallo" in client.get(room.get_absolute_url()).content.decode()
    client.logout()
    assert "Amina Diallo" not in client.get(room.get_absolute_url()).content.decode()


def test_a_reply_shows_to_the_next_visitor_at_once(client, member):
    topic = make_topic()
    client.get(topic.get_absolute_url())
    make_reply(topic=topic, body="Mobile money worked for us in Kisumu.")
    assert "worked for us in Kisumu" in client.get(topic.get_absolute_url()).content.decode()


def test_a_write_without_signals_drops_the_copies_too(client, moderator):
    topic = make_topic(title="Paying vaccinators by mobile money")
    client.get("/en/rooms/")
    Topic.objects.filter(pk=topic.pk).update(title="Renamed quietly")  # no signal
    client.force_login(moderator)
    client.post(f"/en/rooms/posts/{Post.objects.get(topic=topic).pk}/react/", {"kind": "thanks"})
    client.logout()
    assert "Renamed quietly" in client.get(topic.get_absolute_url()).content.decode()


def test_each_visitor_gets_their_own_csrf_token_from_a_kept_page(django_assert_num_queries):
    first = Client(enforce_csrf_checks=True)
    html = first.get("/en/contact/").content.decode()
    second = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        served = second.get("/en/contact/")
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', served.content.decode())[1]
    assert token not in html and "--visitor-page-csrf-token--" not in served.content.decode()
    assert served.cookies["csrftoken"].value
    response = second.post(
        "/en/contact/",
        {"csrfmiddlewaretoken": token, "name": "Awa", "email": "awa@example.org",
         "subject": "Hello", "message": "May our ministry join the community?"},
    )  # fmt: skip
    assert response.status_code == 302


def test_a_visitors_message_is_shown_once_and_never_to_the_next_visitor(client):
    client.get("/en/")
    client.post(
        "/en/contact/",
        {"name": "Awa", "email": "awa@example.org", "subject": "Hello",
         "message": "May our ministry join the community?"},
    )  # fmt: skip
    thanks = "Thank you. The steering committee will answer by email."
    assert thanks in client.get("/en/").content.decode()
    assert thanks not in client.get("/en/").content.decode()
    client.cookies.clear()
    assert thanks not in client.get("/en/").content.decode()


def test_a_visitor_switching_language_leaves_the_kept_pages(client, django_assert_num_queries):
    topic = make_topic()
    client.get(topic.get_absolute_url())
    other = Client()
    response = other.post("/language/", {"language": "fr", "next": "/en/"})
    assert response.status_code == 303
    with django_assert_num_queries(0):
        client.get(topic.get_absolute_url())


def test_pages_and_replies_work_while_the_page_cache_is_unreachable(client, member, settings):
    topic = make_topic(title="Paying vaccinators by mobile money")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Nothing listens on port 1: every operation fails, as during a Redis restart.
        "pages": {"BACKEND": "cop_portal.pagecache.FailOpenRedisCache",
                  "LOCATION": "redis://127.0.0.1:1/0"},
    }  # fmt: skip
    assert "Paying vaccinators" in client.get(topic.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Paying vaccinators" in client.get(topic.get_absolute_url()).content.decode()
    reply_url = topic.get_absolute_url() + "reply/"
    assert client.post(reply_url, {"body": "Written while Redis restarts."}).status_code == 302
    assert "Written while Redis restarts." in client.get(topic.get_absolute_url()).content.decode()


def test_an_item_archived_in_the_library_leaves_the_visitors_pages_at_once(client):
    """Evidence and events rows are on visitors' pages too: their writes drop the copies."""
    from evidence.models import EvidenceItem
    from evidence.tests.factories import EvidenceItemFactory

    item = EvidenceItemFactory(title_en="Paying vaccinators in Senegal")
    assert "Paying vaccinators in Senegal" in client.get("/en/evidence/").content.decode()
    item.status = EvidenceItem.Status.ARCHIVED
    item.save(update_fields=["status"])
    assert "Paying vaccinators in Senegal" not in client.get("/en/evidence/").content.decode()
