"""Exact query budgets of the member pages: each page costs the same number of queries with
5 rows as with 200, and the number is written down, so a new query is a decision (change
the number in the same commit), never an accident. A page whose count grows with its rows
has an N+1: fix the selector, not the budget."""

import random

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from discussions.bulk import bulk_topics
from discussions.tests.factories import RoomFactory
from members.models import Member
from members.tests.factories import OrganisationFactory, _password_hash

pytestmark = pytest.mark.django_db

SIZES = [5, 200]
INTERESTS = ["mobile money", "openIMIS", "FHIR", "claims management"]


def _members(count, *, organisation=None, visibility=Member.Visibility.PUBLIC):
    """`count` approved members with verified addresses, organisations and interests."""
    organisations = [organisation] if organisation else [OrganisationFactory() for _ in range(3)]
    members = Member.objects.bulk_create(
        Member(email=f"budget-{n}@example.org", display_name=f"Budget Member {n:03d}",
               password=_password_hash(), organisation=organisations[n % len(organisations)],
               country=["KE", "SN", "CM"][n % 3], languages=[",en,", ",fr,"][n % 2],
               role=["funder", "payment_provider"][n % 2], profile_visibility=visibility)
        for n in range(count)
    )  # fmt: skip
    if members[0].pk is None:
        members = list(Member.objects.filter(email__startswith="budget-").order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=m, email=m.email, verified=True, primary=True) for m in members
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in INTERESTS]
    member_type = ContentType.objects.get_for_model(Member)
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=member_type, object_id=m.pk, tag=tag)
        for n, m in enumerate(members)
        for tag in tags[: 1 + n % 3]
    )
    return members


@pytest.mark.parametrize("count", SIZES)
def test_directory_costs_the_same_for_visitors_whatever_the_members(
    client, count, django_assert_num_queries
):
    _members(count)
    # page count, page with organisations, their interests, one per facet (5), tag labels
    with django_assert_num_queries(9):
        response = client.get("/en/members/")
    assert response.content.decode().count("member-card") == min(count, 24)
    # then the total, the facet counts and the tag labels come from the cache: page, interests
    with django_assert_num_queries(2):
        response = client.get("/en/members/")
    assert response.content.decode().count("member-card") == min(count, 24)


@pytest.mark.parametrize("count", SIZES)
def test_directory_costs_the_same_for_members_whatever_the_members(
    client, member, count, django_assert_num_queries
):
    _members(count, visibility=Member.Visibility.MEMBERS)
    client.force_login(member)
    # session, member, groups, then as for visitors, header count
    with django_assert_num_queries(13):
        response = client.get("/en/members/?interest=mobile+money&country=KE")
    assert response.status_code == 200
    # the tag labels and the header count are in the cache by now (and with it the groups,
    # which only the badge needed): session, member, page count, page, interests, facets (5)
    with django_assert_num_queries(10):
        response = client.get("/en/members/?page=9999")
    assert response.content.decode().count("member-card") >= 1
    # the same filters again: session, member, page, interests
    with django_assert_num_queries(4):
        response = client.get("/en/members/?interest=mobile+money&country=KE")
    assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_profile_costs_the_same_whatever_the_posts_and_interests(
    client, member, count, django_assert_num_queries
):
    member.profile_visibility = Member.Visibility.PUBLIC
    member.save()
    member.interests.set([f"interest {n}" for n in range(min(count, 30))])
    room = RoomFactory()
    bulk_topics(room=room, authors=[member], count=count, rng=random.Random(4))
    # the member with organisation, interests, tag labels, recent posts with topics and rooms
    with django_assert_num_queries(4):
        response = client.get(member.get_absolute_url())
    assert "mobile money payments" in response.content.decode()
    client.force_login(member)
    # session, member, groups, then as for visitors, header count
    with django_assert_num_queries(7):
        response = client.get(member.get_absolute_url())
    assert "mobile money payments" in response.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_organisation_directory_costs_the_same_whatever_the_organisations(
    client, count, django_assert_num_queries
):
    for n in range(count):
        OrganisationFactory(based_in=["KE", "SN"][n % 2])
    # page count, page with member counts, kind counts, countries
    with django_assert_num_queries(4):
        response = client.get("/en/organisations/")
    assert response.content.decode().count("Organisation ") >= min(count, 24)


@pytest.mark.parametrize("count", SIZES)
def test_organisation_page_costs_the_same_whatever_the_members(
    client, member, count, django_assert_num_queries
):
    organisation = OrganisationFactory(name="Ministry of Health")
    _members(count, organisation=organisation)
    # the organisation, its members with their organisation
    with django_assert_num_queries(2):
        response = client.get(f"/en/organisations/{organisation.slug}/")
    assert response.content.decode().count("member-card") == count
    client.force_login(member)
    # session, member, groups, then as for visitors, header count
    with django_assert_num_queries(6):
        response = client.get(f"/en/organisations/{organisation.slug}/")
    assert response.content.decode().count("member-card") == count


@pytest.mark.parametrize("count", SIZES)
def test_dashboard_costs_the_same_whatever_the_members(
    client, member, count, django_assert_num_queries
):
    member.interests.set(["mobile money", "openIMIS"])
    _members(count)
    client.force_login(member)
    # session, member, groups, own interests, colleagues, their shared interests, the tag
    # vocabulary (read once, then cached) that names them in the reader's language, header count
    with django_assert_num_queries(8):
        response = client.get("/en/members/me/")
    assert len(response.context["colleagues"]) == min(count, 6)


@pytest.mark.postgres
def test_name_search_has_a_trigram_index_on_what_it_compares(member):
    """A leading-wildcard name search (UPPER(display_name) LIKE '%...%') can read a pg_trgm
    index instead of every member: 0.9 ms instead of 20-30 ms a query at 20,000 members."""
    from django.db import connection

    from members.forms import _member_search
    from members.selectors import member_directory

    _members(5)
    found = _member_search(member_directory(viewer=member), "q", "member 003")
    assert [m.display_name for m in found] == ["Budget Member 003"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'member_display_name_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "upper((display_name)::text) gin_trgm_ops" in definition
