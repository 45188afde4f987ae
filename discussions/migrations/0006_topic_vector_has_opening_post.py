"""A topic's vectors also hold its opening post (weight C, unless hidden or deleted), and
the search page no longer lists the opening post apart from its topic: a post's insert or
edit recomputes its topic when it opens it. See cop_portal/searchvectors.py."""

from django.db import migrations

from cop_portal.searchvectors import ENGLISH, FRENCH, Vectors, create_vectors

_OPENING = (
    "(SELECT p.body FROM discussions_post p WHERE p.topic_id = NEW.id AND p.depth = 0 "
    "AND NOT p.hidden AND p.deleted_at IS NULL LIMIT 1)"
)
TOPIC = Vectors(
    table="discussions_topic",
    columns=["title"],
    title={ENGLISH: ["NEW.title"], FRENCH: ["NEW.title"]},
    body={ENGLISH: [_OPENING], FRENCH: [_OPENING]},
    tags_of=("discussions", "topic"),
    children=[("discussions_post", "topic_id", ["body", "hidden", "deleted_at"], "NEW.depth = 0")],
)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0005_search_vectors")]

    operations = [create_vectors(TOPIC)]
