"""A member's thread page reads its kept post fragments in one cache round trip, however
many posts it shows, and a changed post is never served from an old fragment."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from discussions import services
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def _thread(replies: int):
    topic = make_topic(title="Paying vaccinators")
    for n in range(replies):
        make_reply(topic=topic, author=MemberFactory(), body=f"Reply number {n}.")
    return topic


@pytest.mark.parametrize("replies", [3, 30])
def test_a_thread_page_reads_its_post_fragments_in_one_round_trip(
    client, member, redis_commands, replies
):
    assert isinstance(caches["pages"], RedisCache)  # the real cache, not a stand-in
    topic = _thread(replies)
    client.force_login(member)
    client.get(topic.get_absolute_url())  # fills the fragments
    redis_commands.clear()
    response = client.get(topic.get_absolute_url())
    assert b"Reply number 0." in response.content
    assert [c[0] for c in redis_commands].count(
        "GET"
    ) <= 6  # badge, tag labels, generation: never per post
    assert [c[0] for c in redis_commands].count("MGET") == 1


def test_an_edited_post_shows_its_new_text_at_once(client, member):
    topic = _thread(1)
    reply = topic.posts.order_by("path").last()
    client.force_login(member)
    assert b"Reply number 0." in client.get(topic.get_absolute_url()).content
    services.post_edit(post=reply, editor=reply.author, body="Corrected: paid in 48 hours.")
    page = client.get(topic.get_absolute_url()).content
    assert b"Corrected: paid in 48 hours." in page
    assert b"Reply number 0." not in page
