"""Mentions reach exactly the member whose handle is typed."""

import pytest

from discussions.models import Notification
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_mention_by_handle_reaches_the_newcomer_not_the_older_namesake(client, member):
    newcomer = MemberFactory(display_name="Amina Diallo")
    assert (member.handle, newcomer.handle) == ("amina-diallo", "amina-diallo-2")
    topic = make_topic()
    post = make_reply(topic=topic, body="Welcome @amina-diallo-2!")
    assert list(
        Notification.objects.filter(kind="mention").values_list("recipient", flat=True)
    ) == [newcomer.pk]
    assert f'<a class="mention" href="/members/{newcomer.pk}/"' in post.body_html
    assert f"/members/{member.pk}/" not in post.body_html


def test_a_display_name_after_at_mentions_nobody(member):
    post = make_reply(topic=make_topic(), body="Thanks @Amina Diallo")
    assert not Notification.objects.filter(kind="mention").exists()
    assert "mention" not in post.body_html


def test_an_email_address_is_not_a_mention(member):
    post = make_reply(topic=make_topic(), body="Write to x@amina-diallo.org")
    assert not Notification.objects.filter(kind="mention").exists()
    assert 'class="mention"' not in post.body_html


def test_posts_show_the_authors_handle_beside_their_name(client, member):
    topic = make_topic(author=member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert '<span class="handle">@amina-diallo</span>' in page
