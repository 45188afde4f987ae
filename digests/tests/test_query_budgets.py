"""A chunk's digests are built and rendered in the same number of queries for 20 members as
for 200: nothing is fetched per member."""

from datetime import timedelta

import pytest
from django.utils import timezone

from digests.content import build_digests, chunk_members
from digests.services import digest_render
from discussions.models import Subscription
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from events.models import Participation
from events.tests.factories import EventFactory, PollFactory
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

QUERIES = 19


@pytest.mark.parametrize("count", (20, 200))
def test_a_chunk_costs_the_same_queries_whatever_its_size(count, django_assert_num_queries):
    room = RoomFactory()
    topics = [make_topic(room=room, title=f"Topic {n}") for n in range(3)]
    event = EventFactory(starts_at=timezone.now() + timedelta(days=4))
    PollFactory(event=event, participants_only=False)
    EvidenceItemFactory(countries=["KE"], tags=["mobile money"])
    members = [MemberFactory(organisation=None) for _n in range(count)]
    for n, member in enumerate(members):
        Subscription.objects.create(member=member, topic=topics[n % 3])
        if n % 2:
            Subscription.objects.get_or_create(member=member, room=room)
            member.interests.add("mobile money")
        if n % 3 == 0:
            Participation.objects.create(event=event, member=member)
    for topic in topics:
        make_reply(topic=topic, body=f"News, @{members[0].handle}.")
    ids = [member.pk for member in members]
    until = timezone.now() + timedelta(seconds=1)

    with django_assert_num_queries(QUERIES):
        digests = build_digests(chunk_members(ids), until=until)
        rendered = [digest_render(digest) for digest in digests]

    assert len(rendered) == count
    assert all(not digest.is_empty for digest in digests)
    assert len(digests[0].mentions) == 3
