"""The discussions app's part of a member's profile, data export and account erasure."""

import json

import pytest

from discussions.models import Notification, Subscription
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.services import member_erase
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_profile_lists_recent_posts_only_from_rooms_the_reader_may_read(client, member):
    author = MemberFactory(profile_visibility="public")
    make_topic(room=RoomFactory(visibility="public"), author=author, title="Paying by SMS")
    make_topic(room=RoomFactory(visibility="members"), author=author, title="Budget lines 2027")

    html = client.get(author.get_absolute_url()).content.decode()
    assert "Recent posts" in html
    assert "Paying by SMS" in html and "Budget lines 2027" not in html

    client.force_login(member)
    html = client.get(author.get_absolute_url()).content.decode()
    assert "Paying by SMS" in html and "Budget lines 2027" in html


def test_download_my_data_includes_discussion_posts(client, member):
    make_reply(topic=make_topic(), author=member, body="Our district pays nurses by mobile money.")
    client.force_login(member)
    data = json.loads(client.get("/en/members/me/export/").content)
    bodies = [post["body"] for post in data["discussions"]["posts"]]
    assert "Our district pays nurses by mobile money." in bodies


def test_erased_member_posts_stay_as_by_a_former_member(client, member):
    post = make_reply(
        topic=make_topic(), author=member, body="Mobile money cut payment delays in half."
    )
    assert Subscription.objects.filter(member=member).exists()  # posting watches the topic
    member_erase(member=member)
    assert not Subscription.objects.filter(member=member).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    reader = MemberFactory()
    client.force_login(reader)
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert "Mobile money cut payment delays in half." in html
    assert "a former member" in html
    assert "Amina Diallo" not in html


def test_pending_member_is_told_why_they_cannot_post(client, pending):
    room = RoomFactory(visibility="members")
    client.force_login(pending)
    response = client.get(f"/fr/rooms/{room.slug}/new/")
    assert response.status_code == 403
    assert "Votre adhésion attend l’approbation du comité de pilotage." in response.content.decode()
