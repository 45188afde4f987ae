"""Events get stored search vectors: the English fields with the English configuration,
the French ones with the French. See cop_portal/searchvectors.py."""

import django.contrib.postgres.search
from django.db import migrations

from cop_portal.searchvectors import ENGLISH, FRENCH, Vectors, create_vectors

EVENT = Vectors(
    table="events_event",
    columns=[f"{name}_{lang}" for name in ("title", "background", "objectives", "place")
             for lang in ("en", "fr")],  # fmt: skip
    title={ENGLISH: ["NEW.title_en"], FRENCH: ["NEW.title_fr"]},
    body={
        config: [f"NEW.{name}_{lang}" for name in ("background", "objectives", "place")]
        for config, lang in ((ENGLISH, "en"), (FRENCH, "fr"))
    },
    tags_of=("events", "event"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('cop_portal', '0002_search_configuration'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('events', '0004_session_written_summary'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='search_fr',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        create_vectors(EVENT, trigram={"events_event": ["title_en", "title_fr"]}),
    ]
