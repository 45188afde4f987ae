"""Members' profiles get stored search vectors: name (A), interests (B), organisation and
bio (C); a renamed organisation recomputes its members'. See cop_portal/searchvectors.py."""

import django.contrib.postgres.search
from django.db import migrations

from cop_portal.searchvectors import ENGLISH, FRENCH, Vectors, create_vectors

_ORGANISATION = "(SELECT {} FROM members_organisation o WHERE o.id = NEW.organisation_id)"
MEMBER = Vectors(
    table="members_member",
    columns=["display_name", "organisation_id", "bio"],
    title={ENGLISH: ["NEW.display_name"], FRENCH: ["NEW.display_name"]},
    body={
        ENGLISH: [_ORGANISATION.format("coalesce(nullif(o.name_en, ''), o.name)"), "NEW.bio"],
        FRENCH: [
            _ORGANISATION.format("coalesce(nullif(o.name_fr, ''), nullif(o.name_en, ''), o.name)"),
            "NEW.bio",
        ],
    },
    tags_of=("members", "member"),
    related=[("members_organisation", "organisation_id", ["name", "name_en", "name_fr"])],
)


class Migration(migrations.Migration):

    dependencies = [
        ('cop_portal', '0002_search_configuration'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('members', '0009_member_name_trigram_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='member',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='member',
            name='search_fr',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        create_vectors(MEMBER),
    ]
