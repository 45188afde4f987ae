"""The event and document read rules agree with themselves in both shapes for every role and
every visibility and status, and say what each role reads."""

import pytest

from events import permissions
from events.models import Document, Event
from events.tests.factories import DocumentFactory, EventFactory
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = ["visitor", "pending", "member", "moderator", "steering", "staff", "organiser"]


@pytest.fixture
def world(db):
    organiser = MemberFactory(display_name="Event Organiser")
    for visibility in Event.Visibility.values:
        for status in Event.Status.values:
            event = EventFactory(
                visibility=visibility, status=status, slug=f"{visibility}-{status}"
            )
            event.organisers.add(organiser)
            DocumentFactory(event=event, title=f"{visibility}-{status}")
    EventFactory(visibility="public", status="draft", slug="someone-elses-draft")
    return organiser


@pytest.fixture(params=ALL_ROLES)
def reader(request, world):
    if request.param == "visitor":
        return None
    if request.param == "organiser":
        return world
    return request.getfixturevalue(request.param)


PAIRS = [
    (Event, permissions.can_read_event, permissions.readable_events, permissions.event_rule),
    (Event, permissions.can_organise, permissions.organised_events, permissions.organise_rule),
    (Document, permissions.can_read_document, permissions.readable_documents,
     permissions.document_rule),
]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "check", "readable", "rule"), PAIRS, ids=lambda p: getattr(p, "__name__", "")
)
def test_the_check_and_the_list_agree_for_every_role_and_object(
    reader, model, check, readable, rule
):
    listed = set(model.objects.filter(readable(reader)).values_list("pk", flat=True))
    for obj in model.objects.all():
        assert check(reader, obj) == (obj.pk in listed), (obj, reader)
        if reader is not None:
            readers = Member.objects.filter(rule.readers(obj), pk=reader.pk)
            assert check(reader, obj) == readers.exists(), (obj, reader)


def _slugs(who):
    return set(
        Event.objects.filter(permissions.readable_events(who)).values_list("slug", flat=True)
    )


def test_what_each_role_reads(world, pending, member, steering, staff):
    published = {"planned", "open", "held", "cancelled"}
    public = {f"public-{s}" for s in published}
    members = {f"members-{s}" for s in published}
    assert _slugs(None) == public
    assert _slugs(pending) == _slugs(member) == public | members
    assert _slugs(world) == public | members | {"public-draft", "members-draft"}
    assert "someone-elses-draft" in _slugs(steering)
    assert _slugs(staff) == set(Event.objects.values_list("slug", flat=True))


def test_documents_follow_their_event(world, member):
    titles = set(
        Document.objects.filter(permissions.readable_documents(member)).values_list(
            "title", flat=True
        )
    )
    assert titles == set(
        Event.objects.filter(permissions.readable_events(member)).values_list("slug", flat=True)
    )
