"""What only PostgreSQL's full-text search does: French stemming, accents and elision,
the glossary across languages, websearch syntax, ranking, recency, highlighting, and the
trigram "did you mean" (readable titles only)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from discussions.models import Post, Room
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from evidence.tests.factories import EvidenceItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r"<h3><a href=[^>]+>(.*?)</a></h3>", html)
    return [re.sub(r"<[^>]+>", "", title) for title in found]


@pytest.fixture
def french_items():
    EvidenceItemFactory(title_en="", title_fr="La fédération des mutuelles de santé",
                        summary_fr="Les paiements aux agents et l’assurance maladie.")  # fmt: skip
    EvidenceItemFactory(title_en="Unrelated report", title_fr="Rapport sans rapport",
                        summary_en="Nothing here.", summary_fr="Rien ici.")  # fmt: skip


@pytest.mark.parametrize("query", ["federation", "fédérations", "paiement", "assurance",
                                   "l'assurance", "l’assurance", "MUTUELLE"])  # fmt: skip
def test_french_content_is_found_without_accents_plurals_or_articles(client, french_items, query):
    response = client.get("/fr/search/", {"q": query})
    assert titles(response) == ["La fédération des mutuelles de santé"]


def test_an_english_query_finds_french_only_content_through_the_glossary(client):
    room = RoomFactory(slug="salon")
    make_topic(room=room, title="Payer les agents de santé", body="Par monnaie mobile, à Douala.")
    make_topic(room=room, title="Rapport annuel", body="Rien à voir.")
    response = client.get("/en/search/", {"q": "mobile money", "type": "discussions"})
    assert "Payer les agents de santé" in titles(response)
    assert "Rapport annuel" not in titles(response)


def test_a_french_sentence_finds_english_content_on_both_of_its_terms(client):
    room = RoomFactory(slug="room")
    make_topic(room=room, title="Mobile money payroll for health workers", body="In Kenya.")
    make_topic(room=room, title="Mobile money for farmers", body="Not health.")
    response = client.get("/fr/search/", {"q": "paiement mobile des agents de santé"})
    assert titles(response) == ["Mobile money payroll for health workers"]


def test_claims_finds_demandes_de_remboursement(client):
    EvidenceItemFactory(title_en="", title_fr="Traiter les demandes de remboursement plus vite")
    response = client.get("/en/search/", {"q": "claims"})
    assert titles(response) == ["Traiter les demandes de remboursement plus vite"]


def test_websearch_syntax_phrases_exclusions_and_or(client):
    room = RoomFactory(slug="room")
    make_topic(room=room, title="Paying by money mobile in Kenya", body="Reversed words.")
    make_topic(room=room, title="Mobile money in Senegal", body="Senegal.")
    make_topic(room=room, title="Mobile money in Benin", body="Benin.")
    phrase = client.get("/en/search/", {"q": '"mobile money" -senegal', "type": "discussions"})
    assert set(titles(phrase)) == {"Mobile money in Benin"}
    either = client.get("/en/search/", {"q": "kenya or benin", "type": "discussions"})
    assert set(titles(either)) == {"Paying by money mobile in Kenya", "Mobile money in Benin"}


def test_a_title_match_ranks_above_a_body_match(client):
    room = RoomFactory(slug="room")
    make_topic(room=room, title="Per diem rates", body="Opening.")
    body_only = make_topic(room=room, title="Travel costs", body="Opening.")
    make_reply(topic=body_only, body="We compared the interoperability of per diem systems.")
    make_topic(room=room, title="Interoperability of payment systems", body="Opening.")
    response = client.get("/en/search/", {"q": "interoperability"})
    assert titles(response) == ["Interoperability of payment systems", "Travel costs"]


def test_newer_results_come_first_among_equals(client):
    old = EvidenceItemFactory(title_en="Sandbox pilot", title_fr="")
    new = EvidenceItemFactory(title_en="Sandbox pilot", title_fr="")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=900))
    response = client.get("/en/search/", {"q": "sandbox"})
    html = response.content.decode()
    assert html.index(f"/evidence/{new.pk}/") < html.index(f"/evidence/{old.pk}/")


def test_snippets_mark_the_words_and_escape_what_members_wrote(client):
    topic = make_topic(room=RoomFactory(slug="room"), title="Tools", body="Opening.")
    make_reply(topic=topic, body='We tried <img src=x onerror="alert(1)"> aggregators in Mali.')
    html = client.get("/en/search/", {"q": "aggregators"}).content.decode()
    assert "<mark>aggregators</mark>" in html
    assert "onerror=" not in html or "&lt;img" in html
    assert "<img src=x" not in html


def test_a_typo_offers_did_you_mean_with_a_working_link(client):
    make_topic(room=RoomFactory(slug="room"), title="Paying vaccinators by mobile money")
    response = client.get("/en/search/", {"q": "vacinators"})
    html = response.content.decode()
    assert titles(response) == []
    link = re.search(r'class="did-you-mean">Did you mean: <a href="([^"]+)">([^<]+)</a>', html)
    assert link.group(2) == "vaccinators"
    followed = client.get("/en/search/" + link.group(1).replace("&amp;", "&"))
    assert titles(followed) == ["Paying vaccinators by mobile money"]


def test_did_you_mean_never_suggests_from_a_title_the_reader_cannot_read(client):
    room = RoomFactory(slug="closed", visibility=Room.Visibility.STEERING)
    make_topic(room=room, title="Confidential budget negotiations")
    html = client.get("/en/search/", {"q": "confidental"}).content.decode()
    assert "did-you-mean" not in html
    assert "Confidential" not in html


def test_only_stop_words_say_so(client):
    make_topic(room=RoomFactory(slug="room"), title="The art of paying")
    html = client.get("/en/search/", {"q": "the of and"}).content.decode()
    assert "only very common words or signs" in html


def test_deleted_posts_are_not_found(client):
    topic = make_topic(room=RoomFactory(slug="room"), title="Tools", body="Opening.")
    reply = make_reply(topic=topic, body="Aggregators everywhere.")
    Post.objects.filter(pk=reply.pk).update(deleted_at=timezone.now())
    assert titles(client.get("/en/search/", {"q": "aggregators"})) == []


def test_the_highlight_markers_typed_in_a_post_make_no_tags(client):
    """The snippet's <mark> tags come from two private-use characters: a member who types
    them must not open a <mark> that highlights the rest of the page, nor close one."""
    topic = make_topic(room=RoomFactory(slug="room"), title="Tools", body="Opening.")
    make_reply(topic=topic, body="\ue001\ue000We tried aggregators in Mali.\ue000 More text.")
    html = client.get("/en/search/", {"q": "aggregators"}).content.decode()
    snippet = re.search(r'class="search-snippet">(.*?)</p>', html, re.S).group(1)
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1
    assert "<mark>aggregators</mark>" in snippet


@pytest.mark.parametrize(
    ("matching", "expected", "count"),
    [
        # Only one match among the two newest rows: the second step finds the older ones.
        ({0, 1, 9}, [9, 1, 0], "3 results"),
        # More than the source ranks: the newest three, whichever step found them.
        ({0, 1, 2, 3, 4, 9}, [9, 4, 3], "More than 3 results"),
        # All in the newest rows: the first step alone.
        ({7, 8, 9}, [9, 8, 7], "3 results"),
    ],
)
def test_both_steps_find_the_newest_matches(client, monkeypatch, matching, expected, count):
    """Candidates are read first among each source's WINDOW newest rows, then among the
    older ones: together, the newest matches wherever they are."""
    from cop_portal.search import engine
    from discussions.models import Topic

    monkeypatch.setattr(engine, "WINDOW", 2)
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    room = RoomFactory(slug="steps")
    now = timezone.now()
    for number in range(10):
        title = f"zanzibar {number}" if number in matching else f"Other {number}"
        topic = make_topic(room=room, title=title, body="Opening.")
        Topic.objects.filter(pk=topic.pk).update(
            last_activity_at=now - timedelta(hours=10 - number)
        )
    response = client.get("/en/search/", {"q": "zanzibar"})
    assert titles(response) == [f"zanzibar {number}" for number in expected]
    html = response.content.decode()
    assert re.search(rf'id="results-heading">{count}<', html)


def test_phrases_are_found_with_a_stop_word_between_or_a_hyphen(client):
    """A phrase is found where its words follow each other (a stop word between them or
    not, a hyphenated compound too), not where they are apart; the snippet marks it."""
    room = RoomFactory(slug="pairs")
    make_topic(room=room, title="Agents de santé payés", body="Opening.")
    make_topic(room=room, title="Santé des agents", body="Opening.")
    make_topic(room=room, title="Mobile-money wallets for nurses", body="Opening.")
    make_topic(room=room, title="Money for mobile clinics", body="Opening.")
    french = client.get("/fr/search/", {"q": '"agents de santé"', "type": "discussions"})
    assert titles(french) == ["Agents de santé payés"]
    english = client.get("/en/search/", {"q": '"mobile money"', "type": "discussions"})
    assert titles(english) == ["Mobile-money wallets for nurses"]
    reply = make_reply(topic=make_topic(room=room, title="Tools", body="Opening."),
                       body="In Kisumu the county health workers were paid late.")  # fmt: skip
    response = client.get("/en/search/", {"q": '"health workers" kisumu'})
    html = response.content.decode()
    assert reply.get_absolute_url() in html
    assert "<mark>health</mark> <mark>workers</mark>" in html


def test_two_very_long_words_side_by_side_save_and_are_found(client):
    """Long "words" make lexemes near PostgreSQL's limit (2,047 bytes): the vectors'
    trigger must never refuse the row a hostile member writes."""
    room = RoomFactory(slug="long")
    body = f"{'a' * 1500} {'b' * 1500} zanzibar"
    reply = make_reply(topic=make_topic(room=room, title="Long", body="Opening."), body=body)
    assert Post.objects.filter(pk=reply.pk).exists()
    assert titles(client.get("/en/search/", {"q": "zanzibar"})) == ["Long"]


def test_a_search_leaves_the_planner_settings_as_it_found_them(client):
    """The candidates query turns sequential scans off for itself only, even when the
    search runs inside a caller's transaction (as every test does)."""
    from django.db import connection

    make_topic(room=RoomFactory(slug="plans"), title="Zanzibar", body="Opening.")
    assert titles(client.get("/en/search/", {"q": "zanzibar"})) == ["Zanzibar"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
