"""A member's registrations, ballots and evaluations leave with their data export and go
with their erasure; the action items they owned stay with the event."""

import pytest

from events.models import ActionItem, Ballot, Evaluation, Participation
from events.services import export_member_data, member_event_data_erase
from events.tests.factories import EventFactory, PollFactory

pytestmark = pytest.mark.django_db


def test_export_holds_what_the_member_did_and_erasure_removes_it(member):
    event = EventFactory(title_en="Implementers’ call")
    Participation.objects.create(event=event, member=member)
    poll = PollFactory(event=event)
    Ballot.objects.create(poll=poll, member=member).options.set(poll.options.all()[:1])
    Evaluation.objects.create(event=event, member=member, rating=5, comment="Great")
    item = ActionItem.objects.create(event=event, description_en="Share slides", owner=member)
    data = export_member_data(member)
    assert data["registrations"][0]["event"] == "Implementers’ call"
    assert data["ballots"][0]["options"] == ["Business models"]
    assert data["evaluations"] == [{"event": "Implementers’ call", "rating": 5, "comment": "Great"}]
    member_event_data_erase(member)
    assert not Participation.objects.filter(member=member).exists()
    assert not Ballot.objects.filter(member=member).exists()
    assert not Evaluation.objects.filter(member=member).exists()
    item.refresh_from_db()
    assert item.owner is None
