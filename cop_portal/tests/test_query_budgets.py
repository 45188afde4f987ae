"""Exact query budgets of the pages that compose the apps: the same number of queries
with 5 rows as with 200 (see discussions/tests/test_query_budgets.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions.tests.test_query_budgets import SIZES, _rooms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", SIZES)
def test_home_page_costs_the_same_for_visitors_whatever_the_rooms(
    client, count, django_assert_num_queries
):
    _rooms(count)
    with django_assert_num_queries(3):  # the rooms, the next events, the latest evidence
        response = client.get("/en/")
    assert response.content.decode().count("Room ") >= min(count, 5) // 2


@pytest.mark.parametrize("count", SIZES)
def test_home_page_costs_the_same_for_members_whatever_the_rooms(
    client, member, count, django_assert_num_queries
):
    _rooms(count)
    client.force_login(member)
    # session, member, member's groups, rooms (moderated rooms as a subquery), next events,
    # latest evidence, header count
    with django_assert_num_queries(7):
        response = client.get("/en/")
    assert "Room 1<" in response.content.decode()


# PostgreSQL builds the search's tsqueries (and whether it holds words to look for) in one
# query, and runs the candidates query with sequential scans off in a block it rolls back:
# in a test, a savepoint, SET LOCAL, the query, the rollback to the savepoint and its
# release (outside a test: BEGIN, SET LOCAL, the query, ROLLBACK; BEGIN is not counted).
_POSTGRES = 5 * int(connection.vendor == "postgresql")
KINDS = ("topic", "post", "evidence", "event", "member")


def _searchable(count: int, *, topic_titles: bool = True) -> None:
    """`count` rows of every searchable kind, each mentioning "zanzibar" (but the topics
    only in their replies without `topic_titles`)."""
    from discussions.tests.factories import RoomFactory, make_reply, make_topic
    from events.tests.factories import EventFactory
    from evidence.tests.factories import EvidenceItemFactory
    from members.tests.factories import MemberFactory

    room = RoomFactory(slug="search-budget")
    for number in range(count):
        title = f"Zanzibar topic {number}" if topic_titles else f"Topic {number}"
        topic = make_topic(room=room, title=title, body="Opening.")
        make_reply(topic=topic, body=f"A reply on zanzibar {number}.")
        EvidenceItemFactory(title_en=f"Zanzibar study {number}")
        EventFactory(title_en=f"Zanzibar workshop {number}")
        MemberFactory(bio=f"Zanzibar {number}", profile_visibility="public")


def _kinds_shown(html: str) -> set[str]:
    return {kind for kind in KINDS if f"search-result-{kind}" in html}


@pytest.mark.parametrize("count", SIZES)
def test_search_page_costs_one_query_per_kind_of_result_it_shows(client, count):
    """Whatever the number of matches: the glossary (then cached), the candidates of every
    source in one query, then one query for each kind of result on the page."""
    _searchable(count)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", {"q": "zanzibar"})
    html = response.content.decode()
    assert html.count('class="search-result ') == min(5 * count, 20)
    shown = _kinds_shown(html)
    assert shown  # a page of results shows at least one kind
    assert len(queries) == 2 + _POSTGRES + len(shown)


@pytest.mark.parametrize("count", SIZES)
def test_search_page_costs_the_same_whatever_the_results(client, count, django_assert_num_queries):
    _searchable(count)
    # the glossary (then cached), the candidates, the evidence items to show
    with django_assert_num_queries(3 + _POSTGRES):
        response = client.get("/en/search/", {"q": "zanzibar", "type": "evidence"})
    assert response.content.decode().count('class="search-result ') == min(count, 20)


@pytest.mark.parametrize("count", SIZES)
def test_search_page_costs_the_same_for_members_whatever_the_results(
    client, member, count, django_assert_num_queries
):
    _searchable(count, topic_titles=False)
    client.force_login(member)
    # session, member, member's groups, the glossary, the candidates (the type filter
    # leaves out the other sources), the posts to show, the header's count
    with django_assert_num_queries(7 + _POSTGRES):
        response = client.get("/en/search/", {"q": "zanzibar", "type": "discussions"})
    html = response.content.decode()
    assert html.count('class="search-result ') == min(count, 20)
    assert _kinds_shown(html) == {"post"}
