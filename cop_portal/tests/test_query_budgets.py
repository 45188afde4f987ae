"""Exact query budgets of the pages that compose the apps: the same number of queries
with 5 rows as with 200 (see discussions/tests/test_query_budgets.py)."""

import pytest

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
