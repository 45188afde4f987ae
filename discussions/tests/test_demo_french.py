import pytest

from discussions import demo
from discussions.models import Room
from discussions.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def test_demo_rooms_in_french_follow_the_glossary(client):
    demo.seed()
    html = client.get("/fr/rooms/").content.decode()
    assert "Partenaires de mise en œuvre d’openIMIS" not in html  # members only
    assert "Le coin des données probantes" in html
    french = " ".join(Room.objects.values_list("name_fr", flat=True)) + " ".join(
        Room.objects.values_list("description_fr", flat=True)
    )
    for word in ("mplémenteur", "preuves", "curation", "'", "per diem"):
        assert word not in french


def test_demo_brings_rooms_seeded_with_the_earlier_french_up_to_date():
    RoomFactory(slug="evidence-corner", name_fr="Le coin des preuves")
    RoomFactory(slug="connect", name_fr="Présentez-vous à nous")
    demo.seed()
    names = dict(Room.objects.values_list("slug", "name_fr"))
    assert names["evidence-corner"] == "Le coin des données probantes"
    assert names["connect"] == "Présentez-vous à nous"  # edited since: left alone
