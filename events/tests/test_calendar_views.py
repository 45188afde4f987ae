"""Calendars as a subscriber sees them: the .ics parsed with icalendar."""

from datetime import timedelta

import icalendar
import pytest
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse

from events import feeds, services
from events.admin import EventAdmin
from events.models import Event, Participation
from events.tests.factories import EventFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _vevents(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def _event_ics(client, event):
    return _vevents(client.get(reverse("events:event-ics", args=[event.slug])))


@override_settings(SITE_URL="https://cop.example.org")
def test_event_ics_has_a_stable_uid_and_the_events_zone(client):
    event = EventFactory(title_en="Claims workshop", time_zone="Africa/Douala")
    calendar, (vevent,) = _event_ics(client, event)
    assert str(vevent["UID"]) == f"event-{event.pk}@cop.example.org"
    assert str(vevent["SUMMARY"]) == "Claims workshop"
    assert vevent["DTSTART"].params["TZID"] == "Africa/Douala"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Africa/Douala"]
    _, (again,) = _event_ics(client, event)
    assert str(again["UID"]) == str(vevent["UID"])


def test_event_sequence_increases_when_its_time_changes_and_uid_stays(client):
    event = EventFactory()
    _, (before,) = _event_ics(client, event)
    services.event_update(
        event=event,
        starts_at=event.starts_at + timedelta(hours=1),
        ends_at=event.ends_at + timedelta(hours=1),
    )
    _, (after,) = _event_ics(client, event)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["UID"]) == str(before["UID"])


def test_event_sequence_stays_when_nothing_a_calendar_shows_changes(client):
    event = EventFactory(capacity=10)
    services.event_update(event=event, capacity=20)
    services.event_update(event=event, title_en=event.title_en)
    event.refresh_from_db()
    assert event.sequence == 0


def test_admin_save_raises_the_sequence_when_the_place_changes(client, staff):
    event = EventFactory(place_en="Yaoundé")
    model_admin = EventAdmin(Event, admin.site)

    class Form:
        changed_data = ["place_en"]

    event.place_en = "Douala"
    model_admin.save_model(None, event, Form(), change=True)
    event.refresh_from_db()
    assert event.sequence == 1 and event.place_en == "Douala"


def test_cancelled_event_is_status_cancelled(client):
    event = EventFactory(status=Event.Status.CANCELLED)
    _, (vevent,) = _event_ics(client, event)
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_members_only_event_ics_is_refused_to_visitors(client):
    event = EventFactory(visibility=Event.Visibility.MEMBERS)
    response = client.get(reverse("events:event-ics", args=[event.slug]))
    assert response.status_code == 302


def test_public_feed_lists_upcoming_public_events_only(client, member):
    EventFactory(title_en="Open webinar")
    EventFactory(title_en="Members meeting", visibility=Event.Visibility.MEMBERS)
    EventFactory(title_en="Draft idea", status=Event.Status.DRAFT)
    client.force_login(member)  # the feed is the same for everyone who subscribes
    calendar, vevents = _vevents(client.get(reverse("events:public-calendar")))
    titles = {str(v["SUMMARY"]) for v in vevents}
    assert titles == {"Open webinar"}
    assert str(calendar["X-WR-CALNAME"]) == "Upcoming events"


def test_series_feed_lists_the_series_and_its_readable_workshops(client):
    series = EventFactory(kind=Event.Kind.WORKSHOP_SERIES, title_en="Series")
    EventFactory(parent=series, title_en="Part one")
    EventFactory(parent=series, title_en="Hidden part", visibility=Event.Visibility.MEMBERS)
    EventFactory(title_en="Elsewhere")
    _, vevents = _vevents(client.get(reverse("events:series-calendar", args=[series.slug])))
    assert {str(v["SUMMARY"]) for v in vevents} == {"Series", "Part one"}


def test_member_feed_lists_my_registrations_without_a_session(client, member):
    mine = EventFactory(title_en="Mine", visibility=Event.Visibility.MEMBERS)
    dropped = EventFactory(title_en="Dropped")
    EventFactory(title_en="Not mine")
    Participation.objects.create(event=mine, member=member)
    Participation.objects.create(
        event=dropped, member=member, status=Participation.Status.CANCELLED
    )
    _, vevents = _vevents(client.get(feeds.member_feed_path(member)))
    assert {str(v["SUMMARY"]) for v in vevents} == {"Mine"}


def test_member_feed_refuses_a_token_altered_to_name_another_member(client, member):
    other = MemberFactory()
    Participation.objects.create(event=EventFactory(), member=other)
    payload, signature = feeds.member_token(member).split(":", 1)
    forged_payload = feeds.member_token(other).split(":", 1)[0]
    url = reverse("events:member-calendar", args=[f"{forged_payload}:{signature}"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:member-calendar", args=["nonsense"])).status_code == 404


def test_member_feed_refuses_a_deactivated_members_token(client, member):
    path = feeds.member_feed_path(member)
    member.is_active = False
    member.save()
    assert client.get(path).status_code == 404


def test_event_page_links_to_its_ics_and_the_events_page_to_webcal_feeds(client, member):
    event = EventFactory()
    html = client.get(reverse("events:event-detail", args=[event.slug])).content.decode()
    assert reverse("events:event-ics", args=[event.slug]) in html
    assert "Add to calendar" in html
    client.force_login(member)
    html = client.get(reverse("events:event-list")).content.decode()
    assert "webcal://" + feeds.site_host() in html
    assert feeds.member_feed_path(member) in html
