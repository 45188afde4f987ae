"""Issue 18 item 3: registering queues one confirmation email in the member's language,
with the date in the event's zone and the member's, the .ics link and the meeting link for
online events; registering twice sends one; cancelling sends none."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cop_portal.models import OutgoingEmail
from events import services
from events.models import Event
from events.tests.factories import EventFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _event(**kwargs):
    start = datetime(2030, 9, 16, 9, 0, tzinfo=UTC)
    defaults = {
        "title_en": "Implementers’ call", "title_fr": "Réunion des partenaires",
        "slug": "call", "starts_at": start, "ends_at": start.replace(hour=10, minute=30),
        "time_zone": "Europe/Berlin", "online": True,
        "meeting_link": "https://meet.example.org/call",
    }  # fmt: skip
    return EventFactory(**{**defaults, **kwargs})


def test_registering_queues_one_confirmation_with_times_links_and_meeting(client, member):
    member.time_zone = "Asia/Kathmandu"
    member.save(update_fields=["time_zone"])
    event = _event()
    client.force_login(member)
    url = reverse("events:event-register", args=[event.slug])
    assert client.post(url, {"listed": "1"}).status_code == 302
    assert client.post(url, {"listed": "1"}).status_code == 302  # a second click
    email = OutgoingEmail.objects.get()
    assert email.recipient == member.email
    assert email.subject.endswith("You are registered: Implementers’ call")
    body = email.body_text
    assert "Dear Amina Diallo," in body
    # 09:00 UTC is 11:00 in Berlin (summer time) and 14:45 in Kathmandu.
    assert "When: Sept. 16, 2030, 11 a.m. – Sept. 16, 2030, 12:30 p.m. (Europe/Berlin)" in body
    assert "Your time: Sept. 16, 2030, 2:45 p.m. – Sept. 16, 2030, 4:15 p.m. (Asia/Kathmandu)" in (
        body
    )
    assert "https://meet.example.org/call" in body
    # The meeting, the .ics and the event page, then the footer's preferences and unsubscribe.
    assert body.count("http") == 5
    assert "/en/digest/unsubscribe/" in body
    assert "/en/events/call/event.ics" in body and "/en/events/call/" in body


def test_the_email_is_in_the_members_language(member):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    services.event_register(event=_event(), member=member)
    email = OutgoingEmail.objects.get()
    assert "Inscription confirmée" in email.subject and "Réunion des partenaires" in email.subject
    assert "Votre inscription à «\u00a0Réunion des partenaires\u00a0» est enregistrée." in (
        email.body_text
    )
    assert "/fr/events/call/event.ics" in email.body_text
    assert "(UTC)" in email.body_text  # no zone chosen: UTC beside the event's


def test_no_meeting_link_for_an_event_in_a_place(member):
    event = _event(online=False, meeting_link="", place_en="Yaoundé", time_zone="Africa/Douala")
    services.event_register(event=event, member=member)
    body = OutgoingEmail.objects.get().body_text
    assert "Meeting link" not in body and "Where: Yaoundé" in body


def test_cancelling_queues_nothing_and_registering_again_confirms_again(member):
    event = _event()
    services.event_register(event=event, member=member)
    services.event_registration_cancel(event=event, member=member)
    assert OutgoingEmail.objects.count() == 1
    services.event_register(event=event, member=member)
    assert OutgoingEmail.objects.count() == 2


def test_a_refused_registration_queues_nothing(member):
    event = _event(status=Event.Status.CANCELLED)
    with pytest.raises(services.Conflict):
        services.event_register(event=event, member=member)
    full = _event(slug="full", capacity=1)
    services.event_register(event=full, member=MemberFactory())
    with pytest.raises(services.Conflict):
        services.event_register(event=full, member=member)
    assert not OutgoingEmail.objects.filter(recipient=member.email).exists()
