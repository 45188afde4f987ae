"""Evidence items get stored search vectors: the English fields with the English
configuration, the French ones with the French. See cop_portal/searchvectors.py."""

import django.contrib.postgres.search
from django.db import migrations

from cop_portal.searchvectors import ENGLISH, FRENCH, Vectors, create_vectors

ITEM = Vectors(
    table="evidence_evidenceitem",
    columns=[
        *(f"{name}_{lang}" for name in ("title", "summary", "key_findings", "what_worked",
                                        "what_did_not") for lang in ("en", "fr")),
        "authors", "publisher_name",
    ],  # fmt: skip
    title={ENGLISH: ["NEW.title_en"], FRENCH: ["NEW.title_fr"]},
    body={
        config: [
            *(f"NEW.{name}_{lang}" for name in ("summary", "key_findings", "what_worked",
                                                "what_did_not")),
            "NEW.authors",
            "NEW.publisher_name",
        ]
        for config, lang in ((ENGLISH, "en"), (FRENCH, "fr"))
    },  # fmt: skip
    tags_of=("evidence", "evidenceitem"),
)


class Migration(migrations.Migration):

    dependencies = [
        ('cop_portal', '0002_search_configuration'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('evidence', '0001_evidence_library'),
    ]

    operations = [
        migrations.AddField(
            model_name='evidenceitem',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='evidenceitem',
            name='search_fr',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        create_vectors(ITEM, trigram={"evidence_evidenceitem": ["title_en", "title_fr"]}),
    ]
