"""Notification emails, batched per topic: one until the member visits, then one more that
folds what came in between; mentions and replies to one's post only, as the member chose;
never about a post they can no longer read; threaded per topic, filtered per room."""

import pytest
from django.utils import timezone

from discussions import services
from discussions.models import Notification, Room, TopicReadState
from discussions.services import notification_emails
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory, ModeratorFactory, SteeringMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Each post commits and its email task runs (eagerly, as without a broker)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The beat task, as if every email's own task had been lost; its emails go out."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return notification_emails.notification_emails_sweep(older_than=0)

    return run


def visit(topic, member):
    services.topic_mark_read(topic=topic, member=member)


def test_a_busy_topic_sends_one_email_until_its_author_visits(member, mailoutbox, run_tasks):
    topic = make_topic(author=member, title="Paying vaccinators")
    for n in range(5):
        run_tasks(make_reply, topic=topic, body=f"Reply number {n}.")
    assert len(mailoutbox) == 1
    assert "Reply number 0." in mailoutbox[0].body
    statuses = list(
        Notification.objects.filter(recipient=member)
        .order_by("pk")
        .values_list("email_status", flat=True)
    )
    assert statuses == ["sent", "held", "held", "held", "held"]


def test_after_a_visit_the_next_reply_sends_one_email_folding_the_held_ones(
    client, member, mailoutbox, run_tasks
):
    topic = make_topic(author=member, title="Paying vaccinators")
    for n in range(4):
        run_tasks(make_reply, topic=topic, body=f"Reply number {n}.")
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert len(mailoutbox) == 1  # a visit alone sends nothing
    run_tasks(make_reply, topic=topic, body="The first reply after the visit.")
    run_tasks(make_reply, topic=topic, body="And one more.")
    assert len(mailoutbox) == 2
    second = mailoutbox[1]
    assert "4 new replies in “Paying vaccinators”" in second.body
    assert "The first reply after the visit." in second.body
    assert "1 earlier reply is not quoted here" in second.body
    assert "And one more." not in second.body  # held for the next email, after a visit


@pytest.mark.parametrize(
    ("preference", "emailed"), [("immediate", True), ("digest", False), ("none", False)]
)
@pytest.mark.parametrize("kind", ["mention", "reply to their post", "reply to their topic"])
def test_mentions_and_replies_to_ones_posts_are_emailed_only_as_they_happen(
    mailoutbox, run_tasks, preference, emailed, kind
):
    amina = MemberFactory(display_name="Amina Diallo", email_notifications=preference)
    topic = make_topic(author=amina if kind == "reply to their topic" else None)
    if kind == "mention":
        run_tasks(make_reply, topic=topic, body="What do you think, @amina-diallo?")
    elif kind == "reply to their post":
        post = make_reply(topic=topic, author=amina, body="My answer.")
        run_tasks(make_reply, topic=topic, parent=post, body="A reply to Amina's answer.")
    else:
        run_tasks(make_reply, topic=topic, body="A reply to the question.")
    assert Notification.objects.filter(recipient=amina).count() == 1
    to_amina = [m for m in mailoutbox if m.to == [amina.email]]
    assert len(to_amina) == (1 if emailed else 0)


def test_activity_in_watched_topics_and_rooms_waits_for_the_digest(member, mailoutbox, run_tasks):
    room = RoomFactory()
    services.subscribe(member=member, room=room)
    topic = run_tasks(make_topic, room=room)
    services.subscribe(member=member, topic=topic)
    run_tasks(make_reply, topic=topic, body="News in a topic Amina watches.")
    kinds = sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == ["new_topic", "reply"]
    assert [m for m in mailoutbox if m.to == [member.email]] == []
    assert len(mailoutbox) == 1  # the topic's author heard of the reply to their question


def test_a_mention_and_a_reply_in_one_topic_make_one_email(sweep, member, mailoutbox, run_tasks):
    """A minute's delay lets both land before the email is built (the sweep stands in)."""
    topic = make_topic(author=member, title="Per diems")
    make_reply(topic=topic, body="A reply to the question.")
    make_reply(topic=topic, body="And @amina-diallo should see this.")
    assert sweep() == 1
    body = mailoutbox[0].body
    assert "2 new replies in “Per diems”" in body
    assert "mentioned you in one of them" in body


def test_no_email_about_a_post_hidden_before_the_email_was_built(sweep, member, mailoutbox):
    topic = make_topic(author=member)
    post = make_reply(topic=topic, body="Buy cheap watches here.")
    services.post_hide(post=post, moderator=ModeratorFactory())
    assert sweep() == 0
    assert mailoutbox == []
    assert Notification.objects.get(recipient=member).email_status == "dropped"


def test_no_email_about_a_post_deleted_before_the_email_was_built(sweep, member, mailoutbox):
    topic = make_topic(author=member)
    post = make_reply(topic=topic, body="Oops, wrong topic.")
    services.post_delete(post=post, member=post.author)
    assert sweep() == 0
    assert mailoutbox == []


def test_no_email_about_a_topic_moved_to_a_room_the_member_cannot_read(sweep, member, mailoutbox):
    topic = make_topic(author=member)
    make_reply(topic=topic, body="Steering business.")
    steering_room = RoomFactory(visibility=Room.Visibility.STEERING)
    services.topic_move(topic=topic, moderator=SteeringMemberFactory(is_superuser=True),
                        room=steering_room)  # fmt: skip
    assert sweep() == 0
    assert mailoutbox == []


def test_a_member_who_turns_emails_off_before_the_email_is_built_gets_none(
    sweep, member, mailoutbox
):
    topic = make_topic(author=member)
    make_reply(topic=topic, body="A reply.")
    member.email_notifications = "digest"
    member.save(update_fields=["email_notifications"])
    assert sweep() == 0
    assert mailoutbox == []


def test_the_sweep_leaves_emails_whose_task_is_still_waiting(sweep, member, mailoutbox, settings):
    settings.COP_NOTIFICATION_EMAIL_DELAY = 60
    make_reply(topic=make_topic(author=member), body="Just posted.")
    assert notification_emails.notification_emails_sweep() == 0
    assert Notification.objects.get(recipient=member).email_status == "due"


def test_emails_of_one_topic_are_one_conversation_and_each_room_its_own_list(
    settings, member, mailoutbox, run_tasks
):
    settings.SITE_URL = "https://cop.example.org"
    payments = RoomFactory(slug="payments", name_en="Payments")
    first = make_topic(author=member, room=payments)
    other = make_topic(author=member, room=RoomFactory(slug="evidence-room"))
    run_tasks(make_reply, topic=first, body="One.")
    visit(first, member)
    run_tasks(make_reply, topic=first, body="Two.")
    run_tasks(make_reply, topic=other, body="Elsewhere.")
    one, two, elsewhere = (m.message() for m in mailoutbox)
    root = f"<topic-{first.pk}.member-{member.pk}@cop.example.org>"
    assert one["In-Reply-To"] == one["References"] == root
    assert two["In-Reply-To"] == two["References"] == root
    assert one["Message-ID"] != two["Message-ID"]
    assert one["Message-ID"].endswith("@cop.example.org>")
    assert one["Subject"] == two["Subject"]
    assert elsewhere["In-Reply-To"] != root
    assert one["List-Id"] == '"Payments" <payments.cop.example.org>'
    assert elsewhere["List-Id"].endswith("<evidence-room.cop.example.org>")
    assert "/digest/unsubscribe/" in one["List-Unsubscribe"]
    assert one["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_email_goes_out_in_french_with_its_footer(member, mailoutbox, run_tasks):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    topic = make_topic(author=member, title="Argent mobile")
    run_tasks(make_reply, topic=topic, body="Une réponse.")
    body = mailoutbox[0].body
    assert "Vos préférences d’e-mail\u00a0: http" in body
    assert "/fr/members/me/edit/#id_email_notifications" in body
    assert "Se désabonner en un clic\u00a0: http" in body and "/fr/digest/unsubscribe/" in body
    html = mailoutbox[0].alternatives[0][0]
    assert "Se désabonner en un clic</a>" in html


def test_a_visit_before_the_email_is_built_opens_the_gate_for_the_next(sweep, member, mailoutbox):
    topic = make_topic(author=member)
    make_reply(topic=topic, body="First.")
    assert sweep() == 1
    state = TopicReadState.objects.get(member=member, topic=topic)
    assert state.last_read_at is None and state.last_emailed_at is not None
    # The room page's unread marker still shows the topic as unread.
    assert not state.visited_since_last_email
    TopicReadState.objects.filter(pk=state.pk).update(last_read_at=timezone.now())
    make_reply(topic=topic, body="Second.")
    assert sweep() == 1
    assert len(mailoutbox) == 2


def _queries_to_build_one_email(member, held: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = make_topic(author=member)
    repliers = [MemberFactory() for _ in range(3)]
    for n in range(held):
        make_reply(topic=topic, author=repliers[n % 3], body=f"Reply {n}.")
    with CaptureQueriesContext(connection) as queries:
        assert notification_emails.notification_email_send(member_id=member.pk, topic_id=topic.pk)
    return len(queries)


@pytest.mark.parametrize("held", [1, 30])
def test_building_an_email_costs_the_same_queries_however_many_replies_it_folds(member, held):
    # savepoint, anything due?, read-state insert, its lock, member, notifications, the
    # member's groups (access rule), readable posts, stamp the state, mark sent, the outbox
    # row (select, savepoint, insert, release), release
    assert _queries_to_build_one_email(member, held) == 15
