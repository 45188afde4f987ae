import threading

import pytest
from django.db import connections

from cop_portal.models import OutgoingEmail
from discussions import services
from discussions.export import export_member_data
from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    Post,
    PostVersion,
    Reaction,
    Room,
    Subscription,
    Topic,
)
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db


def test_topic_creation_counts_in_the_room_and_watches_the_topic(member):
    room = RoomFactory()
    topic = make_topic(room=room, author=member, tags=["mobile money", "openIMIS"])
    room.refresh_from_db()
    assert (room.topic_count, room.post_count) == (1, 1)
    assert room.last_activity_at == topic.last_activity_at
    assert sorted(t.name for t in topic.tags.all()) == ["mobile money", "openIMIS"]
    assert Subscription.objects.filter(member=member, topic=topic).exists()


def test_reply_moves_topic_and_room_counters_and_last_reply(member):
    topic = make_topic()
    reply = make_reply(topic=topic, author=member)
    topic.refresh_from_db()
    topic.room.refresh_from_db()
    assert topic.reply_count == 1
    assert topic.last_post == reply
    assert topic.room.post_count == 2


def test_reply_notifies_the_author_of_the_answered_post_and_emails_them(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    topic = make_topic(author=member, title="Paying vaccinators")
    replier = MemberFactory(display_name="Kwame Asante")
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic, author=replier, body="We used M-Pesa in 2019.")
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == Notification.Kind.REPLY
    assert OutgoingEmail.objects.get(key=f"notification:{notification.pk}").status == "sent"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [member.email]
    assert "Kwame Asante replied in “Paying vaccinators”" in mail.subject
    assert "We used M-Pesa in 2019." in mail.body


def test_reply_email_is_in_the_recipients_language(mailoutbox, django_capture_on_commit_callbacks):
    author = MemberFactory(preferred_language="fr")
    topic = make_topic(author=author, title="Argent mobile")
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic, author=MemberFactory(display_name="Kwame Asante"))
    assert "Kwame Asante a répondu dans « Argent mobile »" in mailoutbox[0].subject


def test_member_who_turned_emails_off_is_notified_on_the_site_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory(email_notifications="none")
    topic = make_topic(author=author)
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic)
    assert Notification.objects.filter(recipient=author).count() == 1
    assert mailoutbox == []


def test_nobody_is_notified_of_their_own_post(member, mailoutbox):
    topic = make_topic(author=member)
    make_reply(topic=topic, author=member, body="Adding to my own question, @amina-diallo")
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_mention_by_handle_in_any_case_notifies_the_member(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    topic = make_topic()
    with django_capture_on_commit_callbacks(execute=True):
        post = make_reply(topic=topic, body="What do you think, @amina-diallo? Or @Amina-Diallo?")
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == Notification.Kind.MENTION
    assert f'<a class="mention" href="/members/{member.pk}/"' in post.body_html
    assert "mentioned you" in mailoutbox[0].subject


def test_mention_inside_code_is_not_a_mention(member):
    topic = make_topic()
    post = make_reply(topic=topic, body="Type `@amina-diallo` to mention someone.")
    assert "mention" not in post.body_html.replace("to mention", "")
    assert not Notification.objects.filter(recipient=member).exists()


def test_member_mentioned_in_a_steering_room_they_cannot_read_is_not_notified(member):
    room = RoomFactory(visibility=Room.Visibility.STEERING)
    steering = SteeringMemberFactory()
    topic = make_topic(room=room, author=steering)
    make_reply(topic=topic, author=steering, body="Ask @amina-diallo later.")
    assert not Notification.objects.filter(recipient=member).exists()


def test_new_topic_notifies_room_watchers_without_email(member, mailoutbox):
    room = RoomFactory()
    services.subscribe(member=member, room=room)
    make_topic(room=room)
    assert Notification.objects.get(recipient=member).kind == Notification.Kind.NEW_TOPIC
    assert mailoutbox == []


def test_topic_watchers_hear_about_every_reply(member):
    topic = make_topic()
    services.subscribe(member=member, topic=topic)
    make_reply(topic=topic)
    make_reply(topic=topic)
    assert Notification.objects.filter(recipient=member, kind="reply").count() == 2


def test_notification_email_is_sent_once_even_when_an_edit_notifies_again(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    from cop_portal.tasks import send_outgoing_email

    topic = make_topic(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_reply(topic=topic, body="First words")
        services.post_edit(post=reply, editor=reply.author, body=f"@{member.display_name} again")
    email = OutgoingEmail.objects.get()
    assert send_outgoing_email(email_id=email.pk) == "sent"
    assert send_outgoing_email(email_id=999999) == "gone"
    assert len(mailoutbox) == 1


def test_notification_email_is_written_with_the_reply_not_after_it(member):
    """No on_commit needed: the outbox row exists as soon as the reply does."""
    topic = make_topic(author=member)
    reply = make_reply(topic=topic, body="Written in the same transaction.")
    email = OutgoingEmail.objects.get()
    assert (email.recipient, email.status) == (member.email, "pending")
    assert "Written in the same transaction." in email.body_text
    assert f"/rooms/posts/{reply.pk}/" in email.body_text
    assert "/en/digest/unsubscribe/" in email.headers["List-Unsubscribe"]


def test_edit_keeps_the_previous_version(member):
    topic = make_topic()
    post = make_reply(topic=topic, author=member, body="First draft")
    services.post_edit(post=post, editor=member, body="Second draft")
    post.refresh_from_db()
    assert post.body == "Second draft"
    assert post.edited_at is not None
    assert list(PostVersion.objects.filter(post=post).values_list("body", flat=True)) == [
        "First draft"
    ]


def test_soft_delete_keeps_replies(member):
    topic = make_topic()
    post = make_reply(topic=topic, author=member)
    answer = make_reply(topic=topic, parent=post)
    services.post_delete(post=post, member=member)
    assert Post.objects.get(pk=post.pk).deleted_at is not None
    assert Post.objects.get(pk=answer.pk).parent_id == post.pk


def test_reaction_toggles_and_counts(member):
    post = make_reply(topic=make_topic())
    assert services.reaction_toggle(post=post, member=member, kind="helpful") is True
    post.refresh_from_db()
    assert post.helpful_count == 1
    assert services.reaction_toggle(post=post, member=member, kind="helpful") is False
    post.refresh_from_db()
    assert post.helpful_count == 0
    assert Reaction.objects.count() == 0


def test_moderation_actions_are_logged_with_who_and_why(moderator):
    topic = make_topic()
    post = make_reply(topic=topic)
    Flag.objects.create(post=post, reporter=MemberFactory(), reason="spam")
    services.post_hide(post=post, moderator=moderator, reason="Advertising")
    services.topic_set_locked(topic=topic, moderator=moderator, locked=True, reason="Resolved")
    services.topic_set_pinned(topic=topic, moderator=moderator, pinned=True)
    actions = list(ModerationAction.objects.order_by("pk").values_list("action", "reason"))
    assert actions == [("hide", "Advertising"), ("lock", "Resolved"), ("pin", "")]
    assert ModerationAction.objects.filter(moderator=moderator).count() == 3
    assert Flag.objects.get().resolved_by == moderator


def test_moving_a_topic_moves_its_counts(moderator):
    topic = make_topic()
    make_reply(topic=topic)
    old = topic.room
    target = RoomFactory()
    services.topic_move(topic=topic, moderator=moderator, room=target, reason="Better fit")
    old.refresh_from_db()
    target.refresh_from_db()
    assert (old.topic_count, old.post_count) == (0, 0)
    assert (target.topic_count, target.post_count) == (1, 2)
    assert Topic.objects.get(pk=topic.pk).room == target


def test_rate_limit_refuses_the_post_beyond_the_setting(member, settings):
    settings.COP_POSTS_PER_MINUTE = 2
    services.post_rate_check(member=member)
    services.post_rate_check(member=member)
    with pytest.raises(services.RateLimited):
        services.post_rate_check(member=member)


def test_export_holds_the_members_own_discussion_data(member):
    topic = make_topic(author=member, title="My question", tags=["payments"])
    post = make_reply(topic=topic, author=member, body="my body")
    other = make_reply(topic=topic)
    services.reaction_toggle(post=other, member=member, kind="thanks")
    services.flag_create(post=other, reporter=member, reason="off topic")
    make_reply(topic=topic, parent=post)
    data = export_member_data(member)
    assert [t["title"] for t in data["topics"]] == ["My question"]
    assert data["topics"][0]["tags"] == ["payments"]
    assert "my body" in [p["body"] for p in data["posts"]]
    assert data["reactions"][0]["kind"] == "thanks"
    assert data["flags"][0]["reason"] == "off topic"
    assert data["subscriptions"][0]["topic"] == topic.pk
    assert len(data["notifications"]) == 2
    import json

    json.dumps(data)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_stay_right_under_concurrent_replies():
    topic = make_topic()
    authors = [MemberFactory() for _ in range(8)]
    errors = []

    def reply(author):
        try:
            for n in range(5):
                services.post_create(topic=topic, author=author, body=f"at the same time {n}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reply, args=(a,)) for a in authors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    topic.refresh_from_db()
    topic.room.refresh_from_db()
    assert topic.reply_count == 40
    assert topic.room.post_count == 41
    assert Post.objects.filter(topic=topic).count() == 41
    assert Post.objects.filter(topic=topic).values("path").distinct().count() == 41
