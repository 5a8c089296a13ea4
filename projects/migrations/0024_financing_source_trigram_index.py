"""A trigram index on the financing lines' folded source (`pmi_fold`, pmi_aqt/search): the
finance officer's workspace searches it with the schemes, funders, projects and companies,
each through its own index (projects/filters.py, `matching_financing_line_ids`). PostgreSQL
only, without a pending list, as the other trigram indexes; SQLite scans its table.
"""

from django.db import migrations

NAME = "financing_source_fold_trgm_idx"


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def create_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "projects_financingline" '
            '''USING gin ((pmi_fold("source_label")) gin_trgm_ops) WITH (fastupdate = off)'''
        )


def drop_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0023_dashboard_summary_counters"),
        ("search", "0001_fold_functions"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
