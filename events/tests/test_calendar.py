import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events.calendar import CalendarEvent, calendar_for, event_to_ical, event_uid, webcal_url

DOUALA = ZoneInfo("Africa/Douala")
KATHMANDU = ZoneInfo("Asia/Kathmandu")


def make_event(**overrides) -> CalendarEvent:
    fields = {
        "uid": event_uid(7, "cop.example.org"),
        "sequence": 0,
        "title": "Réunion de la communauté à Yaoundé : « paiements numériques »",
        "description": "Contexte : les agents de santé sont payés en retard.\nDeuxième ligne",
        "start": dt.datetime(2026, 12, 3, 9, 0, tzinfo=DOUALA),
        "end": dt.datetime(2026, 12, 3, 17, 30, tzinfo=DOUALA),
        "time_zone": "Africa/Douala",
        "location": "Hôtel Mont Fébé, Yaoundé",
        "url": "https://cop.example.org/fr/events/7/",
        "organiser_name": "Ministère de la Santé publique",
        "organiser_email": "events@cop.example.org",
        "last_modified": dt.datetime(2026, 11, 20, 8, 15, tzinfo=dt.UTC),
    }
    fields.update(overrides)
    return CalendarEvent(**fields)


def parse_events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_event_keeps_its_uid_and_the_sequence_the_caller_gives():
    [vevent] = parse_events(calendar_for([make_event(sequence=4)]))
    assert str(vevent["UID"]) == "event-7@cop.example.org"
    assert vevent["SEQUENCE"] == 4


def test_same_event_exported_twice_has_the_same_uid():
    first = parse_events(calendar_for([make_event()]))[0]
    changed = parse_events(calendar_for([make_event(sequence=1, title="Changed")]))[0]
    assert str(first["UID"]) == str(changed["UID"])
    assert changed["SEQUENCE"] == 1


def test_times_are_written_in_the_event_zone_with_its_tzid():
    event = make_event(
        start=dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC),  # 09:00 in Douala
        end=dt.datetime(2026, 12, 3, 16, 30, tzinfo=dt.UTC),
    )
    ics = calendar_for([event])
    assert b"DTSTART;TZID=Africa/Douala:20261203T090000" in ics
    [vevent] = parse_events(ics)
    start = vevent.decoded("DTSTART")
    assert start == dt.datetime(2026, 12, 3, 9, 0, tzinfo=DOUALA)
    assert vevent["DTSTART"].params["TZID"] == "Africa/Douala"


def test_calendar_holds_one_vtimezone_per_zone_used():
    events = [
        make_event(),
        make_event(
            uid=event_uid(8, "cop.example.org"),
            start=dt.datetime(2026, 12, 10, 14, 0, tzinfo=KATHMANDU),
            end=dt.datetime(2026, 12, 10, 15, 0, tzinfo=KATHMANDU),
            time_zone="Asia/Kathmandu",
        ),
        make_event(uid=event_uid(9, "cop.example.org")),
    ]
    calendar = icalendar.Calendar.from_ical(calendar_for(events))
    zones = sorted(str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE"))
    assert zones == ["Africa/Douala", "Asia/Kathmandu"]
    kathmandu = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("event-8")][0]
    assert kathmandu.decoded("DTSTART").utcoffset() == dt.timedelta(hours=5, minutes=45)


def test_french_summary_and_description_survive_the_round_trip():
    [vevent] = parse_events(calendar_for([make_event()]))
    assert str(vevent["SUMMARY"]) == (
        "Réunion de la communauté à Yaoundé : « paiements numériques »"
    )
    assert str(vevent["DESCRIPTION"]) == (
        "Contexte : les agents de santé sont payés en retard.\nDeuxième ligne"
    )
    assert str(vevent["LOCATION"]) == "Hôtel Mont Fébé, Yaoundé"


def test_long_lines_are_folded_and_special_characters_escaped():
    description = "Ordre du jour ; points, questions " + "é" * 200
    ics = calendar_for([make_event(description=description)])
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    assert b"Ordre du jour \\; points\\, questions" in ics
    [vevent] = parse_events(ics)
    assert str(vevent["DESCRIPTION"]) == description


def test_cancelled_event_says_so():
    [vevent] = parse_events(calendar_for([make_event(status="cancelled", sequence=3)]))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 3


def test_planned_event_is_confirmed():
    [vevent] = parse_events(calendar_for([make_event()]))
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_organiser_is_written_with_name_and_address():
    [vevent] = parse_events(calendar_for([make_event()]))
    assert str(vevent["ORGANIZER"]) == "mailto:events@cop.example.org"
    assert vevent["ORGANIZER"].params["CN"] == "Ministère de la Santé publique"


def test_organiser_without_address_is_left_out():
    vevent = event_to_ical(make_event(organiser_email=""))
    assert "ORGANIZER" not in vevent


def test_feed_is_named_and_a_single_event_is_not():
    feed = icalendar.Calendar.from_ical(calendar_for([make_event()], name="Événements à venir"))
    assert str(feed["X-WR-CALNAME"]) == "Événements à venir"
    single = icalendar.Calendar.from_ical(calendar_for([make_event()]))
    assert "X-WR-CALNAME" not in single


def test_empty_feed_is_a_valid_calendar():
    calendar = icalendar.Calendar.from_ical(calendar_for([], name="Série"))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"


@pytest.mark.parametrize(
    "overrides",
    [
        {"start": dt.datetime(2026, 12, 3, 9, 0)},
        {"end": dt.datetime(2026, 12, 2, 9, 0, tzinfo=DOUALA)},
        {"status": "held"},
        {"time_zone": "Mars/Olympus_Mons"},
    ],
)
def test_bad_event_is_refused(overrides):
    with pytest.raises(ValueError):
        make_event(**overrides)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://cop.example.org/en/events/feed.ics",
            "webcal://cop.example.org/en/events/feed.ics",
        ),
        (
            "http://localhost:8000/fr/events/feed.ics?x=1",
            "webcal://localhost:8000/fr/events/feed.ics?x=1",
        ),
    ],
)
def test_webcal_url_swaps_the_scheme(url, expected):
    assert webcal_url(url) == expected


@pytest.mark.parametrize(
    "url", ["/en/events/feed.ics", "ftp://cop.example.org/feed.ics", "javascript:alert(1)"]
)
def test_webcal_url_refuses_anything_but_absolute_http(url):
    with pytest.raises(ValueError):
        webcal_url(url)
