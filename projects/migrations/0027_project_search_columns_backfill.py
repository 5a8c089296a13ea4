"""Compute the derived columns of the existing projects, 10,000 at a time, each batch its own
transaction (the migration is not atomic: at 250,000 projects no lock is held for the whole),
then build their indexes on the filled columns: the sort by company's B-trees (one per
direction) and, on PostgreSQL, the search's trigram index (without a pending list, as the
other trigram indexes). The folded title's and description's trigram indexes, which nothing
reads any more, are dropped first, so that the rows rewritten do not update them (the UPPER
title's stays: the agenda's dossier search uses it).

After it on a server without autovacuum, `VACUUM ANALYZE projects_project`: every row was
rewritten, and index-only scans need the visibility map.
"""

from django.db import migrations, models

from projects import search_columns

OLD_TRIGRAM_INDEXES = {
    "project_title_fold_trgm_idx": 'pmi_fold("title")',
    "project_description_fold_trgm_idx": 'pmi_fold("description")',
}


def backfill(apps, schema_editor):
    if schema_editor is not None:
        search_columns.backfill(schema_editor.connection)


def _on_postgresql(schema_editor) -> bool:
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def drop_old_trigram_indexes(apps, schema_editor):
    # First: every row the backfill rewrites would otherwise unaccent its title and
    # description again for these two indexes.
    if _on_postgresql(schema_editor):
        for name in OLD_TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_old_trigram_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name, expression in OLD_TRIGRAM_INDEXES.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "projects_project" '
                f"USING gin (({expression}) gin_trgm_ops) WITH (fastupdate = off)"
            )


def create_trigram_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "project_search_text_trgm_idx" ON "projects_project" '
            'USING gin ("search_text" gin_trgm_ops) WITH (fastupdate = off)'
        )
        schema_editor.execute("ANALYZE projects_project")


def drop_trigram_index(apps, schema_editor):
    if _on_postgresql(schema_editor):
        schema_editor.execute('DROP INDEX IF EXISTS "project_search_text_trgm_idx"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('projects', '0026_project_search_columns'),
    ]

    operations = [
        migrations.RunPython(
            drop_old_trigram_indexes, create_old_trigram_indexes, elidable=False
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['company_sort_name', 'company', '-created_at', '-id'], name='project_company_order_idx'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['-company_sort_name', '-company', '-created_at', '-id'], name='project_company_desc_order_idx'),
        ),
    ]
