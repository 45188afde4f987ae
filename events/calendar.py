"""iCalendar (RFC 5545) for events: one `.ics` per event and subscribable feeds.

Pure functions over `CalendarEvent`, a plain record the views build from an Event, so this
module needs no database. What keeps a subscribed calendar in step instead of duplicating:
a UID that never changes for an event (`event-<pk>@<site host>`, see `event_uid`) and a
SEQUENCE the caller raises each time the event's time, place or status changes. Times are
written in the event's own zone (DTSTART;TZID=Africa/Douala) with a VTIMEZONE for that
zone, so every calendar shows the zone and converts to the reader's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

PRODID = "-//CoP Portal//Events//EN"
PLANNED: Literal["planned"] = "planned"
CANCELLED: Literal["cancelled"] = "cancelled"
_STATUS = {PLANNED: "CONFIRMED", CANCELLED: "CANCELLED"}


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    uid: str  # stable for the event's life: event_uid(pk, host)
    sequence: int  # raised by the caller each time the event changes
    title: str
    start: dt.datetime  # aware
    end: dt.datetime  # aware, after start
    time_zone: str  # IANA name of the event's zone, e.g. "Africa/Douala"
    last_modified: dt.datetime  # aware
    description: str = ""
    location: str = ""  # a place, or empty for an online event
    url: str = ""  # absolute URL of the event page
    organiser_name: str = ""
    organiser_email: str = ""  # ORGANIZER is written only with an address
    status: Literal["planned", "cancelled"] = PLANNED

    def __post_init__(self):
        for name in ("start", "end", "last_modified"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"CalendarEvent.{name} must be an aware datetime")
        if self.end < self.start:
            raise ValueError("CalendarEvent.end is before its start")
        if self.status not in _STATUS:
            raise ValueError(f"CalendarEvent.status must be one of {sorted(_STATUS)}")
        if self.sequence < 0:
            raise ValueError("CalendarEvent.sequence must not be negative")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone: {self.time_zone!r}") from error


def event_uid(pk: int, host: str) -> str:
    """The UID of an event: the same in every feed and every download, for ever."""
    return f"event-{pk}@{host}"


def webcal_url(url: str) -> str:
    """The `webcal://` form of an http(s) feed URL, which calendar apps open as a
    subscription rather than a one-off import."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    return urlunsplit(("webcal", *parts[1:]))


def event_to_ical(event: CalendarEvent) -> icalendar.Event:
    """One VEVENT, times in the event's zone (the VTIMEZONE is added by the calendar)."""
    zone = ZoneInfo(event.time_zone)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    last_modified = event.last_modified.astimezone(dt.UTC)
    vevent.add("dtstamp", last_modified)
    vevent.add("last-modified", last_modified)
    vevent.add("status", _STATUS[event.status])
    vevent.add("transp", "OPAQUE" if event.status == PLANNED else "TRANSPARENT")
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.organiser_email:
        organiser = icalendar.vCalAddress(f"mailto:{event.organiser_email}")
        if event.organiser_name:
            organiser.params["cn"] = event.organiser_name
        vevent.add("organizer", organiser)
    return vevent


def calendar_for(events: Iterable[CalendarEvent], *, name: str | None = None) -> bytes:
    """A VCALENDAR holding `events`, with one VTIMEZONE per zone they use. With a `name`
    it is a feed: X-WR-CALNAME (and RFC 7986's NAME) label it in the subscriber's list.
    Returns the `.ics` bytes (UTF-8, CRLF, lines folded at 75 octets)."""
    events = list(events)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name is not None:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(event_to_ical(event))
    if events:
        # Transitions from a year before the first event to a year after the last one:
        # enough for any client to place the times, small enough to keep feeds short.
        first = min(event.start for event in events).date() - dt.timedelta(days=366)
        last = max(event.end for event in events).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
