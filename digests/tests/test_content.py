"""What each member's digest holds: only what they may read, only what is new, in order."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from digests.content import build_digests, chunk_members
from digests.models import DigestDelivery
from digests.tests.helpers import run_period, watcher_with_news
from discussions.models import Post, Room, Subscription
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from events.models import Ballot, Participation
from events.tests.factories import EventFactory, PollFactory
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import MemberFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db


def digest_for(member, *, until=None):
    until = until or timezone.now() + timedelta(seconds=1)
    return build_digests(chunk_members([member.pk]), until=until)[0]


def test_replies_in_a_watched_topic_are_counted_per_topic():
    member, topic = watcher_with_news()
    make_reply(topic=topic, author=MemberFactory(), body="Airtel too.")
    digest = digest_for(member)
    assert [(a.topic, a.count) for a in digest.watched] == [(topic, 2)]
    assert digest.watched_reply_count == 2
    assert not digest.is_empty


def test_hidden_and_deleted_posts_never_appear():
    member, topic = watcher_with_news()
    Post.objects.filter(topic=topic, depth__gt=0).update(hidden=True)
    deleted = make_reply(topic=topic, author=MemberFactory(), body="Gone.")
    Post.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    digest = digest_for(member)
    assert digest.watched == []
    assert digest.is_empty


def test_posts_in_a_room_the_member_cannot_read_are_left_out():
    steering_room = RoomFactory(visibility=Room.Visibility.STEERING)
    topic = make_topic(room=steering_room, author=SteeringMemberFactory())
    member = MemberFactory()
    Subscription.objects.create(member=member, topic=topic)  # watched before the room closed
    make_reply(topic=topic, author=SteeringMemberFactory(), body="Budget lines for 2027.")
    steering = SteeringMemberFactory()
    Subscription.objects.create(member=steering, topic=topic)

    assert digest_for(member).watched == []
    assert [a.topic for a in digest_for(steering).watched] == [topic]


def test_a_reply_to_the_member_comes_before_watched_activity():
    member = MemberFactory()
    topic = make_topic(author=member, title="Per diems in Kaduna")
    reply = make_reply(topic=topic, author=MemberFactory(), body="We paid by M-Pesa.")
    digest = digest_for(member)
    assert digest.replies == [reply]
    assert digest.watched == []  # the same post is not told twice


def test_evidence_matches_interests_or_country_and_drafts_stay_out():
    member = MemberFactory(country="SN")
    member.interests.add("mobile money")
    by_tag = EvidenceItemFactory(countries=["KE"], tags=["Mobile money"])
    by_country = EvidenceItemFactory(countries=["SN"])
    EvidenceItemFactory(countries=["KE"], tags=["claims"])  # neither
    EvidenceItemFactory(countries=["SN"], status=EvidenceItem.Status.DRAFT, published_at=None)
    digest = digest_for(member)
    assert digest.evidence == [by_tag, by_country]


def test_events_in_the_next_three_weeks_and_those_registered_for():
    member = MemberFactory()
    soon = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=40))
    EventFactory(starts_at=timezone.now() + timedelta(days=50))  # not registered
    EventFactory(status="draft", starts_at=timezone.now() + timedelta(days=3))
    Participation.objects.create(event=later, member=member)
    entries = digest_for(member).events
    assert [(e.event, e.registered) for e in entries] == [(later, True), (soon, False)]


def test_open_polls_the_member_can_vote_in():
    member = MemberFactory()
    event = EventFactory()
    open_poll = PollFactory(event=event, participants_only=False)
    PollFactory(event=event, participants_only=True)  # not registered
    voted = PollFactory(event=event, participants_only=False)
    Ballot.objects.create(poll=voted, member=member)
    PollFactory(event=event, participants_only=False, closes_at=timezone.now())  # closed
    assert digest_for(member).polls == [open_poll]


def test_pending_members_are_offered_no_poll():
    member = MemberFactory(approval="pending")
    PollFactory(participants_only=False)
    assert digest_for(member).polls == []


def test_active_discussions_are_shown_but_are_no_reason_to_write():
    member = MemberFactory()
    topic = make_topic(author=MemberFactory(), title="Busy thread")
    make_reply(topic=topic, author=MemberFactory())
    digest = digest_for(member)
    assert digest.active == [topic]
    assert digest.is_empty


def test_a_second_run_tells_only_what_is_new_since_the_first(
    mailoutbox, django_capture_on_commit_callbacks
):
    member, topic = watcher_with_news()
    run_period("2026-W47", capture=django_capture_on_commit_callbacks)
    first = DigestDelivery.objects.get(member=member)
    assert first.status == "sent"
    digest = digest_for(member)
    assert digest.watched == []  # the reply was in last week's digest
    newer = make_reply(topic=topic, author=MemberFactory(), body="A new one.")
    assert [p for a in digest_for(member).watched for p in a.posts] == [newer]


def test_unverified_members_are_not_sendable():
    member = MemberFactory(verified=False)
    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    assert chunk_members([member.pk])[0].has_verified_email is False
