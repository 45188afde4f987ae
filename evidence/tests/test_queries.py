"""Exact query budgets: the same number of queries at 10 and at 1,000 items."""

import pytest
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory

pytestmark = pytest.mark.django_db

COUNTRIES = ["SN", "ML", "KE", "NG", "GH", "CM", "UG", "TZ", "RW", "ZM", "MW", "CI"]
KINDS = EvidenceItem.Kind.values
AREAS = ["mapping", "curating", "networking"]


def _library(count: int) -> EvidenceItem:
    now = timezone.now()
    EvidenceItem.objects.bulk_create(
        EvidenceItem(
            title_en=f"Item {n}",
            title_fr=f"Élément {n}",
            area=AREAS[n % 3],
            kind=KINDS[n % len(KINDS)],
            year=2010 + n % 15,
            countries=[COUNTRIES[n % 12], COUNTRIES[(n + 5) % 12]],
            languages=",en,fr," if n % 2 else ",en,",
            status="published",
            published_at=now,
        )
        for n in range(count)
    )
    tags = [Tag.objects.create(name=name, slug=name) for name in ("mobile money", "chw", "pbf")]
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tags[i % 3], content_object=item)
        for i, item in enumerate(EvidenceItem.objects.all())
    )
    return EvidenceItemFactory(countries=["SN"], tags=["mobile money"])


@pytest.mark.parametrize("count", [10, 1000])
def test_library_with_every_facet_applied_runs_a_fixed_number_of_queries(
    count, client, member, django_assert_num_queries
):
    _library(count)
    client.force_login(member)
    query = {"area": "mapping", "kind": "report", "country": "SN", "language": "en",
             "tag": "mobile money", "quality": "not_appraised", "year_from": "2011",
             "year_to": "2030", "sort": "year", "q": "Item"}  # fmt: skip
    client.get("/en/evidence/", query)  # warm the caches a first visit fills (tag labels)
    with django_assert_num_queries(LIBRARY_QUERIES):
        response = client.get("/en/evidence/", query)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 1000])
def test_library_first_page_runs_a_fixed_number_of_queries(
    count, client, django_assert_num_queries
):
    _library(count)
    client.get("/en/evidence/")
    with django_assert_num_queries(LIBRARY_VISITOR_QUERIES):
        response = client.get("/en/evidence/")
    assert "Item" in response.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_item_page_runs_a_fixed_number_of_queries(count, client, django_assert_num_queries):
    item = _library(count)
    client.get(item.get_absolute_url())
    with django_assert_num_queries(ITEM_QUERIES):
        response = client.get(item.get_absolute_url())
    assert "Related evidence" in response.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_map_runs_a_fixed_number_of_queries(count, client, django_assert_num_queries):
    _library(count)
    with django_assert_num_queries(MAP_QUERIES):
        response = client.get("/en/evidence/map/", {"kind": "report", "year_from": "2012"})
    assert "Senegal" in response.content.decode()


# Session, member and their groups; the page's count (nothing matches every filter, so no
# rows to read); the six facets' counts, each in force counting on its own; the year ranges.
LIBRARY_QUERIES = 3 + 1 + 6 + 1
# Country; tag; area, kind, quality and language together; the page's count, rows and tags;
# the year ranges.
LIBRARY_VISITOR_QUERIES = 3 + 3 + 1
# The item with its publisher and suggester; its tags; related items; the topics citing it.
ITEM_QUERIES = 4
# One query reads every published item's countries and area.
MAP_QUERIES = 1
