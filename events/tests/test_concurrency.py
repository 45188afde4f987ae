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
