"""What the event pages read, each in a fixed number of queries whatever the event's size."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch
from django.utils import timezone

from cop_portal import links
from events.models import (
    ActionItem,
    Ballot,
    Document,
    Evaluation,
    Event,
    EventSession,
    MeetingNote,
    OrganisationRole,
    Participation,
    Poll,
    PollOption,
)
from events.permissions import can_edit_notes, can_organise, readable_events

PAST_PER_PAGE = 20


def _listed(reader):
    return (
        Event.objects.filter(readable_events(reader))
        .select_related("parent")
        .prefetch_related("tags")
    )


def upcoming_events(*, reader, limit: int = 50):
    """Events not yet over, soonest first (the events page and the home page)."""
    return list(_listed(reader).filter(ends_at__gte=timezone.now()).order_by("starts_at")[:limit])


def past_events_page(*, reader, page_number=None):
    events = _listed(reader).filter(ends_at__lt=timezone.now()).order_by("-starts_at")
    return Paginator(events, PAST_PER_PAGE).get_page(page_number)


def event_for_page():
    """The queryset a page fetches one event from (its organisers come with it, so the read
    rule's organiser grant asks no further query)."""
    return Event.objects.select_related("parent").prefetch_related("organisers", "tags")


@dataclass
class PollView:
    poll: Poll
    options: list = field(default_factory=list)
    ballots: int = 0
    voted: bool = False
    show_results: bool = False
    can_vote: bool = False


@dataclass
class EventPage:
    event: Event
    organiser: bool
    participation: Participation | None
    registered_count: int
    participants: list
    sessions: list
    organisation_roles: list
    outcomes: list
    action_items: list
    event_documents: list
    polls: list
    children: list
    rating_average: float | None
    rating_count: int
    rating_distribution: list
    evaluation_comments: list
    evaluated: bool
    notes: list = field(default_factory=list)
    can_edit_notes: bool = False

    @property
    def registered(self) -> bool:
        return bool(
            self.participation and self.participation.status == Participation.Status.REGISTERED
        )

    @property
    def is_full(self) -> bool:
        capacity = self.event.capacity
        return capacity is not None and self.registered_count >= capacity


def event_page(*, event: Event, reader) -> EventPage:
    organiser = can_organise(reader, event)
    member = reader if getattr(reader, "is_authenticated", False) else None

    documents = list(Document.objects.filter(event=event).order_by("session_id", "pk"))
    by_session: dict[int, list] = {}
    for document in documents:
        by_session.setdefault(document.session_id, []).append(document)
    sessions = list(EventSession.objects.filter(event=event))
    for session in sessions:
        session.document_list = by_session.get(session.pk, [])

    participants = list(
        Participation.objects.filter(event=event, status=Participation.Status.REGISTERED)
        .select_related("member", "member__organisation")
        .order_by("member__display_name")
    )
    participation = None
    if member is not None:
        participation = Participation.objects.filter(event=event, member=member).first()
    shown = participants if organiser else [p for p in participants if p.listed]

    polls = list(
        Poll.objects.filter(event=event).prefetch_related(
            Prefetch(
                "options",
                queryset=PollOption.objects.annotate(votes=Count("ballots")).order_by(
                    "order", "pk"
                ),
            )
        )
    )
    counts = dict(
        Ballot.objects.filter(poll__event=event)
        .values("poll")
        .annotate(n=Count("pk"))
        .values_list("poll", "n")
    )
    mine = set()
    if member is not None:
        mine = set(
            Ballot.objects.filter(poll__event=event, member=member).values_list("poll", flat=True)
        )
    registered = bool(participation and participation.status == Participation.Status.REGISTERED)
    poll_views = []
    for poll in polls:
        total = counts.get(poll.pk, 0)
        options = list(poll.options.all())
        for option in options:
            option.percent = round(100 * option.votes / total) if total else 0
        poll_views.append(
            PollView(
                poll=poll,
                options=options,
                ballots=total,
                voted=poll.pk in mine,
                show_results=poll.is_closed or organiser,
                can_vote=(
                    member is not None
                    and not poll.is_closed
                    and poll.pk not in mine
                    and (registered or not poll.participants_only)
                ),
            )
        )

    stats = Evaluation.objects.filter(event=event).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    distribution, comments = [], []
    if organiser:
        found = dict(
            Evaluation.objects.filter(event=event)
            .values("rating")
            .annotate(n=Count("pk"))
            .values_list("rating", "n")
        )
        distribution = [(rating, found.get(rating, 0)) for rating in range(5, 0, -1)]
        comments = list(
            Evaluation.objects.filter(event=event).exclude(comment="").values("rating", "comment")
        )
    evaluated = False
    if member is not None and registered:
        evaluated = Evaluation.objects.filter(event=event, member=member).exists()

    outcomes = list(event.outcomes.all())
    # The items and topics each outcome cites, and the library item a document became, as
    # cards the reader may read: one query per citing app for the page (cop_portal.links).
    texts = [o.citations for o in outcomes] + [d.library_url for d in documents]
    for entry, cards in zip(
        [*outcomes, *documents], links.cards_for(texts, reader=reader), strict=True
    ):
        entry.cards = cards

    return EventPage(
        event=event,
        organiser=organiser,
        participation=participation,
        registered_count=len(participants),
        participants=shown,
        sessions=sessions,
        organisation_roles=list(
            OrganisationRole.objects.filter(event=event).select_related("organisation")
        ),
        outcomes=outcomes,
        action_items=list(ActionItem.objects.filter(event=event).select_related("owner")),
        event_documents=by_session.get(None, []),
        polls=poll_views,
        children=list(
            Event.objects.filter(readable_events(reader), parent=event).order_by("starts_at")
        ),
        rating_average=stats["average"],
        rating_count=stats["count"],
        rating_distribution=distribution,
        evaluation_comments=comments,
        evaluated=evaluated,
        notes=list(MeetingNote.objects.filter(event=event).only("pk", "title", "final")),
        can_edit_notes=can_edit_notes(reader, event),
    )
