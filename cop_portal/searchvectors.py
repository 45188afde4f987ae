"""Stored full-text vectors, kept current by PostgreSQL triggers (the search page's seam).

Each searchable table carries two `tsvector` columns: `search_en`, built with the `english`
configuration, and `search_fr`, built with `cop_french` (French stemming after `unaccent`,
so "federation" finds "fédération"; PostgreSQL's parser splits "l’assurance" at the
apostrophe and drops the elided article as a stop word). Translated content feeds each
column from its own language's fields; text in no known language (posts, bios) feeds both.
Weights: title A, tags B, body C.

Why triggers rather than updates in the services: every write path keeps the vectors
current without knowing about them: `save()`, the admin, `QuerySet.update()`,
`bulk_create()` / `bulk_update()`, raw SQL and the benches' `INSERT … SELECT`. A vector is
computed in the same statement as the row it describes, so it can never be stale or
forgotten. Tags (taggit's rows) and a member's organisation live in other tables: a trigger
on those tables touches the owning row, which recomputes its vectors.

The SQL is generated here once and run by each app's migration (`create_vectors`); on
SQLite (quick start, quick tests) every operation does nothing and the search page uses its
`icontains` path. This module imports no app."""

# ruff: noqa: S608 -- the SQL is built from this module's constants and the apps' migrations, never from input.

from dataclasses import dataclass, field

from django.db import migrations

FRENCH = "cop_french"
ENGLISH = "english"

CONFIGURATION_SQL = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{FRENCH}') THEN
    CREATE TEXT SEARCH CONFIGURATION {FRENCH} (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION {FRENCH}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create_configuration(apps, schema_editor):
    if _postgres(schema_editor):
        schema_editor.execute(CONFIGURATION_SQL)


def drop_configuration(apps, schema_editor):
    if _postgres(schema_editor):
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {FRENCH}")


@dataclass(frozen=True)
class Vectors:
    """How one table's vectors are built: SQL expressions over the row (`NEW.column`).

    `columns` are the row's columns the expressions read: updating any other column
    (a reply counter, a flag) leaves the vectors alone. `title`, `tags` and `body` give
    {config: [expressions]}; `tags_of` names the taggit
    model (app_label, model) whose tags feed weight B; `related` lists (table, column)
    pairs whose change must recompute rows of this table that point at them through
    `column` (a member's organisation); `children` lists (table, column, watched, when)
    for rows that point at this table through `column` and feed its vectors (a topic's
    opening post, `when` being the trigger's WHEN condition on NEW)."""

    table: str
    columns: list[str]
    title: dict[str, list[str]]
    body: dict[str, list[str]]
    tags_of: tuple[str, str] | None = None
    related: list[tuple[str, str, list[str]]] = field(default_factory=list)
    children: list[tuple[str, str, list[str], str]] = field(default_factory=list)

    @property
    def function(self) -> str:
        return f"{self.table}_search_vectors"

    def tags_sql(self) -> str:
        if self.tags_of is None:
            return "''"
        app_label, model = self.tags_of
        return (
            "(SELECT string_agg(t.name, ' ') FROM taggit_taggeditem i "
            "JOIN taggit_tag t ON t.id = i.tag_id WHERE i.object_id = NEW.id "
            "AND i.content_type_id = (SELECT id FROM django_content_type "
            f"WHERE app_label = '{app_label}' AND model = '{model}'))"
        )

    def vector_sql(self, config: str) -> str:
        parts = []
        for weight, expressions in (
            ("A", self.title[config]),
            ("B", [self.tags_sql()] if self.tags_of else []),
            ("C", self.body[config]),
        ):
            if expressions:
                text = " || ' ' || ".join(f"coalesce({e}, '')" for e in expressions)
                parts.append(f"setweight(to_tsvector('{config}', {text}), '{weight}')")
        return " || ".join(parts)

    def create_sql(self) -> list[str]:
        statements = [
            f"""CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger AS $$
BEGIN
  NEW.search_en := {self.vector_sql(ENGLISH)};
  NEW.search_fr := {self.vector_sql(FRENCH)};
  RETURN NEW;
END $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {self.function} ON {self.table}",
            f"CREATE TRIGGER {self.function} BEFORE INSERT OR UPDATE OF "
            f"{', '.join(['id', *self.columns])} ON {self.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {self.function}()",
        ]
        if self.tags_of:
            app_label, model = self.tags_of
            touch = f"{self.table}_search_tags"
            statements += [
                f"""CREATE OR REPLACE FUNCTION {touch}() RETURNS trigger AS $$
DECLARE
  changed taggit_taggeditem;
BEGIN
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  IF changed.content_type_id = (SELECT id FROM django_content_type
      WHERE app_label = '{app_label}' AND model = '{model}') THEN
    UPDATE {self.table} SET id = id WHERE id = changed.object_id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
                f"DROP TRIGGER IF EXISTS {touch} ON taggit_taggeditem",
                f"CREATE TRIGGER {touch} AFTER INSERT OR UPDATE OR DELETE ON taggit_taggeditem "
                f"FOR EACH ROW EXECUTE FUNCTION {touch}()",
            ]
        for related_table, column, watched in self.related:
            touch = f"{self.table}_search_{related_table}"
            changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in watched)
            statements += [
                f"""CREATE OR REPLACE FUNCTION {touch}() RETURNS trigger AS $$
BEGIN
  IF {changed} THEN
    UPDATE {self.table} SET id = id WHERE {column} = NEW.id;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
                f"DROP TRIGGER IF EXISTS {touch} ON {related_table}",
                f"CREATE TRIGGER {touch} AFTER UPDATE ON {related_table} "
                f"FOR EACH ROW EXECUTE FUNCTION {touch}()",
            ]
        for child_table, column, watched, when in self.children:
            touch = f"{self.table}_search_{child_table}"
            statements += [
                f"""CREATE OR REPLACE FUNCTION {touch}() RETURNS trigger AS $$
BEGIN
  UPDATE {self.table} SET id = id WHERE id = NEW.{column};
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
                f"DROP TRIGGER IF EXISTS {touch} ON {child_table}",
                f"CREATE TRIGGER {touch} AFTER INSERT OR UPDATE OF {', '.join(watched)} "
                f"ON {child_table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {touch}()",
            ]
        return statements

    def drop_sql(self) -> list[str]:
        statements = [f"DROP TRIGGER IF EXISTS {self.function} ON {self.table}"]
        if self.tags_of:
            statements.append(
                f"DROP TRIGGER IF EXISTS {self.table}_search_tags ON taggit_taggeditem"
            )
        for related_table, *_rest in (*self.related, *self.children):
            statements.append(
                f"DROP TRIGGER IF EXISTS {self.table}_search_{related_table} ON {related_table}"
            )
        return statements

    def index_sql(self) -> list[str]:
        # GIN indexes serve `@@`; fastupdate off so a bulk load leaves no pending list that
        # every search would scan until the next vacuum.
        return [
            f"CREATE INDEX IF NOT EXISTS {self.table}_{column}_gin ON {self.table} "
            f"USING gin ({column}) WITH (fastupdate = off)"
            for column in ("search_en", "search_fr")
        ]


def create_vectors(*vectors: Vectors, trigram: dict[str, list[str]] | None = None):
    """A migration operation: triggers, a backfill of existing rows, GIN indexes, and
    trigram indexes on titles (the "did you mean" fallback) for {table: [columns]}."""

    def forwards(apps, schema_editor):
        if not _postgres(schema_editor):
            return
        for vector in vectors:
            for statement in vector.create_sql():
                schema_editor.execute(statement)
            schema_editor.execute(f"UPDATE {vector.table} SET id = id")
            for statement in vector.index_sql():
                schema_editor.execute(statement)
        for table, columns in (trigram or {}).items():
            for column in columns:
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} "
                    f"USING gin ({column} gin_trgm_ops) WITH (fastupdate = off)"
                )

    def backwards(apps, schema_editor):
        if not _postgres(schema_editor):
            return
        for vector in vectors:
            for statement in vector.drop_sql():
                schema_editor.execute(statement)
            for column in ("search_en", "search_fr"):
                schema_editor.execute(f"DROP INDEX IF EXISTS {vector.table}_{column}_gin")
        for table, columns in (trigram or {}).items():
            for column in columns:
                schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")

    return migrations.RunPython(forwards, backwards, elidable=False)
