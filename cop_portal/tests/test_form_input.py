"""Form input the portal cannot read, or text with invisible control characters (issue 15.5,
15.6): a clear 400 page in the reader's language, never a 500; clean text stored."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from discussions.models import Post, Topic
from discussions.tests.factories import RoomFactory, make_topic
from members.models import Member

pytestmark = pytest.mark.django_db

CONTROL = "\x0b\x1b\x00\x07"


def feed_text(response) -> str:
    """All the text of a feed, which must parse as XML (our own output, not untrusted)."""
    return "".join(ET.fromstring(response.content).itertext())  # noqa: S314


def csrf_client(member=None) -> Client:
    """A client that checks CSRF tokens, as browsers meet it: the path a real server takes."""
    client = Client(enforce_csrf_checks=True)
    if member:
        client.force_login(member)
    return client


def form_post(client, path: str, body: bytes, content_type: str):
    client.get(path)
    token = client.cookies["csrftoken"].value
    return client.generic(
        "POST", path, b"csrfmiddlewaretoken=" + token.encode() + b"&" + body, content_type
    )


@pytest.mark.parametrize("charset", ["invalid-xyz", "latin-1", "utf-16", "rot13"])
@pytest.mark.parametrize(
    ("language", "message"), [("en", "not sent as UTF-8"), ("fr", "envoyé en texte UTF-8")]
)
def test_form_in_another_charset_gets_the_clear_400_page(charset, language, message):
    response = form_post(
        csrf_client(),
        f"/{language}/contact/",
        b"name=Awa&email=awa%40example.org&message=Bonjour",
        f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert message in html
    assert ("Bad request" if language == "en" else "Requête incorrecte") in html


@pytest.mark.parametrize(
    "body",
    [b"name=Aw\xe9&email=awa%40example.org&message=Bonjour", b"name=Awa&message=Caf%E9"],
    ids=["raw-latin-1-byte", "percent-escaped-latin-1-byte"],
)
def test_form_with_bytes_that_are_not_utf8_gets_the_clear_400_page(body):
    response = form_post(csrf_client(), "/fr/contact/", body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_multipart_form_in_another_charset_gets_the_400_page(member):
    client = csrf_client(member)
    client.get("/en/contact/")
    token = client.cookies["csrftoken"].value
    body = (
        f'--xx\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
        '--xx\r\nContent-Disposition: form-data; name="message"\r\n\r\nCaf\xe9\r\n--xx--\r\n'
    ).encode("latin-1")
    response = client.generic(
        "POST", "/en/contact/", body, "multipart/form-data; boundary=xx; charset=latin-1"
    )
    assert response.status_code == 400
    assert "not sent as UTF-8" in response.content.decode()


def test_utf8_form_is_still_read(member):
    room = RoomFactory()
    path = reverse("discussions:topic-create", args=[room.slug])
    response = form_post(
        csrf_client(member),
        path,
        "title=Caf%C3%A9 au Bénin&body=Qui paie ?".encode(),
        "application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 302
    assert Topic.objects.get().title == "Café au Bénin"


def test_topic_title_and_body_are_stored_without_control_characters(client, member):
    room = RoomFactory()
    client.force_login(member)
    client.post(
        reverse("discussions:topic-create", args=[room.slug]),
        {"title": f"Late{CONTROL} per diems", "body": f"Tab\tand\r\nlines stay;{CONTROL} gone"},
    )
    topic = Topic.objects.get()
    assert topic.title == "Late per diems"
    assert Post.objects.get(topic=topic).body == "Tab\tand\r\nlines stay; gone"


def test_display_name_is_stored_without_control_characters(client, member):
    client.force_login(member)
    response = client.post(
        "/en/members/me/edit/",
        {
            "display_name": f"Amina{CONTROL} D.",
            "role": "health_worker",
            "organisation_name": "District Health Office",
            "country": "SN",
            "preferred_language": "en",
            "email_notifications": "immediate",
            "profile_visibility": "public",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Amina D."


def test_query_strings_are_read_without_control_characters(client):
    response = client.get("/en/members/", {"q": f"Amina{CONTROL}"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "Amina"
    assert 'name="q" id="id_q" value="Amina"' in response.content.decode()


@pytest.mark.parametrize("name", ["discussions:feed-rss", "discussions:feed-atom"])
def test_feeds_over_rows_written_before_the_fix_answer_and_parse(client, name):
    """Rows already stored with control characters (the form layer now strips them)."""
    room = RoomFactory()
    topic = make_topic(room=room, title="Late per diems")
    Topic.objects.filter(pk=topic.pk).update(title="Late\x0b per\x1b diems")
    Post.objects.filter(topic=topic).update(body_html="<p>Who\x0b pays\x1b?</p>")
    Member.objects.filter(pk=topic.author_id).update(display_name="Kwame\x0b\x1b Asante")
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = feed_text(response)
    assert "Late per diems" in text
    assert "Kwame Asante" in text
    assert "Who pays?" in text


@override_settings(DEBUG=False)
def test_room_feed_over_a_room_name_with_control_characters_answers(client):
    room = RoomFactory(slug="campaign-payments")
    make_topic(room=room)
    type(room).objects.filter(pk=room.pk).update(name_en="Campaign\x1b payments")
    response = client.get(reverse("discussions:room-feed-rss", args=[room.slug]))
    assert response.status_code == 200
    assert "Campaign payments" in feed_text(response)


def test_signup_through_allauth_stores_a_display_name_without_control_characters(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "awa@example.org",
            "display_name": f"Awa{CONTROL} Traoré",
            "role": "programme_manager",
            "organisation_name": "Ministère de la Santé, Mali",
            "country": "ML",
            "preferred_language": "fr",
            "password1": "payments-for-vaccinators-2026",
            "password2": "payments-for-vaccinators-2026",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(email="awa@example.org").display_name == "Awa Traoré"
