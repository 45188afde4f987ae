"""Issue 18 item 1: members choose their time zone on their profile; event pages and lists
show times in it beside the event's own zone. `?tz=` still works, for visitors too."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from events.tests.factories import EventFactory, SessionFactory
from members.forms import ProfileForm

pytestmark = pytest.mark.django_db
EDIT = "/en/members/me/edit/"


def _profile_data(member, **changes):
    """What the profile form posts when the member changes only `changes`."""
    form = ProfileForm(instance=member)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or name in ("avatar",):
            continue
        data[name] = "on" if value is True else value
    data["country"] = data.get("country") or "KE"
    return {**data, **changes}


def _event():
    start = datetime(2030, 6, 23, 9, 0, tzinfo=UTC)
    event = EventFactory(
        starts_at=start, ends_at=start.replace(hour=12), time_zone="Europe/Berlin", slug="tz"
    )
    SessionFactory(event=event, starts_at=start, ends_at=start.replace(hour=10))
    return event


def test_a_member_chooses_their_time_zone_on_the_profile(client, member):
    client.force_login(member)
    html = client.get(EDIT).content.decode()
    assert 'name="time_zone"' in html and '<option value="Asia/Kathmandu">' in html
    response = client.post(EDIT, _profile_data(member, time_zone="Asia/Kathmandu"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.time_zone == "Asia/Kathmandu"
    client.post(EDIT, _profile_data(member, time_zone=""))
    member.refresh_from_db()
    assert member.time_zone == ""


def test_an_unknown_zone_is_refused_and_nothing_is_lost(client, member):
    client.force_login(member)
    response = client.post(
        "/fr/members/me/edit/", _profile_data(member, time_zone="Mars/Olympus", bio="Gardé")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html and "Gardé" in html
    member.refresh_from_db()
    assert member.time_zone == ""


def test_the_event_page_shows_times_in_the_members_zone_beside_the_events(client, member):
    member.time_zone = "Asia/Kathmandu"
    member.save(update_fields=["time_zone"])
    event = _event()
    client.force_login(member)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "In your time zone" in html
    assert "(Asia/Kathmandu, UTC+05:45)" in html  # 09:00 UTC is 14:45 in Kathmandu
    assert "(Europe/Berlin, UTC+02:00)" in html
    assert "Your time:" in html  # the programme too
    assert '<option value="Asia/Kathmandu" selected>' in html
    # ?tz= still wins for a one-off look.
    html = client.get(event.get_absolute_url() + "?tz=Africa/Lagos").content.decode()
    assert "(Africa/Lagos, UTC+01:00)" in html and "Asia/Kathmandu, UTC" not in html


def test_a_member_without_a_zone_and_a_visitor_see_the_events_zone_and_may_ask(client, member):
    event = _event()
    client.force_login(member)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "In your time zone" not in html and "Choose your time zone in your profile" in html
    client.logout()
    html = client.get(event.get_absolute_url()).content.decode()
    assert "In your time zone" not in html and "Choose your time zone" not in html
    html = client.get(event.get_absolute_url() + "?tz=Asia/Manila").content.decode()
    assert "In your time zone" in html and "(Asia/Manila, UTC+08:00)" in html


def test_the_events_list_shows_the_members_time_beside_the_events(client, member):
    member.time_zone = "Africa/Nairobi"
    member.save(update_fields=["time_zone"])
    _event()
    client.force_login(member)
    html = client.get(reverse("events")).content.decode()
    assert "Your time:" in html and "(Africa/Nairobi, UTC+03:00)" in html
    html = client.get("/fr/events/").content.decode()
    assert "Chez vous\u00a0:" in html
