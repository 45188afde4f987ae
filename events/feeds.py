"""The event record as iCalendar: one event's `.ics` and the subscribable feeds (upcoming
public events, a series, a member's registered events), through `events.calendar`.

A member's feed is read without a session (calendar apps subscribe with a bare URL), so its
URL carries a signed token naming the member and the generation of their address; the
member can reset it (a shared or leaked address then answers 410 Gone); the events in it
still follow the read rule for that member."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from events.calendar import CANCELLED, PLANNED, CalendarEvent, calendar_for, event_uid, webcal_url
from events.models import CalendarFeedKey, Event

FEED_SALT = "events.feeds.member"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def webcal(path: str) -> str:
    return webcal_url(absolute_url(path))


def calendar_event(event: Event, *, host: str) -> CalendarEvent:
    return CalendarEvent(
        uid=event_uid(event.pk, host),
        sequence=event.sequence,
        title=event.title or "",
        start=event.starts_at,
        end=event.ends_at,
        time_zone=event.time_zone if event.zone.key == event.time_zone else "UTC",
        last_modified=event.updated_at,
        description=event.background or "",
        location=event.place or "",
        url=absolute_url(event.get_absolute_url()),
        status=CANCELLED if event.status == Event.Status.CANCELLED else PLANNED,
    )


def ics_for(events, *, name: str | None = None) -> bytes:
    host = site_host()
    return calendar_for((calendar_event(event, host=host) for event in events), name=name)


def feed_generation(member) -> int:
    key = CalendarFeedKey.objects.filter(member=member).values_list("generation", flat=True)
    return key.first() or 0


def member_token(member) -> str:
    """The secret part of a member's feed URL: their id and the current generation, signed
    without a timestamp, so the address stays the same from one page to the next (it is
    revoked by its generation, never by age)."""
    return signing.Signer(salt=FEED_SALT).sign_object([member.pk, feed_generation(member)])


def _payload(token: str):
    """What a token signs. Addresses given before carried a timestamp (two colons)."""
    if token.count(":") >= 2:
        return signing.loads(token, salt=FEED_SALT)
    return signing.Signer(salt=FEED_SALT).unsign_object(token)


@dataclass(frozen=True)
class FeedReader:
    member: object | None = None
    revoked: bool = False  # a real address of this member's, since reset


def member_for_token(token: str) -> FeedReader:
    """The active member a feed token names; nobody for a forged or altered token, and
    `revoked` for an address its member has reset since. Tokens given before addresses
    could be reset (the member's id alone) are generation 0."""
    try:
        payload = _payload(token)
    except signing.BadSignature:
        return FeedReader()
    if isinstance(payload, int):
        payload = [payload, 0]
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in payload)
    ):
        return FeedReader()
    pk, generation = payload
    member = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if member is None:
        return FeedReader()
    if generation != feed_generation(member):
        return FeedReader(revoked=True)
    return FeedReader(member=member)


def member_feed_path(member) -> str:
    return reverse("events:member-calendar", args=[member_token(member)])
