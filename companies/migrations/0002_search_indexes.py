"""Indexes for the searches that read whole tables at scale.

- the open next steps of exchanges (a partial index, on every database);
- on PostgreSQL only, trigram indexes for the company search, whose `name__icontains` and
  `city__icontains` become `UPPER(col::text) LIKE UPPER('%…%')`: the indexed expressions are
  the same, so the planner can use them. SQLite (tests, development) keeps its table scan.
"""

from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "company_name_trgm_idx": 'UPPER("name"::text)',
    "company_city_trgm_idx": 'UPPER("city"::text)',
}


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor:
    # there is nothing to seed here, the indexes come with the schema.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def create_trigram_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "companies_company" '
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="interaction",
            index=models.Index(
                condition=models.Q(
                    ("next_step_done_at__isnull", True),
                    models.Q(("next_step", ""), _negated=True),
                ),
                fields=["next_step_due"],
                name="interaction_open_step_due_idx",
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
