"""A link to a topic in another text (an event's outcome, a post) shows the topic's card
through cop_portal.links, only to readers of that topic's room."""

import pytest

from cop_portal import links
from discussions.links import linked_topic_ids
from discussions.models import Room
from discussions.tests.factories import RoomFactory, make_topic

pytestmark = pytest.mark.django_db


def test_only_topic_pages_on_this_site_are_recognised():
    text = (
        '<a href="https://elsewhere.org/en/rooms/a/1-b/">x</a> /en/rooms/a/2-b/reply/ '
        '<a href="/fr/rooms/a/3-b/#post-9">ok</a>\nhttp://127.0.0.1:8000/en/rooms/a/4-c/'
    )
    assert linked_topic_ids(text) == [3, 4]


def test_a_post_linking_to_a_topic_shows_its_card_to_readers_of_its_room(client, member):
    cited = make_topic(room=RoomFactory(name_en="Data protection"), title="Consent first")
    secret = make_topic(room=RoomFactory(visibility=Room.Visibility.STEERING), title="Budget")
    topic = make_topic(
        body=f"See [this]({cited.get_absolute_url()}) and {secret.get_absolute_url()} ."
    )
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'class="evidence-link-card topic-link-card"' in html
    assert "Consent first" in html and "In Data protection" in html
    assert html.count("topic-link-card") == 1


@pytest.mark.parametrize("size", [5, 40])
def test_cards_for_many_texts_cost_one_topic_query(django_assert_num_queries, member, size):
    topics = [make_topic() for _n in range(size)]
    texts = [t.get_absolute_url() for t in topics]
    with django_assert_num_queries(2):  # the topics; the reader's groups for the rule
        cards = links.cards_for(texts, reader=member)
    assert [len(found) for found in cards] == [1] * size
