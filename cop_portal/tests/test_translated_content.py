import pytest

from discussions.tests.factories import RoomFactory
from members.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_room_in_the_readers_language_has_no_note(client):
    room = RoomFactory(name_en="Mobile money", name_fr="Argent mobile")
    html = client.get(f"/fr/rooms/{room.slug}/").content.decode()
    assert "<h1>Argent mobile</h1>" in html
    assert "fallback-note" not in html


def test_room_description_only_in_english_is_marked_on_the_french_page(client):
    room = RoomFactory(description_en="Talk about cash-out fees.", description_fr="")
    html = client.get(f"/fr/rooms/{room.slug}/").content.decode()
    assert '<span lang="en">Talk about cash-out fees.</span>' in html
    assert '<small class="fallback-note">(en anglais)</small>' in html


def test_organisation_description_falls_back_to_french_with_a_note(client):
    organisation = OrganisationFactory(description_en="", description_fr="Pôle régional.\nYaoundé")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert '<span lang="fr">Pôle régional.<br>Yaoundé</span>' in html
    assert '<small class="fallback-note">(in French)</small>' in html
