"""A mention reaches only a member every member may see: the handle of an account that is
pending, unverified or deactivated stays plain text, with no notification and no email."""

import pytest

from cop_portal.models import OutgoingEmail
from discussions.models import Notification
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "hidden",
    [
        {"approval": "pending"},
        {"verified": False},
        {"is_active": False},
    ],
    ids=["pending", "unverified", "inactive"],
)
def test_a_mention_of_a_member_nobody_may_see_links_and_notifies_nobody(
    django_capture_on_commit_callbacks, member, hidden
):
    target = MemberFactory(handle="hidden-one", email="claimed@example.org", **hidden)
    topic = make_topic(room=RoomFactory(visibility="members"), author=member)
    with django_capture_on_commit_callbacks(execute=False):
        post = make_reply(topic=topic, author=member, body="Over to @hidden-one.")
    assert f"/members/{target.pk}/" not in post.body_html
    assert "@hidden-one" in post.body_html
    assert not Notification.objects.filter(recipient=target).exists()
    assert not OutgoingEmail.objects.filter(recipient="claimed@example.org").exists()


def test_a_mention_of_a_listed_member_still_links_and_notifies(member):
    target = MemberFactory(handle="listed-one")
    post = make_reply(topic=make_topic(author=member), author=member, body="Over to @listed-one.")
    assert f'href="/members/{target.pk}/"' in post.body_html
    assert Notification.objects.filter(recipient=target, kind="mention").exists()
