"""The language switch attacked: hostile `next` values, unknown languages, no CSRF token."""

from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/en/",
    " //evil.example",
    "/\t/evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example/",
    "java\tscript:alert(1)",
    "/en/\r\nSet-Cookie: x=1",
    "/en/%0d%0aSet-Cookie:x=1",
    "/en/rooms/?x=\r\n",
    "/en/\x00",
    "/" + "a" * 100_000,
]


@override_settings(DEBUG=False)
@pytest.mark.parametrize("language", ["fr", "en", "xx", ""])
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_never_leaves_the_site_nor_splits_headers(client, target, language):
    response = client.post("/language/", {"language": language, "next": target})
    assert response.status_code == 303
    location = response["Location"]
    assert urlsplit(location).netloc in ("", "testserver"), location
    assert location[1:2] not in ("/", "\\"), location
    assert "\r" not in location and "\n" not in location
    assert "Set-Cookie: x" not in str(response.serialize_headers())


@override_settings(DEBUG=False)
def test_the_language_switch_refuses_a_post_without_its_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/language/", {"language": "fr", "next": "/en/"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.preferred_language == "en"
