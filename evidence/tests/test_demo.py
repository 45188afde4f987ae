import pytest

from cop_portal.models import OutgoingEmail
from evidence import demo
from evidence.models import EvidenceItem
from members import demo as members_demo

pytestmark = pytest.mark.django_db
SUB_SAHARAN = set(demo.COUNTRY_NAMES)


def test_demo_seeds_a_library_across_areas_kinds_and_countries_in_both_languages_once(client):
    members_demo.seed()
    demo.seed()
    items = list(EvidenceItem.objects.all())
    assert len(items) >= 60
    assert {item.area for item in items} == {"mapping", "curating", "networking"}
    assert {item.kind for item in items} == set(EvidenceItem.Kind.values)
    countries = {c.code for item in items for c in item.countries} & SUB_SAHARAN
    assert len(countries) >= 12
    statuses = [item.status for item in items]
    assert statuses.count("review") >= 5 and "draft" in statuses and "archived" in statuses
    assert sum(1 for item in items if item.title_en and item.title_fr) >= 25
    assert EvidenceItem.objects.filter(suggested_by__isnull=False).count() >= 5
    assert OutgoingEmail.objects.count() == 0
    demo.seed()
    assert EvidenceItem.objects.count() == len(items)
    html = client.get("/fr/evidence/", {"kind": "implementation_experience"}).content.decode()
    assert "Payer les agents des campagnes de vaccination au Sénégal par mobile money" in html


def test_french_demo_text_uses_french_typography():
    members_demo.seed()
    demo.seed()
    for title in EvidenceItem.objects.exclude(title_fr="").values_list("title_fr", flat=True):
        assert " :" not in title and " ?" not in title, title
