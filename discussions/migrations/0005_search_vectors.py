"""Topics (title, tags) and posts (body) get stored search vectors. Their text is in no
known language, so both configurations index it. See cop_portal/searchvectors.py."""

import django.contrib.postgres.search
from django.db import migrations

from cop_portal.searchvectors import ENGLISH, FRENCH, Vectors, create_vectors

TOPIC = Vectors(
    table="discussions_topic",
    columns=["title"],
    title={ENGLISH: ["NEW.title"], FRENCH: ["NEW.title"]},
    body={ENGLISH: [], FRENCH: []},
    tags_of=("discussions", "topic"),
)
POST = Vectors(
    table="discussions_post",
    columns=["body"],
    title={ENGLISH: [], FRENCH: []},
    body={ENGLISH: ["NEW.body"], FRENCH: ["NEW.body"]},
)


class Migration(migrations.Migration):

    dependencies = [
        ('cop_portal', '0002_search_configuration'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('discussions', '0004_notification_email_in_outbox'),
    ]

    operations = [
        migrations.AddField(
            model_name='post',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='post',
            name='search_fr',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='search_fr',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        create_vectors(TOPIC, POST, trigram={"discussions_topic": ["title"]}),
    ]
