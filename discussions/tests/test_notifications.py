"""The notifications page and its badge tell the truth: the badge counts the unread lines
the page lists, following a line marks it read, a busy topic is one line, and moderators
hear of flags in the rooms they moderate; the reply emails read right."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from discussions import selectors, services
from discussions.models import Notification, Post, Room
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

LIST = reverse("discussions:notification-list")


def _badge(html: str) -> int:
    found = re.search(r'class="badge">(\d+)<', html)
    return int(found.group(1)) if found else 0


def _lines(html: str) -> list[str]:
    items = re.findall(r'<ul class="notification-list">(.*?)</ul>', html, re.S)
    lines = re.findall(r"<li[^>]*>(.*?)</li>", items[0], re.S) if items else []
    links = [re.search(r"<a [^>]*>(.*?)</a>", line, re.S).group(1) for line in lines]
    return [" ".join(re.sub(r"<[^>]+>", " ", link).split()) for link in links]


def test_badge_and_page_agree_after_a_topic_moves_to_a_room_the_member_cannot_read(
    client, member, steering
):
    topic = make_topic(author=member, title="Budget lines")
    make_reply(topic=topic)
    client.force_login(member)
    html = client.get(LIST).content.decode()
    assert _badge(html) == 1 and len(_lines(html)) == 1

    services.topic_move(topic=topic, moderator=steering, room=RoomFactory(visibility="steering"))
    html = client.get(LIST).content.decode()
    assert _badge(html) == 0
    assert _lines(html) == []


def test_notifications_of_a_topic_moved_to_a_steering_room_disappear(member, steering):
    topic = make_topic(author=member, title="Budget lines")
    make_reply(topic=topic, author=MemberFactory())
    assert selectors.notifications_for(member=member).count() == 1
    services.topic_move(
        topic=topic, moderator=steering, room=RoomFactory(visibility=Room.Visibility.STEERING)
    )
    assert selectors.notifications_for(member=member).count() == 0


def test_twenty_replies_in_one_topic_are_one_line_and_one_in_the_badge(client, member):
    topic = make_topic(author=member, title="Paying vaccinators")
    for _ in range(20):
        make_reply(topic=topic)
    make_reply(topic=make_topic(author=member, title="Other topic"))
    client.force_login(member)
    html = client.get(LIST).content.decode()
    assert _badge(html) == 2
    assert "20 new replies in “Paying vaccinators”" in _lines(html)
    assert len(_lines(html)) == 2


def test_grouped_lines_speak_french_with_plurals(client, member):
    topic = make_topic(author=member, title="Paiements")
    for _ in range(3):
        make_reply(topic=topic)
    client.force_login(member)
    with translation.override("fr"):
        html = client.get(reverse("discussions:notification-list")).content.decode()
    assert "3 nouvelles réponses dans « Paiements »" in _lines(html)


def test_following_a_line_marks_it_read_and_opens_the_first_new_reply(client, member):
    topic = make_topic(author=member, title="Paying vaccinators")
    first = make_reply(topic=topic, body="First")
    make_reply(topic=topic, body="Second")
    other = make_reply(topic=make_topic(author=member), body="Elsewhere")
    client.force_login(member)
    latest = Notification.objects.filter(recipient=member, topic=topic).order_by("-pk").first()

    response = client.get(reverse("discussions:notification-open", args=[latest.pk]))
    assert response.status_code == 302
    assert response["Location"] == first.get_absolute_url()
    mine = Notification.objects.filter(recipient=member)
    assert not mine.filter(topic=topic, read_at__isnull=True).exists()
    assert mine.get(post=other).read_at is None
    assert _badge(client.get(LIST).content.decode()) == 1


def test_nobody_opens_someone_elses_notification(client, member):
    make_reply(topic=make_topic(author=member))
    notification = Notification.objects.get(recipient=member)
    client.force_login(MemberFactory(display_name="Someone Else"))
    response = client.get(reverse("discussions:notification-open", args=[notification.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_a_visitor_following_a_notification_link_is_asked_to_log_in(client, member):
    make_reply(topic=make_topic(author=member))
    notification = Notification.objects.get(recipient=member)
    response = client.get(reverse("discussions:notification-open", args=[notification.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_moderators_hear_of_a_flag_in_a_room_they_moderate(client, member, moderator, steering):
    room = RoomFactory(visibility=Room.Visibility.MEMBERS)
    named = MemberFactory(display_name="Named Moderator")
    room.moderators.add(named)
    other_room_moderator = MemberFactory()
    RoomFactory().moderators.add(other_room_moderator)
    flagger = ModeratorFactory(display_name="Flagging Moderator")
    post = make_reply(topic=make_topic(room=room, title="Mobile money"), author=member)

    services.flag_create(post=post, reporter=flagger, reason="Spam")
    services.flag_create(post=post, reporter=MemberFactory(), reason="Spam too")

    told = set(
        Notification.objects.filter(kind=Notification.Kind.FLAG).values_list(
            "recipient__display_name", flat=True
        )
    )
    assert told == {"Named Moderator", "Joseph Mwangi"}  # named, and the Moderators group
    client.force_login(named)
    html = client.get(LIST).content.decode()
    assert "A post was flagged in “Mobile money”" in _lines(html)
    flag = Notification.objects.get(recipient=named)
    response = client.get(reverse("discussions:notification-open", args=[flag.pk]))
    assert response["Location"] == reverse("discussions:moderation-queue")


def test_moderators_who_cannot_read_a_steering_room_hear_nothing_of_its_flags(moderator, steering):
    room = RoomFactory(visibility=Room.Visibility.STEERING)
    post = make_reply(topic=make_topic(room=room, author=steering))
    services.flag_create(post=post, reporter=MemberFactory(is_superuser=True), reason="Check")
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_reply_email_subject_keeps_apostrophes_in_names_and_titles(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    topic = make_topic(author=member, title="Q&A: l'immunisation")
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic, author=MemberFactory(display_name="Awa N'Diaye"))
    assert mailoutbox[0].subject == "[CoP] Q&A: l'immunisation"
    assert "Awa N'Diaye replied in “Q&A: l'immunisation”" in mailoutbox[0].body


def test_mention_links_in_the_html_reply_email_are_absolute(
    settings, member, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.example.org"
    kwame = MemberFactory(display_name="Kwame Asante")
    topic = make_topic(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(topic=topic, author=MemberFactory(), body="Ask @kwame-asante about it.")
    html = next(m for m in mailoutbox if m.to == [member.email]).alternatives[0][0]
    assert f'href="https://cop.example.org/members/{kwame.pk}/"' in html
    assert 'href="/members/' not in html


def _notification_page_queries(client, member, count: int) -> int:
    author = MemberFactory()
    topics = [make_topic(author=member, title=f"Topic {n}") for n in range(count // 5)]
    for n in range(count):
        Post.objects  # noqa: B018
        make_reply(topic=topics[n % len(topics)], author=author)
    client.force_login(member)
    client.get(LIST)  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [5, 200])
def test_notifications_page_query_count_is_the_same_at_two_sizes(client, member, count):
    # session, member, groups, count of lines, the lines; the badge is cached by the first visit
    assert _notification_page_queries(client, member, count) == 5
