"""Indexes for the project and company timelines' reads of the history (PostgreSQL only).

The timelines find their entries by the scope we store in `additional_data`
(registry.py): `additional_data -> 'project' = '5'`, newest first. Without an index on that
expression every timeline reads the whole history table, which grows with every write of the
programme's life. SQLite, the embedded demo database, compares a JSON path through an
expression Django writes with bound parameters, which no SQLite index can serve; its tables
stay small.
"""

from django.db import migrations

INDEXES = {
    "audit_entry_project_idx": "project",
    "audit_entry_company_idx": "company",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, key in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry "
            f"((additional_data -> '{key}'), timestamp DESC, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(create, drop)]
