"""The language switcher leads to the same page in the other language, always on this site
(issue 15.7: with DEBUG off, the 404 page for //evil.example/en/ linked to //evil.example/fr/)."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

NEXT_FIELD = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')


def language_links(client, response) -> dict[str, str]:
    """Where the switcher's button for each language leads: the page it sends as `next`,
    posted to the switch view, which answers with the page in that language."""
    found = NEXT_FIELD.findall(response.content.decode())
    assert len(found) == 1, found
    target = html.unescape(found[0])
    return {
        code: client.post("/language/", {"language": code, "next": target})["Location"]
        for code in ("en", "fr")
    }


def get_raw_path(client, path: str):
    """The test client would read "//host/..." as a host; a server passes it on as the path."""
    path, _, query = path.partition("?")
    return client.get("/", PATH_INFO=path, QUERY_STRING=query)


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/en/",
        "//evil.example/en/rooms/",
        "///evil.example/fr/",
        "/\\evil.example/en/",
        "//evil.example/en/?page=2",
        "/en//evil.example/",
    ],
)
def test_language_links_on_the_404_page_stay_on_this_site(client, path):
    response = get_raw_path(client, path)
    assert response.status_code == 404
    links = language_links(client, response)
    assert set(links) == {"en", "fr"}
    for href in links.values():
        assert href.startswith("/"), href
        assert href[1:2] not in ("/", "\\"), href
        assert urlsplit(href).scheme == urlsplit(href).netloc == "", href


@override_settings(DEBUG=False)
def test_language_links_of_a_missing_page_point_to_it_in_each_language(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert language_links(client, response) == {
        "en": "/en/no-such-page/",
        "fr": "/fr/no-such-page/",
    }


def test_language_links_keep_the_page_and_its_query(client):
    response = client.get("/en/organisations/?country=KE")
    assert language_links(client, response) == {
        "en": "/en/organisations/?country=KE",
        "fr": "/fr/organisations/?country=KE",
    }
