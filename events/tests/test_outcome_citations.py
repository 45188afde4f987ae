"""Issue 18 item 4: an outcome cites library items and discussion topics; the event page
shows each as a card (title, kind and year, or room) in the reader's language, only what
the reader may read, at a fixed number of queries."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from discussions.models import Room
from discussions.tests.factories import RoomFactory, make_topic
from events.models import Outcome, validate_citations
from events.tests.factories import EventFactory
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory, in_status

pytestmark = pytest.mark.django_db


def _item(**kwargs):
    return EvidenceItemFactory(
        title_en="Paying vaccinators in Senegal",
        title_fr="Payer les vaccinateurs au Sénégal",
        kind=EvidenceItem.Kind.EVALUATION,
        year=2021,
        **kwargs,
    )


def _room():
    return RoomFactory(name_en="Campaign payments", name_fr="Paiements de campagne")


def _detail(event, lang="en"):
    return f"/{lang}" + reverse("events:event-detail", args=[event.slug])[3:]


def test_citations_accept_items_and_topics_on_this_site_and_refuse_other_links():
    item = _item()
    topic = make_topic(room=_room(), title="Late per diems")
    validate_citations(f"/en/evidence/{item.pk}/\n\n{settings.SITE_URL}{topic.get_absolute_url()}")
    for wrong in (
        "https://elsewhere.org/en/evidence/1/",
        f"/en/evidence/{item.pk}/download/",
        "/en/events/",
        "not a link at all",
        "javascript:alert(1)",
    ):
        with pytest.raises(ValidationError) as raised:
            validate_citations(wrong)
        assert raised.value.error_list[0].code == "citation"
    with pytest.raises(ValidationError):
        validate_citations("\n".join([f"/en/evidence/{item.pk}/"] * 11))


def test_the_event_page_shows_a_card_for_each_cited_item_and_topic(client, member):
    item = _item()
    topic = make_topic(room=_room(), title="Late per diems during polio rounds")
    event = EventFactory()
    Outcome.objects.create(
        event=event,
        objective_en="Compare payment channels",
        outcome_en="Mobile money cut the delays",
        citations=f"/fr/evidence/{item.pk}/\n{topic.get_absolute_url()}",
    )
    client.force_login(member)
    html = client.get(_detail(event)).content.decode()
    assert html.count('class="evidence-link-card"') == 1
    assert "Paying vaccinators in Senegal" in html and "Evaluation · 2021" in html
    assert 'class="evidence-link-card topic-link-card"' in html
    assert "Late per diems during polio rounds" in html and "In Campaign payments" in html
    assert f'href="{topic.get_absolute_url()}"' in html


def test_the_cards_are_in_the_readers_language(client, member):
    item = _item()
    topic = make_topic(room=_room(), title="Late per diems")
    event = EventFactory()
    Outcome.objects.create(
        event=event, objective_en="o", outcome_en="r",
        citations=f"/en/evidence/{item.pk}/\n{topic.get_absolute_url()}",
    )  # fmt: skip
    client.force_login(member)
    html = client.get(_detail(event, "fr")).content.decode()
    assert "Payer les vaccinateurs au Sénégal" in html
    assert "Dans Paiements de campagne" in html
    assert "Évaluation" in html


def test_cards_show_only_what_the_reader_may_read(client, member, steering):
    draft = in_status(EvidenceItem.Status.REVIEW, title_en="A draft under review")
    closed = RoomFactory(visibility=Room.Visibility.STEERING)
    secret = make_topic(room=closed, title="Committee only thread", author=steering)
    event = EventFactory()
    Outcome.objects.create(
        event=event, objective_en="o", outcome_en="Agreed",
        citations=f"/en/evidence/{draft.pk}/\n{secret.get_absolute_url()}",
    )  # fmt: skip
    client.force_login(member)
    html = client.get(_detail(event)).content.decode()
    assert "Agreed" in html
    assert "A draft under review" not in html and "Committee only thread" not in html
    client.force_login(steering)
    html = client.get(_detail(event)).content.decode()
    assert "A draft under review" in html and "Committee only thread" in html


def test_the_offline_copy_keeps_the_cards(client, member):
    item = _item()
    event = EventFactory()
    Outcome.objects.create(
        event=event, objective_en="o", outcome_en="r", citations=f"/en/evidence/{item.pk}/"
    )
    client.force_login(member)
    response = client.get(reverse("events:event-offline", args=[event.slug]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = next(name for name in archive.namelist() if name.endswith("index.html"))
    assert "Paying vaccinators in Senegal" in archive.read(index).decode()


@pytest.mark.django_db(transaction=True)
def test_the_topic_link_an_outcome_held_moves_into_its_citations():
    try:
        executor = MigrationExecutor(connection)
        before = [("events", "0004_session_written_summary")]
        after = [("events", "0005_outcome_citations")]
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        event = old.get_model("events", "Event").objects.create(
            kind="workshop", slug="old", title="Old", title_en="Old",
            starts_at="2020-06-01T10:00Z", ends_at="2020-06-01T12:00Z",
        )  # fmt: skip
        Outcome_ = old.get_model("events", "Outcome")
        Outcome_.objects.create(
            event=event, objective="o", outcome="r", topic_url="/en/rooms/a/1-b/"
        )
        Outcome_.objects.create(event=event, objective="o2", outcome="r2")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        executor.loader.build_graph()
        assert sorted(Outcome.objects.values_list("citations", flat=True)) == [
            "",
            "/en/rooms/a/1-b/",
        ]
    finally:
        # Back to every app's latest migration: later tests (and the search vectors, which
        # migrations of other branches add to events) need the whole schema.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
