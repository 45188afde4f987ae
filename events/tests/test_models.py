"""The record's invariants: checked in forms (admin) with a clear message, and held by the
database whatever door a row comes in by."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Ballot, Document, Evaluation, EventSession
from events.tests.factories import EventFactory, PollFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_event_ending_before_it_starts_is_refused_with_a_message():
    event = EventFactory.build()
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "The event cannot end before it starts." in str(caught.value)


def test_database_refuses_an_event_ending_before_it_starts():
    event = EventFactory()
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_unknown_time_zone_is_refused():
    event = EventFactory.build(time_zone="Africa/Atlantis")
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "is not a time zone name" in str(caught.value)


def test_session_outside_its_events_dates_is_refused():
    event = EventFactory()
    session = EventSession(
        event=event, title_en="Late", starts_at=event.ends_at + timedelta(days=2)
    )
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert "A session must fall within its event’s dates" in str(caught.value)


def test_session_within_its_events_dates_is_accepted():
    event = EventFactory()
    EventSession(event=event, title_en="On time", starts_at=event.starts_at).full_clean()


def test_document_must_be_a_file_or_a_link_never_both_never_neither():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(event=event, title="Neither")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            event=event, title="Both", file="events/x.pdf", link="https://e.org"
        )
    Document.objects.create(event=event, title="Link", link="https://example.org/slides")


def test_one_ballot_per_member_per_poll_is_a_database_constraint():
    poll = PollFactory()
    member = MemberFactory()
    Ballot.objects.create(poll=poll, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, member=member)


def test_ratings_outside_1_to_5_are_refused_by_the_database():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(event=event, member=MemberFactory(), rating=6)


def test_document_file_goes_through_the_upload_validator():
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = EventFactory()
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    document = Document(event=event, title="Slides", file=fake)
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "its content does not match its name" in str(caught.value)
