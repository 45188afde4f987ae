import json

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import (
    BODY_MAX_LENGTH,
    Flag,
    ModerationAction,
    Notification,
    Post,
    Room,
    Topic,
)
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _topic_url(topic, suffix=""):
    return reverse(
        f"discussions:{suffix or 'topic-detail'}", args=[topic.room.slug, topic.pk, topic.slug]
    )


# Rooms and topics ----------------------------------------------------------------------


def test_rooms_page_groups_rooms_by_area_with_counts(client):
    mapping = RoomFactory(name_en="Who pays whom", area="mapping")
    RoomFactory(name_en="Evidence corner", area="curating")
    topic = make_topic(room=mapping)
    make_reply(topic=topic)
    html = client.get("/en/rooms/").content.decode()
    assert html.index("<h2>Mapping</h2>") < html.index("<h2>Curating</h2>")
    assert "Who pays whom" in html
    assert "1 topic" in html and "2 posts" in html


def test_rooms_page_in_french_shows_french_names_and_areas(client):
    RoomFactory(name_en="Who pays whom", name_fr="Qui paie qui", area="networking")
    html = client.get("/fr/rooms/").content.decode()
    assert "Qui paie qui" in html
    assert "<h2>Réseautage</h2>" in html


def test_home_page_gives_a_glimpse_of_the_rooms_with_topic_counts(client):
    room = RoomFactory(name_en="Mobile money desk")
    make_topic(room=room)
    make_topic(room=room)
    html = client.get("/en/").content.decode()
    assert "Mobile money desk" in html
    assert "2 topics" in html


def test_room_page_lists_pinned_topics_first_then_by_activity(client, moderator):
    room = RoomFactory()
    old = make_topic(room=room, title="Old but pinned")
    make_topic(room=room, title="Quiet topic")
    busy = make_topic(room=room, title="Busy topic")
    make_reply(topic=busy)
    services.topic_set_pinned(topic=old, moderator=moderator, pinned=True)
    html = client.get(room.get_absolute_url()).content.decode()
    assert html.index("Old but pinned") < html.index("Busy topic") < html.index("Quiet topic")


def test_room_page_marks_topics_with_activity_since_the_members_last_visit(client, member):
    room = RoomFactory()
    read = make_topic(room=room, title="Already read")
    make_topic(room=room, title="Never opened")
    client.force_login(member)
    client.get(read.get_absolute_url())
    html = client.get(room.get_absolute_url()).content.decode()
    row_read = html[html.index("Already read") - 300 : html.index("Already read")]
    assert 'class="unread"' not in row_read
    assert html.count('<span class="unread-marker">new</span>') == 1
    make_reply(topic=read)
    html = client.get(room.get_absolute_url()).content.decode()
    assert html.count('<span class="unread-marker">new</span>') == 2


def test_member_starts_a_topic_with_tags(client, member):
    room = RoomFactory()
    client.force_login(member)
    response = client.post(
        reverse("discussions:topic-create", args=[room.slug]),
        {"title": "Paying CHWs in Benin", "body": "Who has **tried** it?", "tags": "benin, CHW"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Paying CHWs in Benin</h1>" in html
    assert "<strong>tried</strong>" in html
    assert '<span class="tag">benin</span>' in html
    assert Topic.objects.get().author == member


def test_member_replies_to_a_post_and_lands_on_its_anchor(client, member):
    topic = make_topic()
    first = make_reply(topic=topic, body="First answer")
    client.force_login(member)
    response = client.post(
        _topic_url(topic, "post-reply"), {"body": "I agree with that", "reply_to": first.pk}
    )
    reply = Post.objects.get(body="I agree with that")
    assert response.status_code == 302
    assert response["Location"] == f"/en/rooms/posts/{reply.pk}/"
    final = client.get(response["Location"])
    assert final["Location"].endswith(f"#post-{reply.pk}")
    assert reply.parent == first


def test_reply_page_quotes_the_post_without_javascript(client, member):
    topic = make_topic()
    post = make_reply(topic=topic, author=MemberFactory(display_name="Kofi Boateng"),
                      body="Line one\nLine two")  # fmt: skip
    client.force_login(member)
    html = client.get(_topic_url(topic, "post-reply") + f"?to={post.pk}&quote=1").content.decode()
    assert "Reply to Kofi Boateng" in html
    # The quote carries no name: the reply records whom it answers (see member erasure).
    assert "&gt; Line one\n&gt; Line two\n" in html


def test_edited_post_says_edited_and_keeps_history(client, member):
    topic = make_topic()
    post = make_reply(topic=topic, author=member, body="Version one")
    client.force_login(member)
    client.post(reverse("discussions:post-edit", args=[post.pk]), {"body": "Version two"})
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Version two" in html and ">edited</a>" in html
    history = client.get(reverse("discussions:post-history", args=[post.pk])).content.decode()
    assert "Version one" in history and "Version two" in history


def test_deleted_post_leaves_a_note_and_its_replies(client, member):
    topic = make_topic()
    post = make_reply(topic=topic, author=member, body="Regrettable words")
    make_reply(topic=topic, parent=post, body="A reply that stays")
    client.force_login(member)
    client.post(reverse("discussions:post-delete", args=[post.pk]))
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Regrettable words" not in html
    assert "This post was deleted by its author." in html
    assert "A reply that stays" in html


def _deleted_after_edit(author) -> Post:
    post = make_reply(topic=make_topic(), author=author, body="First words")
    services.post_edit(post=post, editor=author, body="Second words")
    return services.post_delete(post=post, member=author)


@pytest.mark.parametrize("view", ["post-history", "post-flag", "post-edit", "post-delete"])
def test_a_deleted_posts_history_flag_edit_and_delete_pages_are_not_found_without_its_text(
    client, member, view
):
    post = _deleted_after_edit(MemberFactory())
    client.force_login(member)
    response = client.get(reverse(f"discussions:{view}", args=[post.pk]))
    assert response.status_code == 404
    assert "First words" not in response.content.decode()
    assert "Second words" not in response.content.decode()


def test_the_thread_shows_no_history_link_for_a_deleted_post(client, member):
    post = _deleted_after_edit(MemberFactory())
    client.force_login(member)
    html = client.get(post.topic.get_absolute_url()).content.decode()
    assert "This post was deleted by its author." in html
    assert reverse("discussions:post-history", args=[post.pk]) not in html


def test_reactions_toggle_and_show_counts(client, member):
    topic = make_topic()
    post = make_reply(topic=topic)
    client.force_login(member)
    url = reverse("discussions:post-react", args=[post.pk])
    client.post(url, {"kind": "helpful"})
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Helpful: 1 · Thanks: 0" in html
    assert 'value="helpful" class="button-small pressed" aria-pressed="true"' in html
    client.post(url, {"kind": "helpful"})
    assert "Helpful: 1" not in client.get(topic.get_absolute_url()).content.decode()


def test_a_reaction_sent_again_from_the_same_page_does_what_the_page_meant(client, member):
    """The form carries the state the page showed: sending the same click twice (a double
    click, a resent form) leaves the reaction on, and taking it back twice leaves it off."""
    topic = make_topic()
    post = make_reply(topic=topic)
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'name="pressed_helpful" value="false"' in html
    url = reverse("discussions:post-react", args=[post.pk])
    for _click in range(2):
        client.post(url, {"kind": "helpful", "pressed_helpful": "false"})
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Helpful: 1 · Thanks: 0" in html
    assert 'name="pressed_helpful" value="true"' in html
    for _click in range(2):
        client.post(url, {"kind": "helpful", "pressed_helpful": "true"})
    assert "Helpful: 1" not in client.get(topic.get_absolute_url()).content.decode()
    post.refresh_from_db()
    assert post.helpful_count == 0


def test_notifications_page_and_header_count(client, member):
    topic = make_topic(author=member, title="Incentives for vaccinators")
    make_reply(topic=topic, author=MemberFactory(display_name="Fatou Ndiaye"))
    client.force_login(member)
    html = client.get("/en/").content.decode()
    assert '<span class="badge">1<span class="visually-hidden"> unread</span>' in html
    page = client.get("/en/notifications/").content.decode()
    assert "Fatou Ndiaye replied in “Incentives for vaccinators”" in page
    client.post("/en/notifications/")
    assert 'class="badge"' not in client.get("/en/").content.decode()
    assert Notification.objects.get().read_at is not None


def test_header_count_costs_nothing_for_visitors(client, django_assert_num_queries):
    with django_assert_num_queries(3):  # the rooms, the next events, the latest evidence
        client.get("/en/")


def test_watching_a_room_from_its_page(client, member):
    room = RoomFactory()
    client.force_login(member)
    client.post(reverse("discussions:room-subscribe", args=[room.slug]))
    assert "Stop watching this room" in client.get(room.get_absolute_url()).content.decode()
    make_topic(room=room)
    assert Notification.objects.filter(recipient=member, kind="new_topic").count() == 1
    client.post(reverse("discussions:room-subscribe", args=[room.slug]), {"watch": "0"})
    assert "Watch this room" in client.get(room.get_absolute_url()).content.decode()


def test_download_my_data_includes_discussion_posts(client, member):
    make_reply(topic=make_topic(), author=member, body="Our district pays nurses by mobile money.")
    client.force_login(member)
    data = json.loads(client.get("/en/members/me/export/").content)
    bodies = [post["body"] for post in data["discussions"]["posts"]]
    assert "Our district pays nurses by mobile money." in bodies


def test_moved_topic_old_address_redirects_to_the_new_room(client, moderator):
    topic = make_topic()
    old_url = topic.get_absolute_url()
    target = RoomFactory()
    services.topic_move(topic=topic, moderator=moderator, room=target)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/en/rooms/{target.slug}/{topic.pk}-{topic.slug}/"


# Moderation ----------------------------------------------------------------------------


def test_member_flags_a_post_and_moderator_hides_it_from_the_queue(client, member, moderator):
    topic = make_topic()
    post = make_reply(topic=topic, body="Buy cheap watches")
    client.force_login(member)
    client.post(reverse("discussions:post-flag", args=[post.pk]), {"reason": "Spam"})
    assert Flag.objects.get().reason == "Spam"
    client.force_login(moderator)
    queue = client.get("/en/rooms/moderation/").content.decode()
    assert "Amina Diallo flagged a post" in queue and "Spam" in queue
    client.post(
        reverse("discussions:post-moderate", args=[post.pk]),
        {"action": "hide", "reason": "Advertising", "next": "queue"},
    )
    queue = client.get("/en/rooms/moderation/").content.decode()
    assert "No open flags." in queue
    assert "Hid a post" in queue and "Advertising" in queue and "Joseph Mwangi" in queue
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Buy cheap watches" not in html
    assert "This post was hidden by a moderator." in html


def test_hidden_post_permalink_is_not_found_for_members_but_works_for_moderators(
    client, member, moderator
):
    topic = make_topic()
    post = make_reply(topic=topic)
    services.post_hide(post=post, moderator=moderator)
    client.force_login(member)
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert client.get(post.get_absolute_url()).status_code == 302


def test_member_cannot_reply_in_locked_topic_and_keeps_the_text(client, member, moderator):
    topic = make_topic()
    services.topic_set_locked(topic=topic, moderator=moderator, locked=True, reason="Done")
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "This topic is locked: it takes no new replies." in html
    response = client.post(_topic_url(topic, "post-reply"), {"body": "One more thing"})
    assert response.status_code == 403
    assert "This topic is locked: it takes no new replies." in response.content.decode()
    assert "One more thing" in response.content.decode()
    assert Post.objects.count() == 1


def test_moderator_locks_pins_and_moves_a_topic_through_the_page(client, moderator):
    topic = make_topic()
    target = RoomFactory(name_en="Better room")
    client.force_login(moderator)
    url = _topic_url(topic, "topic-moderate")
    assert "Move to another room" in client.get(url).content.decode()
    client.post(url, {"action": "lock", "reason": "Answered"})
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "move", "room": target.pk, "reason": "Wrong room"})
    topic.refresh_from_db()
    assert (topic.locked, topic.pinned, topic.room) == (True, True, target)
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "lock", "pin", "move",
    ]  # fmt: skip


def test_room_named_moderator_may_moderate_only_that_room(client, member):
    room = RoomFactory()
    room.moderators.add(member)
    other = make_topic()
    mine = make_topic(room=room)
    client.force_login(member)
    response = client.get(_topic_url(mine, "topic-moderate"))
    assert response.status_code == 200
    assert f"Moderate “{mine.title}”" in response.content.decode()
    assert client.get(_topic_url(other, "topic-moderate")).status_code == 403
    response = client.get("/en/rooms/moderation/")
    assert response.status_code == 200
    assert "Flagged posts" in response.content.decode()


# Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "text"}, "Please give the topic a title."),
        ({"title": "   ", "body": "text"}, "Please give the topic a title."),
        ({"title": "A title", "body": " \n\t "}, "Please write a message."),
        ({"title": "x" * 201, "body": "text"}, "Ensure this value has at most 200 characters"),
        ({"title": "A title", "body": "x" * (BODY_MAX_LENGTH + 1)},
         "This text is 20001 characters long; the limit is 20000."),
        ({"title": "A title", "body": "text", "tags": "y" * 41}, "at most 40 characters"),
    ],
)  # fmt: skip
def test_bad_topic_input_is_refused_with_a_message_and_kept(client, member, data, message):
    room = RoomFactory()
    client.force_login(member)
    response = client.post(reverse("discussions:topic-create", args=[room.slug]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data["body"].strip():
        assert data["body"][:50] in html
    assert Topic.objects.count() == 0


def test_empty_reply_is_refused(client, member):
    topic = make_topic()
    client.force_login(member)
    response = client.post(_topic_url(topic, "post-reply"), {"body": "   "})
    assert response.status_code == 400
    assert "Please write a message." in response.content.decode()


def test_replying_to_a_post_of_another_topic_is_not_found(client, member):
    topic = make_topic()
    elsewhere = make_reply(topic=make_topic())
    client.force_login(member)
    response = client.post(
        _topic_url(topic, "post-reply"), {"body": "hello", "reply_to": elsewhere.pk}
    )
    assert response.status_code == 404
    assert Post.objects.filter(body="hello").count() == 0


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_nonsense_reply_target_is_not_found(client, member, value):
    topic = make_topic()
    client.force_login(member)
    response = client.get(_topic_url(topic, "post-reply") + f"?to={value}")
    assert response.status_code == 404


def test_nonsense_page_numbers_show_a_page(client):
    topic = make_topic(title="Paying vaccinators on time")
    for page in ("abc", "-3", "99999"):
        response = client.get(topic.get_absolute_url() + f"?page={page}")
        assert response.status_code == 200
        assert "<h1>Paying vaccinators on time</h1>" in response.content.decode()
        response = client.get(topic.room.get_absolute_url() + f"?page={page}")
        assert response.status_code == 200
        assert "Paying vaccinators on time" in response.content.decode()


def test_posting_too_fast_gives_429_and_keeps_the_text(client, member, settings):
    settings.COP_POSTS_PER_MINUTE = 2
    topic = make_topic()
    client.force_login(member)
    url = _topic_url(topic, "post-reply")
    for n in range(2):
        assert client.post(url, {"body": f"reply {n}"}).status_code == 302
    response = client.post(url, {"body": "the third, too fast"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "You are posting faster than the community allows." in html
    assert "the third, too fast" in html
    assert Post.objects.filter(topic=topic).count() == 3


def test_editing_too_fast_gives_429_and_keeps_the_text(client, member, settings):
    settings.COP_POSTS_PER_MINUTE = 2
    post = make_reply(topic=make_topic(), author=member, body="first text")
    client.force_login(member)
    url = reverse("discussions:post-edit", args=[post.pk])
    for n in range(2):
        assert client.post(url, {"body": f"edit {n}"}).status_code == 302
    response = client.post(url, {"body": "the third edit, too fast"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "You are posting faster than the community allows." in html
    assert "the third edit, too fast" in html
    post.refresh_from_db()
    assert post.body == "edit 1"


def test_an_edit_longer_than_the_markdown_limit_is_refused_and_kept(client, member, settings):
    settings.COP_MARKDOWN_MAX_LENGTH = 100
    post = make_reply(topic=make_topic(), author=member, body="short")
    client.force_login(member)
    body = "long" * 37 + "er"
    response = client.post(reverse("discussions:post-edit", args=[post.pk]), {"body": body})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This text is 150 characters long; the limit is 100." in html
    assert body in html
    post.refresh_from_db()
    assert post.body == "short"


def test_rate_limit_applies_to_new_topics_too(client, member, settings):
    settings.COP_POSTS_PER_MINUTE = 1
    room = RoomFactory()
    client.force_login(member)
    url = reverse("discussions:topic-create", args=[room.slug])
    assert client.post(url, {"title": "One", "body": "first"}).status_code == 302
    response = client.post(url, {"title": "Two", "body": "second body"})
    assert response.status_code == 429
    assert "second body" in response.content.decode()


# Feeds ---------------------------------------------------------------------------------


def test_feeds_list_only_public_topics(client, steering):
    public = RoomFactory()
    members_only = RoomFactory(visibility=Room.Visibility.MEMBERS)
    steering_room = RoomFactory(visibility=Room.Visibility.STEERING)
    make_topic(room=public, title="Open question", body="Visible **body**")
    make_topic(room=members_only, title="Members question")
    make_topic(room=steering_room, title="Committee business", author=steering)
    for url in ("/en/rooms/feed/rss/", "/en/rooms/feed/atom/"):
        xml = client.get(url).content.decode()
        assert "Open question" in xml
        assert "Members question" not in xml and "Committee business" not in xml
    room_feed = client.get(f"/en/rooms/{public.slug}/feed/atom/").content.decode()
    assert "Open question" in room_feed and "&lt;strong&gt;body&lt;/strong&gt;" in room_feed
    assert client.get(f"/en/rooms/{members_only.slug}/feed/rss/").status_code == 404
    assert client.get(f"/en/rooms/{steering_room.slug}/feed/atom/").status_code == 404
