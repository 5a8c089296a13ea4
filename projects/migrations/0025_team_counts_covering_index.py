"""A covering index for the manager's team view (projects/views/workspace.py, `_held_counts`
and `_overdue_step_counts`): the open projects per person and stage, with what the counts read
(finance officer, date of the stage, company), read from the index alone instead of the
projects' wide rows (250,000 at national scale, their descriptions with them). PostgreSQL only
(INCLUDE); SQLite reads its table.
"""

from django.db import migrations

NAME = "project_team_counts_idx"


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def create_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "projects_project" ("stage", "officer_id") '
            'INCLUDE ("finance_officer_id", "stage_changed_at", "company_id", "id")'
        )


def drop_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("projects", "0024_financing_source_trigram_index")]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
