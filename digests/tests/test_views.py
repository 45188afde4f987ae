"""The "view in the browser" page shows the reader's own next digest, and only theirs."""

import pytest

from discussions.models import Subscription
from discussions.tests.factories import make_reply, make_topic
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_every_role_sees_only_their_own_digest_and_visitors_are_sent_to_sign_in(role):
    name, client, person = role
    response = client.get("/en/digest/preview/")
    if person is None:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your weekly digest" in html
    assert f"Hello {person.display_name}," in html


def test_the_preview_is_the_members_own_news_in_the_language_of_their_email(client, member):
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    topic = make_topic(author=MemberFactory(), title="Paiement des vaccinateurs")
    Subscription.objects.get_or_create(member=member, topic=topic)
    make_reply(topic=topic, author=MemberFactory(display_name="Kwame Asante"), body="M-Pesa.")
    other = MemberFactory(display_name="Someone Else")
    client.force_login(member)

    html = client.get("/en/digest/preview/").content.decode()
    assert "Votre résumé hebdomadaire" in html
    assert "1 nouvelle réponse dans un sujet que vous suivez" in html
    assert "Paiement des vaccinateurs" in html
    assert other.display_name not in html


def test_the_preview_runs_no_script_and_allows_only_inline_styles(client, member):
    client.force_login(member)
    response = client.get("/en/digest/preview/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "script-src" not in policy
    assert "<script" not in response.content.decode()


def test_the_plain_text_part_is_there_to_read(client, member):
    client.force_login(member)
    response = client.get("/en/digest/preview/text/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith(f"Hello {member.display_name},")
