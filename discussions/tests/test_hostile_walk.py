"""Every URL of the site, as every role, with DEBUG off as in production and with hostile
query strings: never a 500, and never the words of a room or profile the role may not read."""

import pytest
from django.test import override_settings
from django.urls import reverse

from discussions.tests.factories import RoomFactory, make_reply, make_topic
from discussions.tests.test_permissions import ROLES, VISIBILITIES, _client_for, can_read
from members.tests.factories import MemberFactory, OrganisationFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    "?page=abc",
    "?page=99999999999999999999",
    "?q=%25_%00",
    "?quote=1&reply_to=999999999",
    "?" + "a=%FF" * 200,
]


@pytest.fixture
def site(db):
    author = SteeringMemberFactory(display_name="Room Author")
    words = {}
    posts = {}
    for visibility in VISIBILITIES:
        room = RoomFactory(visibility=visibility, slug=f"{visibility}-room")
        topic = make_topic(room=room, author=author, title=f"Secret{visibility}Title")
        posts[visibility] = make_reply(topic=topic, author=author, body=f"Secret{visibility}Body")
        words[visibility] = (f"Secret{visibility}Title", f"Secret{visibility}Body")
    hidden_profile = MemberFactory(display_name="Membersonly Person", profile_visibility="members")
    pending = MemberFactory(display_name="Pending Person", approval="pending")
    organisation = OrganisationFactory(slug="some-organisation")
    return posts, words, hidden_profile, pending, organisation


def _urls(posts, hidden_profile, pending, organisation):
    urls = [
        reverse("home"),
        reverse("contact"),
        reverse("discussions:room-list"),
        reverse("discussions:moderation-queue"),
        reverse("discussions:feed-rss"),
        reverse("discussions:feed-atom"),
        reverse("discussions:notification-list"),
        reverse("members:directory"),
        reverse("members:handles") + "?q=s",
        reverse("members:profile", args=[hidden_profile.pk]),
        reverse("members:profile", args=[pending.pk]),
        reverse("members:dashboard"),
        reverse("members:profile-edit"),
        reverse("members:export"),
        reverse("members:delete"),
        reverse("organisations:directory"),
        reverse("organisations:detail", args=[organisation.slug]),
        "/admin/",
        "/admin/members/member/",
        "/admin/members/organisation/",
        "/admin/discussions/post/",
        "/admin/cop_portal/outgoingemail/",
    ]
    for post in posts.values():
        topic = post.topic
        args = [topic.room.slug, topic.pk, topic.slug]
        urls += [
            reverse("discussions:room-detail", args=[topic.room.slug]),
            reverse("discussions:topic-create", args=[topic.room.slug]),
            reverse("discussions:room-feed-rss", args=[topic.room.slug]),
            reverse("discussions:room-feed-atom", args=[topic.room.slug]),
            topic.get_absolute_url(),
            reverse("discussions:post-reply", args=args) + f"?reply_to={post.pk}&quote=1",
            reverse("discussions:topic-moderate", args=args),
            reverse("discussions:post-permalink", args=[post.pk]),
            reverse("discussions:post-edit", args=[post.pk]),
            reverse("discussions:post-history", args=[post.pk]),
            reverse("discussions:post-flag", args=[post.pk]),
        ]
    return urls


@override_settings(DEBUG=False)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_as_every_role_answers_without_error_or_leak(client, site, role):
    posts, words, hidden_profile, pending, organisation = site
    client, _member = _client_for(client, role)
    client.raise_request_exception = False
    secrets = [w for v in VISIBILITIES if not can_read(role, v) for w in words[v]]
    if role == "visitor":
        secrets.append("Membersonly Person")
    if role != "staff":  # a superuser decides applications in the admin
        secrets.append("Pending Person")
    for url in _urls(posts, hidden_profile, pending, organisation):
        for query in HOSTILE_QUERIES:
            target = url + (("&" + query[1:]) if "?" in url and query else query)
            response = client.get(target, follow=True)
            assert response.status_code < 500, (target, response.status_code)
            body = b"".join(response) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            for secret in secrets:
                assert secret not in text, (target, secret)
