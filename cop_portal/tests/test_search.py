"""The search page: one query over discussions, evidence, events and members, filtered by
each app's read rule for every role, with type and area facets, surviving hostile input.
These run on both databases (SQLite's icontains path and PostgreSQL's full-text search);
ranking and language behaviour is in test_search_postgres.py."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cop_portal.search import engine
from cop_portal.search.engine import SearchHits, make_search
from cop_portal.search.sources import SOURCES
from discussions.models import Room, Topic
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from events.models import Event
from events.tests.factories import EventFactory
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

WORD = "zanzibar"


def titles(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<h3><a href=[^>]+>(.*?)</a></h3>", html)
    ]


def heading(response) -> str:
    return re.search(r'<h2 id="results-heading">([^<]*)</h2>', response.content.decode()).group(1)


@pytest.fixture
def corpus():
    """One row per source and visibility, every one mentioning WORD."""
    public = RoomFactory(slug="public-room", area="mapping")
    members_room = RoomFactory(slug="members-room", visibility=Room.Visibility.MEMBERS,
                               area="curating")  # fmt: skip
    steering_room = RoomFactory(slug="steering-room", visibility=Room.Visibility.STEERING,
                                area="networking")  # fmt: skip
    public_topic = make_topic(room=public, title=f"Public topic on {WORD}", body="Opening.")
    make_reply(topic=public_topic, body=f"Public reply about {WORD} payroll.")
    hidden = make_reply(topic=public_topic, body=f"Hidden reply about {WORD}.")
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    make_topic(room=members_room, title=f"Members topic on {WORD}", body="Opening.")
    make_topic(room=steering_room, title=f"Steering topic on {WORD}", body="Opening.")
    EvidenceItemFactory(title_en=f"Published study of {WORD}", title_fr=f"Étude publiée {WORD}",
                        area="mapping")  # fmt: skip
    EvidenceItemFactory(title_en=f"Draft study of {WORD}", title_fr=f"Brouillon {WORD}",
                        status=EvidenceItem.Status.DRAFT, published_at=None)  # fmt: skip
    EventFactory(title_en=f"Public workshop in {WORD}", title_fr=f"Atelier public {WORD}",
                 area="networking")  # fmt: skip
    EventFactory(title_en=f"Members call on {WORD}", title_fr=f"Appel membres {WORD}",
                 visibility=Event.Visibility.MEMBERS)  # fmt: skip
    EventFactory(title_en=f"Draft meeting on {WORD}", title_fr=f"Réunion brouillon {WORD}",
                 status=Event.Status.DRAFT)  # fmt: skip
    MemberFactory(display_name="Public Person", bio=f"I work in {WORD}.",
                  profile_visibility="public")  # fmt: skip
    MemberFactory(display_name="Private Person", bio=f"I live in {WORD}.",
                  profile_visibility="members")  # fmt: skip


EVERYONE = {
    f"Public topic on {WORD}",  # the topic
    f"Public topic on {WORD}",  # its reply (shown under the topic's title)
    f"Published study of {WORD}",
    f"Public workshop in {WORD}",
    "Public Person",
}
MEMBERS = {f"Members topic on {WORD}", f"Members call on {WORD}", "Private Person"}
STEERING = {f"Steering topic on {WORD}", f"Draft study of {WORD}", f"Draft meeting on {WORD}"}
EXPECTED = {
    "visitor": EVERYONE,
    "pending": EVERYONE | MEMBERS,
    "member": EVERYONE | MEMBERS,
    "moderator": EVERYONE | MEMBERS,
    "steering": EVERYONE | MEMBERS | STEERING,
    "staff": EVERYONE | MEMBERS | STEERING,
}


def test_each_role_finds_exactly_what_it_may_read(role, corpus):
    name, client, _person = role
    response = client.get("/en/search/", {"q": WORD})
    assert response.status_code == 200
    found = titles(response)
    assert set(found) == EXPECTED[name]
    assert "Hidden reply" not in response.content.decode()
    # The public topic and its reply; the hidden reply never.
    assert found.count(f"Public topic on {WORD}") == 2


def test_search_hits_never_include_a_hidden_post_even_for_moderators(moderator, corpus):
    hits = SearchHits(
        search=make_search("hidden", language="en"), sources=SOURCES, reader=moderator
    )
    assert hits.count() == 0


def test_results_show_where_they_live_their_date_and_a_snippet(client, corpus):
    html = client.get("/en/search/", {"q": "payroll"}).content.decode()
    assert ">Post</span>" in html
    assert 'href="/en/rooms/public-room/"' in html
    assert "<time datetime=" in html
    assert re.search(r'class="search-snippet">.*<mark>payroll</mark>', html)


def test_the_type_facet_counts_each_type_and_filters(client, corpus):
    response = client.get("/en/search/", {"q": WORD})
    html = response.content.decode()
    assert re.search(r">Discussions</a> <span class=\"count\">\(2\)", html)
    assert re.search(r">Evidence</a> <span class=\"count\">\(1\)", html)
    assert re.search(r">Events</a> <span class=\"count\">\(1\)", html)
    assert re.search(r">Members</a> <span class=\"count\">\(1\)", html)
    response = client.get("/en/search/", {"q": WORD, "type": "events"})
    assert titles(response) == [f"Public workshop in {WORD}"]
    assert heading(response) == "1 result"


def test_the_area_facet_filters_and_leaves_out_members(client, corpus):
    response = client.get("/en/search/", {"q": WORD, "area": "mapping"})
    assert set(titles(response)) == {f"Public topic on {WORD}", f"Published study of {WORD}"}
    html = response.content.decode()
    assert re.search(r">Networking</a> <span class=\"count\">\(1\)", html)


def test_unknown_filter_values_are_ignored(client, corpus):
    response = client.get("/en/search/", {"q": WORD, "type": "secrets", "area": "x' OR 1=1"})
    assert response.status_code == 200
    assert heading(response) == "5 results"


def test_results_are_paginated_keeping_the_query(client):
    room = RoomFactory(slug="busy")
    for number in range(23):
        make_topic(room=room, title=f"{WORD} number {number}", body="Opening.")
    first = client.get("/en/search/", {"q": WORD, "type": "discussions"})
    assert len(titles(first)) == 20
    assert heading(first) == "23 results"
    html = first.content.decode()
    assert f"?q={WORD}&amp;type=discussions&amp;page=2" in html
    second = client.get("/en/search/", {"q": WORD, "type": "discussions", "page": "2"})
    assert len(titles(second)) == 3
    assert client.get("/en/search/", {"q": WORD, "page": "nope"}).status_code == 200


def test_the_page_is_in_french(client, corpus):
    response = client.get("/fr/search/", {"q": WORD})
    html = response.content.decode()
    assert "<h1>Recherche</h1>" in html
    assert heading(response) == "5 résultats"
    assert f"Étude publiée {WORD}" in titles(response)


def test_an_empty_query_shows_the_search_box_and_a_hint(client):
    for query in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/en/search/", query)
        assert response.status_code == 200
        assert "Type a few words" in response.content.decode()


HOSTILE = [
    "x" * 2000,
    "the of and",
    '"unbalanced quote',
    "&|!():*",
    "a & b | !c:* (",
    "'; DROP TABLE members_member; --",
    "\\ % _ ' \"",
    "zan\x00zibar",
    "<script>alert(1)</script>",
    "-",
    '""',
    "or or or",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_clear_page(client, corpus, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert any(
        clear in html
        for clear in ("results-heading", "Type a few words", "only very common words or signs")
    )
    assert "<script>alert(1)</script>" not in html


def test_a_long_query_is_cut_and_the_reader_told_but_kept_in_the_box(client, corpus):
    query = WORD + " " + "y" * 1990
    html = client.get("/en/search/", {"q": query}).content.decode()
    assert "it used its first 200 characters" in html
    assert query in html  # the box keeps what was typed


def test_a_query_with_only_signs_says_so(client, corpus):
    html = client.get("/en/search/", {"q": "&|!():*"}).content.decode()
    assert "only very common words or signs" in html


def test_the_header_search_box_is_on_every_page(client):
    html = client.get("/fr/").content.decode()
    assert 'role="search"' in html
    assert 'action="/fr/search/"' in html


def test_the_glossary_widens_a_query_into_the_other_language(client):
    EvidenceItemFactory(title_en="Paying by mobile money", title_fr="Payer par mobile money")
    EvidenceItemFactory(title_en="Monnaie mobile au Sénégal", title_fr="Monnaie mobile au Sénégal")
    response = client.get("/en/search/", {"q": "monnaie mobile"})
    assert set(titles(response)) == {"Paying by mobile money", "Monnaie mobile au Sénégal"}
    assert "Also searched for:" in response.content.decode()


def test_anonymous_and_member_hits_agree_with_the_page(member, corpus):
    visitor = SearchHits(
        search=make_search(WORD, language="en"), sources=SOURCES, reader=AnonymousUser()
    )
    assert visitor.count() == 5
    assert visitor.count_by_type() == {"discussions": 2, "evidence": 1, "events": 1, "members": 1}


def test_an_opening_post_is_found_as_its_topic_once(client):
    make_topic(room=RoomFactory(slug="room"), title="Tools", body=f"We compared {WORD} tools.")
    response = client.get("/en/search/", {"q": WORD})
    assert titles(response) == ["Tools"]
    assert ">Topic</span>" in response.content.decode()


def _topics(count: int, *, matching, room=None, area="mapping", days_ago: int = 0) -> None:
    """`count` topics, the later ones more recently active; those numbered in `matching`
    mention WORD in their title."""
    room = room or RoomFactory(slug=f"many-{area}", area=area)
    now = timezone.now()
    for number in range(count):
        title = f"{WORD} {area} {number}" if number in matching else f"Other {area} {number}"
        topic = make_topic(room=room, title=title, body="Opening.")
        Topic.objects.filter(pk=topic.pk).update(
            last_activity_at=now - timedelta(days=days_ago, hours=count - number)
        )


def facet_count(response, label: str) -> str:
    html = response.content.decode()
    return re.search(rf">{label}</a> <span class=\"count\">\(([^)]*)\)", html).group(1)


def test_a_source_with_more_matches_than_it_ranks_counts_them_as_at_least(client, monkeypatch):
    """Each source ranks its newest CANDIDATES matches: beyond them the counts are lower
    bounds, said as such, in both languages."""
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    _topics(6, matching=range(6))
    response = client.get("/en/search/", {"q": WORD, "type": "discussions"})
    assert heading(response) == "More than 3 results"
    assert titles(response) == [f"{WORD} mapping 5", f"{WORD} mapping 4", f"{WORD} mapping 3"]
    assert facet_count(response, "Discussions") == "3+"
    assert facet_count(response, "Mapping") == "3+"
    french = client.get("/fr/search/", {"q": WORD, "type": "discussions"})
    assert heading(french) == "Plus de 3 résultats"
    assert facet_count(french, "Discussions") == "3+"


def test_exactly_as_many_matches_as_a_source_ranks_is_an_exact_count(client, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    _topics(5, matching={0, 2, 4})
    response = client.get("/en/search/", {"q": WORD})
    assert heading(response) == "3 results"
    assert facet_count(response, "Discussions") == "3"


def test_the_chosen_area_counts_what_its_results_heading_says(client, monkeypatch):
    """Other areas are counted among the whole search's candidates; the chosen one among
    its own, so its facet and the heading agree."""
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    _topics(4, matching=range(4), area="mapping")
    _topics(4, matching=range(4), area="curating")
    response = client.get("/en/search/", {"q": WORD, "area": "mapping"})
    assert heading(response) == "More than 3 results"
    assert facet_count(response, "Mapping") == "3+"
    assert set(titles(response)) == {f"{WORD} mapping {n}" for n in (1, 2, 3)}


def test_an_area_with_none_among_the_newest_matches_may_still_have_some(client, monkeypatch):
    """A source that found more than it ranks makes every area's count a lower bound,
    none too: the older matches can be anywhere, and choosing the area finds them."""
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    _topics(2, matching=range(2), area="curating", days_ago=3)
    _topics(5, matching=range(5), area="mapping")  # the newest
    response = client.get("/en/search/", {"q": WORD})
    assert facet_count(response, "Mapping") == "3+"
    assert facet_count(response, "Curating") == "0+"
    curating = client.get("/en/search/", {"q": WORD, "area": "curating"})
    assert heading(curating) == "2 results"
    assert facet_count(curating, "Curating") == "2"
