"""Issue 18 item 10: a member can replace their personal calendar address (shared or
leaked by mistake); the old address then answers 410 Gone, a forged one 404."""

import pytest
from django.core import signing
from django.urls import reverse

from events import feeds, services
from events.models import CalendarFeedKey, Participation
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
RESET = reverse("events:member-calendar-reset")


@pytest.mark.parametrize("name", ["pending", "member", "moderator", "steering", "staff"])
def test_every_signed_in_member_can_replace_their_address(client, name, request):
    person = request.getfixturevalue(name)
    Participation.objects.create(event=EventFactory(title_en="Mine"), member=person)
    old = feeds.member_feed_path(person)
    assert client.get(old).status_code == 200
    client.force_login(person)
    response = client.post(RESET)
    assert response.status_code == 302 and response["Location"].endswith("#calendar-links")
    new = feeds.member_feed_path(person)
    assert new != old
    client.logout()  # calendar apps fetch without a session
    assert client.get(new).status_code == 200 and b"Mine" in client.get(new).content
    gone = client.get(old)
    assert gone.status_code == 410
    assert "replaced by its owner" in gone.content.decode()


def test_a_visitor_cannot_reset_and_get_is_refused(client, member):
    response = client.post(RESET)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CalendarFeedKey.objects.exists()
    client.force_login(member)
    assert client.get(RESET).status_code == 405
    assert not CalendarFeedKey.objects.exists()


def test_resetting_one_members_address_leaves_the_others(client, member, moderator):
    kept = feeds.member_feed_path(moderator)
    services.member_calendar_reset(member=member)
    assert client.get(kept).status_code == 200


def test_addresses_given_before_resets_existed_work_until_the_first_reset(client, member):
    legacy = reverse(
        "events:member-calendar", args=[signing.dumps(member.pk, salt=feeds.FEED_SALT)]
    )
    assert client.get(legacy).status_code == 200
    services.member_calendar_reset(member=member)
    assert client.get(legacy).status_code == 410


def test_a_forged_or_altered_token_is_a_404_not_a_410(client, member):
    services.member_calendar_reset(member=member)
    # Signed with another key: forged.
    forged = signing.dumps([member.pk, 1], key="not-the-site-key", salt=feeds.FEED_SALT)
    assert client.get(reverse("events:member-calendar", args=[forged])).status_code == 404
    # The current generation's payload with an old signature: altered.
    payload = feeds.member_token(member).split(":", 1)[0]
    old_signature = signing.dumps([member.pk, 0], salt=feeds.FEED_SALT).split(":", 1)[1]
    altered = reverse("events:member-calendar", args=[f"{payload}:{old_signature}"])
    assert client.get(altered).status_code == 404
    # Signed, but not the shape of a feed token.
    odd = signing.dumps({"member": member.pk}, salt=feeds.FEED_SALT)
    assert client.get(reverse("events:member-calendar", args=[odd])).status_code == 404


def test_the_events_page_offers_the_reset_to_members_only(client, member):
    html = client.get(reverse("events:event-list")).content.decode()
    assert "Replace my personal calendar address" not in html
    client.force_login(member)
    html = client.get("/fr/events/").content.decode()
    assert "Remplacer mon adresse d’agenda personnelle" in html


def test_erasure_removes_the_address_generation(member):
    services.member_calendar_reset(member=member)
    services.member_event_data_erase(member)
    assert not CalendarFeedKey.objects.filter(member=member).exists()


def test_the_personal_address_is_the_same_from_one_page_to_the_next(client, member, monkeypatch):
    """It is revoked by its generation, not by age: a timestamp in it made every page show
    a different address (and a test comparing two of them fail a second apart)."""
    first = feeds.member_feed_path(member)
    later = signing.time.time() + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert feeds.member_feed_path(member) == first
    assert client.get(first).status_code == 200


def test_an_address_given_with_a_timestamp_still_works(client, member):
    timestamped = signing.dumps([member.pk, 0], salt=feeds.FEED_SALT)
    assert client.get(reverse("events:member-calendar", args=[timestamped])).status_code == 200
    services.member_calendar_reset(member=member)
    assert client.get(reverse("events:member-calendar", args=[timestamped])).status_code == 410
