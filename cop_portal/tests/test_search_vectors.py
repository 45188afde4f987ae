"""The stored search vectors follow every write path (save, update(), bulk_create, tags, a
renamed organisation), in both configurations, French with unaccent, stemming and elision.
PostgreSQL only: the triggers do not exist on SQLite."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from discussions.models import Post, Topic
from discussions.tests.factories import make_reply, make_topic
from events.models import Event
from events.tests.factories import EventFactory
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory
from members.models import Member
from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _finds(model, pk, words: str, column: str = "search_en") -> bool:
    config = "english" if column == "search_en" else "cop_french"
    query = SearchQuery(words, search_type="websearch", config=config)
    return model.objects.filter(pk=pk, **{column: query}).exists()


def _weights(model, pk, column: str) -> str:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}::text FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_new_topic_is_found_by_its_title_and_its_tags_weighted_a_and_b():
    topic = make_topic(title="Paying vaccinators by mobile money", tags=["payroll"])
    assert _finds(Topic, topic.pk, "vaccinator")
    assert _finds(Topic, topic.pk, "payroll")
    vector = _weights(Topic, topic.pk, "search_en")
    assert "'vaccin':2A" in vector
    assert "'payrol':6B" in vector


def test_an_edited_post_is_found_by_its_new_words_only():
    topic = make_topic()
    reply = make_reply(topic=topic, body="We pay by bank transfer.")
    Post.objects.filter(pk=reply.pk).update(body="We pay through an aggregator.")
    assert _finds(Post, reply.pk, "aggregator")
    assert not _finds(Post, reply.pk, "bank")


def test_bulk_created_posts_get_vectors():
    topic = make_topic()
    opening = topic.posts.get()
    posts = Post.objects.bulk_create(
        [
            Post(topic=topic, parent=opening, depth=1, path=f"{n:05d}", body=f"Sandbox {n}")
            for n in range(1, 4)
        ]
    )
    assert all(_finds(Post, post.pk, "sandbox") for post in posts)


def test_changing_tags_recomputes_the_vector():
    item = EvidenceItemFactory(tags=["sandbox"])
    assert _finds(EvidenceItem, item.pk, "sandbox")
    item.tags.set(["interoperability"])
    assert not _finds(EvidenceItem, item.pk, "sandbox")
    assert _finds(EvidenceItem, item.pk, "interoperability")


def test_a_counter_update_leaves_the_vector_alone_and_a_title_update_changes_it():
    topic = make_topic(title="Per diem rates")
    Topic.objects.filter(pk=topic.pk).update(reply_count=5)
    assert _finds(Topic, topic.pk, "diem")
    Topic.objects.filter(pk=topic.pk).update(title="Travel allowances")
    assert _finds(Topic, topic.pk, "allowance")
    assert not _finds(Topic, topic.pk, "diem")


def test_french_fields_use_unaccent_stemming_and_elision():
    item = EvidenceItemFactory(
        title_fr="La fédération des mutuelles", summary_fr="Les paiements et l’assurance maladie"
    )
    assert _finds(EvidenceItem, item.pk, "federation", "search_fr")
    assert _finds(EvidenceItem, item.pk, "paiement", "search_fr")
    assert _finds(EvidenceItem, item.pk, "assurance", "search_fr")
    assert _finds(EvidenceItem, item.pk, "l'assurance", "search_fr")
    # English fields stay in the English vector.
    assert not _finds(EvidenceItem, item.pk, "federation", "search_en")


def test_event_vectors_follow_a_save():
    event = EventFactory(title_en="Implementers call on claims", title_fr="Appel sur les demandes")
    assert _finds(Event, event.pk, "claim")
    event.title_en = "Implementers call on payroll"
    event.save()
    assert _finds(Event, event.pk, "payroll")
    assert not _finds(Event, event.pk, "claim")


def test_a_member_is_found_by_name_organisation_bio_and_interests():
    organisation = OrganisationFactory(name="Mobile Health Federation")
    person = MemberFactory(
        display_name="Ngozi Okafor", organisation=organisation, bio="I study per diem."
    )
    person.interests.set(["immunisation"])
    for words in ("Okafor", "federation", "diem", "immunisation"):
        assert _finds(Member, person.pk, words), words


def test_renaming_an_organisation_recomputes_its_members():
    organisation = OrganisationFactory(name="Old Name Trust")
    person = MemberFactory(organisation=organisation)
    organisation.name_en = "Sunrise Payments"
    organisation.save()
    assert _finds(Member, person.pk, "sunrise")
    assert not _finds(Member, person.pk, "trust")


def test_a_topic_is_found_by_its_opening_post_until_a_moderator_hides_it():
    topic = make_topic(title="Tools", body="We compared aggregators.")
    assert _finds(Topic, topic.pk, "aggregator")
    Post.objects.filter(topic=topic, depth=0).update(hidden=True)
    assert not _finds(Topic, topic.pk, "aggregator")
