"""Exact query budgets of the pages that compose the apps: the same number of queries
with 5 rows as with 200 (see discussions/tests/test_query_budgets.py)."""

import pytest
from django.db import connection

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


# PostgreSQL asks whether a query holds words its language searches (not only stop words).
_POSTGRES = int(connection.vendor == "postgresql")


def _searchable(count: int) -> None:
    """`count` rows of every searchable kind, each mentioning "zanzibar"."""
    from discussions.tests.factories import RoomFactory, make_reply, make_topic
    from events.tests.factories import EventFactory
    from evidence.tests.factories import EvidenceItemFactory
    from members.tests.factories import MemberFactory

    room = RoomFactory(slug="search-budget")
    for number in range(count):
        topic = make_topic(room=room, title=f"Zanzibar topic {number}", body="Opening.")
        make_reply(topic=topic, body=f"A reply on zanzibar {number}.")
        EvidenceItemFactory(title_en=f"Zanzibar study {number}")
        EventFactory(title_en=f"Zanzibar workshop {number}")
        MemberFactory(bio=f"Zanzibar {number}", profile_visibility="public")


@pytest.mark.parametrize("count", SIZES)
def test_search_page_costs_the_same_whatever_the_results(client, count, django_assert_num_queries):
    _searchable(count)
    # the glossary (then cached), on PostgreSQL whether the query has words to look for,
    # the matches counted by kind and area (both facets and the total), the page of hits,
    # and one query per source to show its rows (topics, posts, evidence, events, members)
    with django_assert_num_queries(8 + _POSTGRES):
        response = client.get("/en/search/", {"q": "zanzibar"})
    assert response.content.decode().count('class="search-result ') == min(5 * count, 20)


@pytest.mark.parametrize("count", SIZES)
def test_search_page_costs_the_same_for_members_whatever_the_results(
    client, member, count, django_assert_num_queries
):
    _searchable(count)
    client.force_login(member)
    # session, member, member's groups, the glossary, the counts, the page of hits, topics
    # and posts (the type filter leaves out the other sources), the header's count
    with django_assert_num_queries(9 + _POSTGRES):
        response = client.get("/en/search/", {"q": "zanzibar", "type": "discussions"})
    assert response.content.decode().count('class="search-result ') == min(2 * count, 20)
