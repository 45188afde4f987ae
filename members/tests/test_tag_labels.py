import pytest
from django.template import Context, Template
from django.utils import translation

from discussions.tests.factories import RoomFactory, make_topic
from members.models import TagLabel
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_french_profile_shows_interests_in_french(client, member):
    member.interests.set(["immunisation", "per diem", "FHIR profiles"])
    client.force_login(member)
    html = client.get(f"/fr/members/{member.pk}/").content.decode()
    assert ">vaccination</a>" in html
    assert ">indemnités journalières</a>" in html
    assert ">FHIR profiles</a>" in html  # not in the vocabulary: as typed
    assert ">immunisation</a>" in client.get(f"/en/members/{member.pk}/").content.decode()


def test_french_directory_interest_filter_shows_french_labels(client, member):
    member.interests.set(["health workers"])
    client.force_login(member)
    html = client.get("/fr/members/").content.decode()
    assert '<option value="health workers">agents de santé (1)</option>' in html


def test_french_topic_pages_show_topic_tags_in_french(client, member):
    room = RoomFactory(slug="campaign-payments")
    topic = make_topic(room=room, author=member, tags=["per diem", "mobile money"])
    room_html = client.get(f"/fr/rooms/{room.slug}/").content.decode()
    topic_html = client.get(topic.get_absolute_url().replace("/en/", "/fr/")).content.decode()
    for html in (room_html, topic_html):
        assert '<span class="tag">indemnités journalières</span>' in html
        assert '<span class="tag">mobile money</span>' in html


def test_tag_typed_in_french_reads_in_english_on_english_pages(client):
    person = MemberFactory(profile_visibility="public")
    person.interests.set(["Vaccination"])
    html = client.get(f"/en/members/{person.pk}/").content.decode()
    assert ">immunisation</a>" in html


def test_label_edited_in_the_admin_shows_at_once(client, member):
    member.interests.set(["per diem"])
    client.force_login(member)
    client.get(f"/fr/members/{member.pk}/")  # the vocabulary is now cached
    label = TagLabel.objects.get(slug="per-diem")
    label.label_fr = "per diem"
    label.save()
    assert ">per diem</a>" in client.get(f"/fr/members/{member.pk}/").content.decode()


@pytest.mark.parametrize("count", (1, 30))
def test_tag_labels_cost_one_query_per_page_whatever_the_number_of_tags(
    count, django_assert_num_queries
):
    template = Template("{% load tag_labels %}{% for t in tags %}{{ t|tag_label }},{% endfor %}")
    tags = ["immunisation", "per diem", "unknown tag"] * count
    with translation.override("fr"), django_assert_num_queries(1):
        first = template.render(Context({"tags": tags}))
    with translation.override("fr"), django_assert_num_queries(0):
        assert template.render(Context({"tags": tags})) == first
    assert first.startswith("vaccination,indemnités journalières,unknown tag,")


def test_french_profile_form_suggests_interests_in_french(client, member):
    MemberFactory().interests.set(["evidence synthesis"])
    client.force_login(member)
    html = client.get("/fr/members/me/edit/").content.decode()
    assert "synthèse des données probantes" in html


def test_french_dashboard_names_shared_interests_in_french(client, member):
    member.interests.set(["immunisation", "mobile money"])
    MemberFactory(display_name="Kwame Asante").interests.set(["immunisation", "mobile money"])
    client.force_login(member)
    html = client.get("/fr/members/me/").content.decode()
    assert "2 centres d’intérêt communs\u00a0: mobile money, vaccination" in html
    html = client.get("/en/members/me/").content.decode()
    assert "2 shared interests: immunisation, mobile money" in html
