import pytest
from django.core.management import call_command

from discussions.models import Post, Room, Topic

pytestmark = pytest.mark.django_db


def test_demo_seeds_rooms_in_every_area_and_both_languages_once(settings, client, mailoutbox):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Room.objects.count(), Topic.objects.count(), Post.objects.count())
    assert {room.area for room in Room.objects.all()} >= {"mapping", "curating", "networking"}
    assert Room.objects.exclude(name_fr="").count() == counts[0]
    assert counts[2] >= 200
    assert mailoutbox == []
    call_command("seed_demo")
    assert (Room.objects.count(), Topic.objects.count(), Post.objects.count()) == counts
    html = client.get("/fr/rooms/").content.decode()
    assert "Payer les agents des campagnes" in html
    assert "Comité de pilotage" not in html
