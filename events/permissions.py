"""Who may read and run events, in one place. Views and templates ask here.

Public events are read by everyone, members-only events by members (pending ones too, as
members' rooms are); drafts only by their organisers, the steering committee and staff.
Documents follow their event's rule through a prefix.
"""

from cop_portal import access
from events.models import Document, Event, MeetingNote
from members.permissions import (
    anyone,
    can_participate,
    is_member,
    is_moderator,
    is_staff,
    is_steering,
)

_published = {status: anyone for status in Event.Status.values if status != Event.Status.DRAFT}

event_rule = access.Rule(
    Event,
    access.Table("status", _published)
    & access.Table(
        "visibility", {Event.Visibility.PUBLIC: anyone, Event.Visibility.MEMBERS: is_member}
    )
    | access.Who(is_steering)
    | access.Who(is_staff)
    | access.Grant("organisers", who=is_member),
)
can_read_event, readable_events = event_rule.pair()

# Organisers run their event: attendance, results before a poll closes, evaluation details.
organise_rule = access.Rule(
    Event,
    access.Who(is_steering) | access.Who(is_staff) | access.Grant("organisers", who=is_member),
)
can_organise, organised_events = organise_rule.pair()

document_rule = access.Rule(Document, access.Via("event", event_rule))
can_read_document, readable_documents = document_rule.pair()

# Meeting notes are read with their event and written by its organisers and by moderators.
note_rule = access.Rule(MeetingNote, access.Via("event", event_rule))
can_read_note, readable_notes = note_rule.pair()

note_edit_rule = access.Rule(
    Event,
    access.Who(is_moderator)
    | access.Who(is_steering)
    | access.Who(is_staff)
    | access.Grant("organisers", who=is_member),
)
can_edit_notes, note_editable_events = note_edit_rule.pair()


def can_promote_documents(member) -> bool:
    """Promote an event's document to the evidence library: those who curate it."""
    return is_steering(member) or is_staff(member)


def can_register(member, event: Event) -> bool:
    """Approved members register for events open for registration that they may read."""
    return (
        can_participate(member)
        and event.status == Event.Status.OPEN
        and can_read_event(member, event)
    )


def can_see_results(member, poll, *, organiser: bool) -> bool:
    return poll.is_closed or organiser
