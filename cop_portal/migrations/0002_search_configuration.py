"""The search page's text configuration: `cop_french` (French stemming after `unaccent`),
with the `unaccent` and `pg_trgm` extensions. Nothing happens on SQLite."""

from django.db import migrations

from cop_portal.searchvectors import create_configuration, drop_configuration


class Migration(migrations.Migration):
    dependencies = [("cop_portal", "0001_outgoing_email")]

    operations = [
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
    ]
