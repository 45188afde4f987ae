"""Account deletion changes the member's own rows and structured references to them in
other people's posts (mentions, quote attributions), never other people's free text."""

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import Notification, Post, PostVersion, Topic
from discussions.tests.factories import make_reply, make_topic
from members.services import member_erase
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_erasing_a_member_named_payment_leaves_other_members_posts_unchanged(member):
    payment = MemberFactory(display_name="Payment")
    topic = make_topic(author=member, title="Payment delays in Kasai", body="Payment is late.")
    reply = make_reply(topic=topic, author=member, body="Payment by mobile money; payment, PAYMENT")
    edited = make_reply(topic=topic, author=member, body="First: Payment terms")
    services.post_edit(post=edited, editor=member, body="Second: Payment terms")
    before = {
        post.pk: (post.body, post.body_html) for post in Post.objects.filter(topic__author=member)
    }
    version_before = PostVersion.objects.get(post=edited)
    member_erase(member=payment)
    after = {post.pk: (post.body, post.body_html) for post in Post.objects.filter(pk__in=before)}
    assert after == before
    assert reply.pk in after
    assert Topic.objects.get(pk=topic.pk).title == "Payment delays in Kasai"
    version = PostVersion.objects.get(post=edited)
    assert (version.body, version.body_html) == (version_before.body, version_before.body_html)
    assert version.body == "First: Payment terms"


def test_a_mention_of_an_erased_member_reads_a_former_member(client, member):
    payment = MemberFactory(display_name="Payment")
    assert payment.handle == "payment"
    topic = make_topic(author=member)
    reply = make_reply(topic=topic, author=member, body="Ask @payment about payment.")
    assert f'href="/members/{payment.pk}/"' in reply.body_html
    member_erase(member=payment)
    reply.refresh_from_db()
    assert reply.body == "Ask a former member about payment."
    assert f"/members/{payment.pk}/" not in reply.body_html
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Ask a former member about payment." in page
    assert "@payment" not in page


def test_a_mention_in_a_french_post_reads_un_ancien_membre(member):
    zainab = MemberFactory(display_name="Zainab Quixotic")
    author = MemberFactory(preferred_language="fr")
    reply = make_reply(
        topic=make_topic(author=member), author=author, body="Merci @zainab-quixotic."
    )
    member_erase(member=zainab)
    reply.refresh_from_db()
    assert reply.body == "Merci un ancien membre."


def test_a_quote_of_an_erased_member_reads_a_former_member(client, member):
    amina = MemberFactory(display_name="Amina Diallo")
    topic = make_topic(author=member)
    quoted = make_reply(topic=topic, author=amina, body="Pay on the day of the campaign.")
    client.force_login(member)
    url = reverse("discussions:post-reply", args=[topic.room.slug, topic.pk, topic.slug])
    form = client.get(url, {"to": quoted.pk, "quote": 1}).context["form"]
    client.post(url, {"reply_to": quoted.pk, "body": form.initial["body"] + "Agreed."})
    reply = Post.objects.get(topic=topic, author=member, reply_to=quoted)
    assert "@amina-diallo" in reply.body
    member_erase(member=amina)
    reply.refresh_from_db()
    assert reply.body.startswith(f"> a former member [wrote](/rooms/posts/{quoted.pk}/):")
    assert "amina" not in reply.body.lower() and "amina" not in reply.body_html.lower()
    assert f'href="/rooms/posts/{quoted.pk}/"' in reply.body_html
    assert "Pay on the day of the campaign." in reply.body_html


def test_a_mention_typed_as_code_is_left_as_written(member):
    amina = MemberFactory(display_name="Amina Diallo")
    reply = make_reply(topic=make_topic(author=member), author=member, body="Type `@amina-diallo`")
    member_erase(member=amina)
    reply.refresh_from_db()
    assert reply.body == "Type `@amina-diallo`"


def test_other_mentions_survive_an_erasure(member):
    zainab = MemberFactory(display_name="Zainab Quixotic")
    kwame = MemberFactory(display_name="Kwame Asante")
    reply = make_reply(topic=make_topic(), author=member, body="@zainab-quixotic and @kwame-asante")
    member_erase(member=zainab)
    reply.refresh_from_db()
    assert reply.body == "a former member and @kwame-asante"
    assert f'href="/members/{kwame.pk}/"' in reply.body_html
    assert Notification.objects.filter(recipient=kwame).exists()


def test_the_erased_members_own_posts_show_as_by_a_former_member(client, member):
    zainab = MemberFactory(display_name="Zainab Quixotic")
    topic = make_topic(author=member)
    make_reply(topic=topic, author=zainab, body="My own words.")
    member_erase(member=zainab)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "My own words." in page
    assert "a former member" in page
    assert "Zainab" not in page and "zainab-quixotic" not in page


def test_after_erasure_the_name_is_left_only_in_other_members_free_text(member):
    """The members app's test searches every text column for an erased member's name and
    email; with discussions, the only rows allowed to keep the name are free text that
    someone else wrote (here one post), never a mention, a title rewrite or the own rows."""
    from django.apps import apps
    from django.db import models

    zainab = MemberFactory(display_name="Zainab Quixotic", email="zainab.unique@example.org")
    topic = make_topic(
        author=zainab, title="Zainab's own question", body="Mine, by @zainab-quixotic"
    )
    make_reply(topic=topic, author=member, body="Thanks @zainab-quixotic.")
    free = make_reply(topic=topic, author=member, body="As Zainab Quixotic said, pay on time.")
    member_erase(member=zainab)
    hits = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            for needle in ("zainab.unique@example.org", "zainab-quixotic", "Zainab Quixotic"):
                rows = model._default_manager.filter(**{f"{field.name}__icontains": needle})
                hits |= {(model._meta.label, field.name, row.pk) for row in rows}
    assert hits == {
        ("discussions.Post", "body", free.pk),
        ("discussions.Post", "body_html", free.pk),
    }
    assert Topic.objects.get(pk=topic.pk).title == "Zainab's own question"


def test_an_erased_moderator_moderates_no_room_any_more(member):
    from discussions.export import export_member_data
    from discussions.tests.factories import RoomFactory

    room = RoomFactory(slug="payments")
    room.moderators.add(member)
    assert export_member_data(member)["moderates_rooms"] == ["payments"]
    member_erase(member=member)
    assert list(room.moderators.all()) == []
