"""The technical admin's search of emails (pmi_aqt/mailing/admin.py): on PostgreSQL, trigram
indexes on the folded recipient and subject (`pmi_fold(column)`, pmi_aqt/search), built
without a pending list as the other trigram indexes are. The key is found by its unique index.
The table is analysed at once (autovacuum may be off, and would come later anyway). SQLite
(tests, development) scans its table."""

from django.db import migrations

TRIGRAM_INDEXES = {
    "email_to_fold_trgm_idx": """pmi_fold("to")""",
    "email_subject_fold_trgm_idx": """pmi_fold("subject")""",
}
TABLE = "mailing_outboundemail"


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def create_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" '
            f"USING gin (({expression}) gin_trgm_ops) WITH (fastupdate = off)"
        )
    # An expression index has no statistics until the table is analysed: without them the
    # planner guessed 40 emails for a word found in 150,000 subjects and sorted them all.
    schema_editor.execute(f'ANALYZE "{TABLE}"')


def drop_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("mailing", "0012_outbound_email_attachments"),
        ("search", "0001_fold_functions"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
