"""A quote names and links the quoted post's author ("@amina-diallo wrote:")."""

import html

import pytest
from django.urls import reverse

from discussions.models import Post
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _quote(client, topic, post, language="en"):
    url = reverse("discussions:post-reply", args=[topic.room.slug, topic.pk, topic.slug])
    url = url.replace("/en/", f"/{language}/", 1)
    return url, client.get(url, {"to": post.pk, "quote": 1})


def test_a_quote_names_the_author_and_links_their_post_and_profile(client, member):
    topic = make_topic(author=member)
    quoted = make_reply(topic=topic, author=member, body="Pay on the day.\n\nNot later.")
    reader = MemberFactory(display_name="Kwame Asante")
    client.force_login(reader)
    url, response = _quote(client, topic, quoted)
    expected = (
        f"> @amina-diallo [wrote](/rooms/posts/{quoted.pk}/):\n>\n"
        "> Pay on the day.\n>\n> Not later."
    )
    assert expected in html.unescape(response.content.decode())
    client.post(url, {"reply_to": quoted.pk, "body": response.context["form"].initial["body"]})
    reply = Post.objects.get(author=reader)
    rel = 'rel="nofollow ugc noopener"'
    assert (
        f'<p><a class="mention" href="/members/{member.pk}/" {rel}>@amina-diallo</a> '
        f'<a href="/rooms/posts/{quoted.pk}/" {rel}>wrote</a>:</p>'
    ) in reply.body_html


def test_a_quote_on_a_french_page_says_a_ecrit(client, member):
    topic = make_topic(author=member)
    quoted = make_reply(topic=topic, author=member, body="Payer le jour même.")
    client.force_login(MemberFactory())
    _url, response = _quote(client, topic, quoted, language="fr")
    assert f"> @amina-diallo [a écrit](/rooms/posts/{quoted.pk}/)\u00a0:" in html.unescape(
        response.content.decode()
    )
