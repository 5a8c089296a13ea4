"""A trigram index on the projects' titles, for the project search (projects/filters.py).

`title__icontains` becomes `UPPER(title::text) LIKE UPPER('%…%')` on PostgreSQL: the indexed
expression is the same, so the planner can use it. The search reads the matching titles through
it and the matching companies through theirs (companies 0002), then puts the two sets of ids
together; with an OR across the join it read all 250,000 projects. Built without a pending list,
as the companies' (companies 0003). SQLite (tests, development) keeps its table scan.
"""

from django.db import migrations

INDEX = "project_title_trgm_idx"


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def create_index(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "projects_project" '
        'USING gin ((UPPER("title"::text)) gin_trgm_ops) WITH (fastupdate = off)'
    )


def drop_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0005_open_step_owner_indexes"),
        ("projects", "0019_remove_project_decision_outcome"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
