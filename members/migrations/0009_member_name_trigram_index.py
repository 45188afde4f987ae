"""Name search in the directory (`display_name ILIKE '%...%'`, which Django writes as
UPPER(display_name) LIKE UPPER('%...%')) read every member's name: no B-tree serves a
pattern with a leading wildcard. A pg_trgm GIN index on UPPER(display_name) does, for any
substring of three characters or more. PostgreSQL only: SQLite (development, quick tests)
has no pg_trgm, and both operations do nothing there. fastupdate is off: members change
rarely, and a pending list left by a bulk update (20,000 rows) made each search scan it
(6 ms instead of 0.4 ms) until the next vacuum."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "member_display_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("members", "Member")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)} "
            "USING gin ((UPPER(display_name)) gin_trgm_ops) WITH (fastupdate = off)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0008_tag_labels")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
