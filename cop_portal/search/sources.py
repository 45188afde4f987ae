"""What the search page searches: one `Source` per kind of row, each reading through its
app's access pair (`readable_*`) and nothing else. A composing module: it imports apps."""

from django.db.models import F, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop_portal.search.engine import Result, Search, Source, highlighted, snippet
from discussions.models import Post, Topic
from discussions.permissions import readable_post, readable_topic
from events.models import Event
from events.permissions import readable_events
from evidence.models import EvidenceItem
from evidence.permissions import readable_evidence
from members.models import Member
from members.permissions import readable_profile

# The type facet's values, in the order the page shows them.
TYPES = [
    ("discussions", pgettext_lazy("search result type", "Discussions")),
    ("evidence", pgettext_lazy("search result type", "Evidence")),
    ("events", pgettext_lazy("search result type", "Events")),
    ("members", pgettext_lazy("search result type", "Members")),
]


# The stored search vectors: a page of results never reads them.
VECTORS = ("search_en", "search_fr")


def _translated(field: str, search: Search):
    """A translated column in the reader's language, the other one when it is empty."""
    first, second = ("fr", "en") if search.language == "fr" else ("en", "fr")
    return Coalesce(
        NullIf(F(f"{field}_{first}"), Value("")), F(f"{field}_{second}"), output_field=TextField()
    )


def _show_topics(ids: list[int], search: Search) -> dict[int, Result]:
    opening = Post.objects.filter(
        topic=OuterRef("pk"), depth=0, hidden=False, deleted_at__isnull=True
    ).values("body")[:1]
    rows = (
        Topic.objects.filter(pk__in=ids)
        .select_related("room")
        .defer(*VECTORS)
        .order_by()
        .annotate(snippet_text=highlighted(Subquery(opening), search))
    )
    return {
        topic.pk: Result(
            kind="topic",
            kind_label=_("Topic"),
            title=topic.title,
            url=topic.get_absolute_url(),
            place=topic.room.name,
            place_url=topic.room.get_absolute_url(),
            date=topic.last_activity_at,
            snippet=snippet(topic.snippet_text, search),
        )
        for topic in rows
    }


def _show_posts(ids: list[int], search: Search) -> dict[int, Result]:
    rows = (
        Post.objects.filter(pk__in=ids)
        .select_related("topic__room")
        .defer(*VECTORS, *(f"topic__{vector}" for vector in VECTORS))
        .order_by()
        .annotate(snippet_text=highlighted(F("body"), search))
    )
    return {
        post.pk: Result(
            kind="post",
            kind_label=pgettext_lazy("search result kind", "Post"),
            title=post.topic.title,
            url=post.get_absolute_url(),
            place=post.topic.room.name,
            place_url=post.topic.room.get_absolute_url(),
            date=post.created_at,
            snippet=snippet(post.snippet_text, search),
        )
        for post in rows
    }


def _show_evidence(ids: list[int], search: Search) -> dict[int, Result]:
    rows = (
        EvidenceItem.objects.filter(pk__in=ids)
        .defer(*VECTORS)
        .order_by()
        .annotate(snippet_text=highlighted(_translated("summary", search), search))
    )
    library = reverse("evidence:library")
    return {
        item.pk: Result(
            kind="evidence",
            kind_label=item.get_kind_display(),
            title=item.title,
            url=item.get_absolute_url(),
            place=str(_("Evidence library")),
            place_url=library,
            date=item.published_at or item.created_at,
            snippet=snippet(item.snippet_text, search),
        )
        for item in rows
    }


def _show_events(ids: list[int], search: Search) -> dict[int, Result]:
    rows = (
        Event.objects.filter(pk__in=ids)
        .defer(*VECTORS)
        .order_by()
        .annotate(snippet_text=highlighted(_translated("background", search), search))
    )
    events = reverse("events")
    return {
        event.pk: Result(
            kind="event",
            kind_label=event.get_kind_display(),
            title=event.title,
            url=event.get_absolute_url(),
            place=str(_("Events")),
            place_url=events,
            date=event.starts_at,
            snippet=snippet(event.snippet_text, search),
        )
        for event in rows
    }


def _show_members(ids: list[int], search: Search) -> dict[int, Result]:
    rows = (
        Member.objects.filter(pk__in=ids)
        .select_related("organisation")
        .defer(*VECTORS)
        .order_by()
        .annotate(snippet_text=highlighted(F("bio"), search))
    )
    directory = reverse("members:directory")
    return {
        member.pk: Result(
            kind="member",
            kind_label=pgettext_lazy("search result kind", "Member"),
            title=str(member),
            url=member.get_absolute_url(),
            place=member.organisation.name if member.organisation_id else str(_("Members")),
            place_url=member.organisation.get_absolute_url()
            if member.organisation_id and member.organisation.confirmed
            else directory,
            date=member.date_joined,
            snippet=snippet(member.snippet_text, search),
        )
        for member in rows
    }


SOURCES = [
    Source(
        kind="topic",
        type="discussions",
        readable=lambda reader: Topic.objects.filter(readable_topic(reader)),
        date="last_activity_at",
        titles=("title",),
        texts=(),
        show=_show_topics,
        contains=lambda word: Q(
            pk__in=Post.objects.filter(
                depth=0, hidden=False, deleted_at__isnull=True, body__icontains=word
            ).values("topic_id")
        ),
        area="room__area",
    ),
    Source(
        kind="post",
        type="discussions",
        # Hidden and deleted posts never show in search, even to the moderators who may
        # open them in their thread.
        # An opening post is searched and shown as its topic.
        readable=lambda reader: Post.objects.filter(
            readable_post(reader), hidden=False, deleted_at__isnull=True, depth__gt=0
        ),
        date="created_at",
        titles=(),
        texts=("body",),
        show=_show_posts,
        area="topic__room__area",
    ),
    Source(
        kind="evidence",
        type="evidence",
        readable=lambda reader: EvidenceItem.objects.filter(readable_evidence(reader)),
        date="created_at",
        titles=("title_en", "title_fr"),
        texts=("summary_en", "summary_fr", "key_findings_en", "key_findings_fr", "authors"),
        show=_show_evidence,
        area="area",
    ),
    Source(
        kind="event",
        type="events",
        readable=lambda reader: Event.objects.filter(readable_events(reader)),
        date="starts_at",
        titles=("title_en", "title_fr"),
        texts=("background_en", "background_fr", "objectives_en", "objectives_fr"),
        show=_show_events,
        area="area",
    ),
    Source(
        kind="member",
        type="members",
        readable=lambda reader: Member.objects.filter(readable_profile(reader)),
        date="date_joined",
        titles=("display_name",),
        texts=("bio", "organisation__name"),
        show=_show_members,
    ),
]
