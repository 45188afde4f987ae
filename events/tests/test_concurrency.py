"""One ballot per member per poll holds when the same member's two votes race (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Ballot, Participation
from events.tests.factories import EventFactory, PollFactory
from members.tests.factories import MemberFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_from_one_member_leave_exactly_one():
    event = EventFactory()
    poll = PollFactory(event=event, max_choices=1)
    member = MemberFactory()
    Participation.objects.create(event=event, member=member)
    option = poll.options.first().pk
    barrier = threading.Barrier(4)
    outcomes = []

    def vote():
        try:
            barrier.wait()
            services.ballot_cast(poll=poll, member=member, option_ids=[option])
            outcomes.append("counted")
        except services.Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted", "refused", "refused", "refused"]
    assert Ballot.objects.filter(poll=poll, member=member).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_registering_twice_at_once_queues_one_confirmation():
    """A double click sent as two requests at once: the event's row lock makes the second
    find the member registered, so one confirmation email is written, not two."""
    from cop_portal.models import OutgoingEmail

    event = EventFactory()
    member = MemberFactory()
    barrier = threading.Barrier(3)
    errors = []

    def register():
        try:
            barrier.wait()
            services.event_register(event=event, member=member)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Participation.objects.filter(event=event, member=member).count() == 1
    assert OutgoingEmail.objects.filter(key__startswith="event_registered:").count() == 1
