"""The member directory orders names by the ICU root collation on PostgreSQL (French
pages: Aïssata before Anke). The plain (display_name, id) index cannot serve that ORDER BY
... LIMIT, so a 20,000-member directory sorted every row (about 30-80 ms per page); this
expression index serves it. SQLite has no ICU and sorts in Python: nothing to do there."""

from django.db import migrations

INDEX = "member_display_name_icu"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("members", "Member")._meta.db_table
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)} '
            '((display_name COLLATE "und-x-icu"), id)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_organisation_confirmed_and_french_name")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
