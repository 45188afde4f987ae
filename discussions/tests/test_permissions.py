"""Every view × every role × every room visibility, through the real URLs.

Expected outcomes come from the role table in DESIGN.md: visitors read public rooms;
members (pending ones too) read members' rooms; the steering committee (and superusers)
read steering rooms; only approved members post, react, flag and watch; moderators and
superusers moderate the rooms they can read. A visitor who may not is sent to log in;
a signed-in member who may not gets 403.
"""

import pytest
from django.urls import reverse

from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    Reaction,
    Room,
    Subscription,
)
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory, ModeratorFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "pending", "member", "moderator", "steering", "staff"]
VISIBILITIES = ["public", "members", "steering"]


def _make_role(role):
    if role == "visitor":
        return None
    if role == "pending":
        return MemberFactory(approval="pending")
    if role == "member":
        return MemberFactory()
    if role == "moderator":
        return ModeratorFactory()
    if role == "steering":
        return SteeringMemberFactory()
    return MemberFactory(is_staff=True, is_superuser=True)


def can_read(role, visibility):
    if visibility == "public":
        return True
    if visibility == "members":
        return role != "visitor"
    return role in ("steering", "staff")


def participates(role):
    return role in ("member", "moderator", "steering", "staff")


def moderates(role):
    return role in ("moderator", "staff")


def _expected(role, visibility, need):
    """200/302 when allowed, else 302 to log in (visitor) or 403."""
    allowed = can_read(role, visibility) and need(role)
    if allowed:
        return "ok"
    return "login" if role == "visitor" else 403


@pytest.fixture
def world(db):
    rooms = {v: RoomFactory(visibility=v, slug=f"{v}-room") for v in VISIBILITIES}
    author = SteeringMemberFactory(display_name="Room Author")
    topics = {v: make_topic(room=r, author=author, title=f"{v} topic") for v, r in rooms.items()}
    posts = {v: make_reply(topic=t, author=author, body=f"{v} reply") for v, t in topics.items()}
    RoomFactory(slug="elsewhere", visibility=Room.Visibility.PUBLIC)
    return rooms, topics, posts


def _check(response, outcome, ok_status=200, text=None):
    if outcome == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif outcome == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == ok_status, response.content[:500]
        if text:
            assert text in response.content.decode()


def _client_for(client, role):
    """The client signed in as a fresh member of that role, and the member (None: visitor)."""
    member = _make_role(role)
    if member is not None:
        client.force_login(member)
    return client, member


def _args(topic):
    return [topic.room.slug, topic.pk, topic.slug]


VIEWS = {
    # name: (method, url builder, what the role needs beyond reading, ok status, ok text)
    "room-detail": ("get", lambda r, t, p: reverse("discussions:room-detail", args=[r.slug]),
                    lambda role: True, 200, "topic"),
    "topic-detail": ("get", lambda r, t, p: t.get_absolute_url(), lambda role: True, 200,
                     "reply"),
    "topic-create": ("get", lambda r, t, p: reverse("discussions:topic-create", args=[r.slug]),
                     participates, 200, "Start a topic"),
    "post-reply": ("get", lambda r, t, p: reverse("discussions:post-reply", args=_args(t)),
                   participates, 200, "Reply to the topic"),
    "post-permalink": ("get", lambda r, t, p: p.get_absolute_url(), lambda role: True, 302,
                       None),
    "post-history": ("get", lambda r, t, p: reverse("discussions:post-history", args=[p.pk]),
                     lambda role: True, 200, "Earlier versions"),
    "post-flag": ("get", lambda r, t, p: reverse("discussions:post-flag", args=[p.pk]),
                  participates, 200, "Flag a post"),
    "post-flag-send": ("post", lambda r, t, p: reverse("discussions:post-flag", args=[p.pk]),
                       participates, 302, None),
    "post-react": ("post", lambda r, t, p: reverse("discussions:post-react", args=[p.pk]),
                   participates, 302, None),
    "room-subscribe": ("post",
                       lambda r, t, p: reverse("discussions:room-subscribe", args=[r.slug]),
                       lambda role: role != "visitor", 302, None),
    "topic-subscribe": ("post",
                        lambda r, t, p: reverse("discussions:topic-subscribe", args=_args(t)),
                        lambda role: role != "visitor", 302, None),
    "topic-moderate": ("get",
                       lambda r, t, p: reverse("discussions:topic-moderate", args=_args(t)),
                       moderates, 200, "Move to another room"),
    "post-moderate": ("post",
                      lambda r, t, p: reverse("discussions:post-moderate", args=[p.pk]),
                      moderates, 302, None),
}  # fmt: skip

POST_DATA = {
    "post-react": {"kind": "helpful"},
    "post-moderate": {"action": "hide", "reason": "Off topic"},
    "post-flag-send": {"reason": "Names a patient"},
}


def _written(post):
    """What the views in the matrix may write, to compare before and after a request."""
    post.refresh_from_db()
    return {
        "reactions": set(Reaction.objects.values_list("post", "member", "kind")),
        "flags": set(Flag.objects.values_list("post", "reporter", "reason", "resolved_at")),
        "moderation": set(ModerationAction.objects.values_list("moderator", "action", "post",
                                                               "reason")),
        "subscriptions": set(Subscription.objects.values_list("member", "room", "topic")),
        "post": (post.body, post.hidden, post.deleted_at, post.helpful_count, post.thanks_count),
        "versions": post.versions.count(),
    }  # fmt: skip


def _with(state, **changes):
    return {**state, **changes}


# What an allowed request writes: the state before it, changed as the view promises.
EFFECTS = {
    "post-react": lambda s, m, r, t, p: _with(
        s, reactions=s["reactions"] | {(p.pk, m.pk, "helpful")},
        post=(p.body, False, None, 1, 0),
    ),
    "post-moderate": lambda s, m, r, t, p: _with(
        s, moderation=s["moderation"] | {(m.pk, "hide", p.pk, "Off topic")},
        post=(p.body, True, None, 0, 0),
    ),
    "post-flag-send": lambda s, m, r, t, p: _with(
        s, flags=s["flags"] | {(p.pk, m.pk, "Names a patient", None)}
    ),
    "room-subscribe": lambda s, m, r, t, p: _with(
        s, subscriptions=s["subscriptions"] | {(m.pk, r.pk, None)}
    ),
    "topic-subscribe": lambda s, m, r, t, p: _with(
        s, subscriptions=s["subscriptions"] | {(m.pk, None, t.pk)}
    ),
}  # fmt: skip


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_permission_matrix(client, world, view, role, visibility):
    """Each view answers each role as the role table says; an allowed write lands in the
    database exactly as promised, and a refused request (or a page) writes nothing."""
    rooms, topics, posts = world
    method, url, need, ok_status, text = VIEWS[view]
    client, member = _client_for(client, role)
    room, topic, post = rooms[visibility], topics[visibility], posts[visibility]
    before = _written(post)
    response = getattr(client, method)(url(room, topic, post), POST_DATA.get(view, {}))
    outcome = _expected(role, visibility, need)
    _check(response, outcome, ok_status, text)
    if outcome == "ok" and view in EFFECTS:
        assert _written(post) == EFFECTS[view](before, member, room, topic, post)
    else:
        assert _written(post) == before


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["room-subscribe", "topic-subscribe"])
def test_watching_stops_when_the_member_unwatches(client, world, view, role, visibility):
    rooms, topics, posts = world
    _method, url, need, ok_status, _text = VIEWS[view]
    client, member = _client_for(client, role)
    room, topic, post = rooms[visibility], topics[visibility], posts[visibility]
    outcome = _expected(role, visibility, need)
    if outcome == "ok":
        client.post(url(room, topic, post))
        assert Subscription.objects.filter(member=member).count() == 1
    before = _written(post)
    response = client.post(url(room, topic, post), {"watch": "0"})
    _check(response, outcome, ok_status)
    if outcome == "ok":
        assert not Subscription.objects.filter(member=member).exists()
        assert _written(post) == _with(
            before,
            subscriptions=before["subscriptions"]
            - {
                (
                    member.pk,
                    room.pk if view == "room-subscribe" else None,
                    topic.pk if view == "topic-subscribe" else None,
                )
            },
        )
    else:
        assert _written(post) == before


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_posting_matrix(client, world, role, visibility):
    """The writes themselves, not only the forms: a topic and a reply."""
    rooms, topics, posts = world
    client, _member = _client_for(client, role)
    room, topic = rooms[visibility], topics[visibility]
    outcome = _expected(role, visibility, participates)
    response = client.post(
        reverse("discussions:topic-create", args=[room.slug]), {"title": "T", "body": "B"}
    )
    _check(response, outcome, 302)
    response = client.post(reverse("discussions:post-reply", args=_args(topic)), {"body": "R"})
    _check(response, outcome, 302)
    assert topic.posts.filter(body="R").exists() == (outcome == "ok")


def test_pending_member_is_told_why_they_cannot_post(client, pending):
    room = RoomFactory(visibility="members")
    client.force_login(pending)
    response = client.get(f"/fr/rooms/{room.slug}/new/")
    assert response.status_code == 403
    assert "Votre adhésion attend l’approbation du comité de pilotage." in response.content.decode()


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_edit_and_delete_are_for_the_author_only(client, world, role, visibility):
    """The author edits (the old text kept as a version) and deletes; everyone else, moderators
    and superusers included, is refused both the forms and the writes, and the post stays."""
    rooms, topics, posts = world
    post = posts[visibility]
    if role == "author":
        client.force_login(post.author)
    else:
        client, _member = _client_for(client, role)
    edit_url = reverse("discussions:post-edit", args=[post.pk])
    delete_url = reverse("discussions:post-delete", args=[post.pk])
    before = (post.body, post.deleted_at, post.versions.count())
    outcome = "ok" if role == "author" else ("login" if role == "visitor" else 403)

    _check(client.get(edit_url), outcome, 200, f"{visibility} reply")
    _check(client.post(edit_url, {"body": "Edited text"}), outcome, 302)
    post.refresh_from_db()
    if role == "author":
        assert post.body == "Edited text"
        assert list(post.versions.values_list("body", flat=True)) == [f"{visibility} reply"]
    else:
        assert (post.body, post.deleted_at, post.versions.count()) == before

    _check(client.get(delete_url), outcome, 200)
    _check(client.post(delete_url), outcome, 302)
    post.refresh_from_db()
    if role == "author":
        assert post.deleted_at is not None
    else:
        assert (post.body, post.deleted_at, post.versions.count()) == before


@pytest.mark.parametrize("role", ROLES)
def test_rooms_page_lists_only_rooms_the_reader_may_open(client, world, role):
    client, _member = _client_for(client, role)
    html = client.get("/en/rooms/").content.decode()
    for visibility in VISIBILITIES:
        listed = f'href="/en/rooms/{visibility}-room/"' in html
        assert listed == can_read(role, visibility), visibility


@pytest.mark.parametrize("role", ROLES)
def test_notifications_page_is_for_members(client, role):
    client, _member = _client_for(client, role)
    response = client.get("/en/notifications/")
    _check(response, "login" if role == "visitor" else "ok", 200, "Notifications")


@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue_is_for_moderators(client, role):
    client, _member = _client_for(client, role)
    response = client.get("/en/rooms/moderation/")
    _check(response, "ok" if moderates(role) else ("login" if role == "visitor" else 403),
           200, "Flagged posts")  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_feeds_are_public_rooms_only_for_everyone(client, world, role, visibility):
    client, _member = _client_for(client, role)
    response = client.get(f"/en/rooms/{visibility}-room/feed/rss/")
    assert response.status_code == (200 if visibility == "public" else 404)


# The URLs added by the "first wave" and "shared seams" issues: notification open, the
# handles endpoint, the language switch and the organisation merge, for every role.


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_opening_a_notification_leads_only_to_a_post_the_reader_may_read(
    client, world, role, visibility
):
    _rooms, topics, posts = world
    client, member = _client_for(client, role)
    owner = member or MemberFactory()
    notification = Notification.objects.create(
        recipient=owner, kind="reply", topic=topics[visibility], post=posts[visibility]
    )
    response = client.get(reverse("discussions:notification-open", args=[notification.pk]))
    if role == "visitor":
        _check(response, "login")
    elif can_read(role, visibility):
        assert response.status_code == 302
        assert response["Location"].startswith(posts[visibility].get_absolute_url())
        notification.refresh_from_db()
        assert notification.read_at is not None
    else:
        assert response.status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_another_members_notification_cannot_be_opened(client, world, role):
    _rooms, topics, posts = world
    client, _member = _client_for(client, role)
    theirs = Notification.objects.create(
        recipient=SteeringMemberFactory(), kind="reply", topic=topics["public"],
        post=posts["public"],
    )  # fmt: skip
    response = client.get(reverse("discussions:notification-open", args=[theirs.pk]))
    if role == "visitor":
        _check(response, "login")
    else:
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_handle_suggestions_list_only_profiles_every_member_may_read(client, role):
    MemberFactory(handle="zed-listed")
    MemberFactory(handle="zed-pending", approval="pending")
    MemberFactory(handle="zed-unverified", verified=False)
    MemberFactory(handle="zed-gone", is_active=False)
    client, _member = _client_for(client, role)
    response = client.get(reverse("members:handles"), {"q": "zed"})
    if role == "visitor":
        assert response.status_code == 403
        assert b"zed-" not in response.content
        return
    assert response.status_code == 200
    assert [r["handle"] for r in response.json()["results"]] == ["zed-listed"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ROLES)
def test_the_language_switch_remembers_the_choice_and_stays_on_this_site(client, role):
    client, member = _client_for(client, role)
    response = client.post("/language/", {"language": "fr", "next": "//evil.example/en/rooms/"})
    assert response.status_code == 303
    assert response["Location"].startswith("/") and response["Location"][1:2] not in ("/", "\\")
    assert response.cookies["django_language"].value == "fr"
    if member is not None:
        member.refresh_from_db()
        assert member.preferred_language == "fr"


@pytest.mark.parametrize("role", ROLES)
def test_organisation_merge_is_for_staff_with_the_organisation_permissions(client, role):
    from members.models import Organisation
    from members.tests.factories import OrganisationFactory

    first, second = OrganisationFactory(), OrganisationFactory()
    client, _member = _client_for(client, role)
    response = client.post(
        reverse("admin:members_organisation_changelist"),
        {"action": "merge_organisations", "_selected_action": [first.pk, second.pk],
         "post": "yes", "keep": first.pk},
    )  # fmt: skip
    merged = not Organisation.objects.filter(pk=second.pk).exists()
    if role == "staff":
        assert merged
    else:
        assert not merged
        assert response.status_code in (302, 403)
