"""Issue 17 item 10: a post that links to an item shows its reference card; the item page
lists the topics that cite it."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions.models import Room
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory, in_status

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _item():
    return EvidenceItemFactory(
        title_en="Paying vaccinators in Senegal",
        title_fr="Payer les vaccinateurs au Sénégal",
        kind=EvidenceItem.Kind.EVALUATION,
        year=2021,
    )


def test_a_post_linking_to_an_item_shows_its_reference_card(client, member):
    item = _item()
    topic = make_topic(body=f"See [this study](/en/evidence/{item.pk}/) before you start.")
    client.force_login(member)
    html = _html(client.get(topic.get_absolute_url()))
    assert 'class="evidence-link-card"' in html
    assert "Paying vaccinators in Senegal" in html
    assert "Evaluation" in html and "2021" in html


def test_the_card_is_in_the_readers_language(client, member):
    item = _item()
    topic = make_topic(body=f"See {settings.SITE_URL}/en/evidence/{item.pk}/ please.")
    client.force_login(member)
    url = topic.get_absolute_url().replace("/en/", "/fr/", 1)
    assert "Payer les vaccinateurs au Sénégal" in _html(client.get(url))


def test_a_link_to_a_draft_shows_no_card_to_members(client, member):
    draft = in_status(EvidenceItem.Status.REVIEW, title_en="A draft under review")
    topic = make_topic(body=f"[draft](/en/evidence/{draft.pk}/)")
    client.force_login(member)
    html = _html(client.get(topic.get_absolute_url()))
    assert "A draft under review" not in html


def test_cards_cost_one_query_for_the_whole_page(client, member):
    items = [_item() for _n in range(3)]
    topic = make_topic(body=f"[one](/en/evidence/{items[0].pk}/)")
    client.force_login(member)
    client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(topic.get_absolute_url())
    for item in items[1:]:
        make_reply(topic=topic, body=f"[more](/fr/evidence/{item.pk}/)")
    client.get(topic.get_absolute_url())  # the new posts made the header count read again
    with CaptureQueriesContext(connection) as many:
        html = _html(client.get(topic.get_absolute_url()))
    assert html.count('class="evidence-link-card"') == 3
    evidence = [q for q in many.captured_queries if "evidence_evidenceitem" in q["sql"]]
    assert len(evidence) == 1
    assert len(many.captured_queries) == len(few.captured_queries)


def test_item_page_lists_the_topics_that_cite_it(client, member):
    item = _item()
    make_topic(title="Which mobile money operator?", body=f"[study](/fr/evidence/{item.pk}/)")
    make_topic(title="Unrelated topic", body="Nothing cited here.")
    client.force_login(member)
    html = _html(client.get(item.get_absolute_url()))
    assert "Discussed in" in html
    assert "Which mobile money operator?" in html
    assert "Unrelated topic" not in html


def test_item_page_leaves_out_topics_in_rooms_the_reader_cannot_read(client, member):
    item = _item()
    closed = RoomFactory(visibility=Room.Visibility.STEERING)
    make_topic(room=closed, title="Committee only thread", body=f"[s](/en/evidence/{item.pk}/)")
    client.force_login(member)
    html = _html(client.get(item.get_absolute_url()))
    assert "Committee only thread" not in html
    assert "Discussed in" not in html


def test_links_to_other_sites_or_other_pages_show_no_card():
    from evidence.links import linked_ids

    html = (
        '<a href="https://elsewhere.org/en/evidence/1/">a</a> https://x.org/a/en/evidence/2/ '
        '<a href="/en/evidence/3/download/">file</a> <a href="/fr/evidence/4/#cite">ok</a>'
    )
    assert linked_ids(html) == [4]
