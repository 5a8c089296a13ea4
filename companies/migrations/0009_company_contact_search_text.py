"""The companies' and contacts' folded search text, the triggers that keep it true on every
write (companies/search_columns.py), its value for the existing rows (in batches; the migration
is not atomic) and, on PostgreSQL, its trigram indexes. The trigram indexes on the folded
expressions the searches compared until now (migration 0007) are dropped first, so that the
rows rewritten do not unaccent their texts again for them; the phone's digits keep theirs.

After it on a server without autovacuum: `VACUUM ANALYZE companies_company, companies_contact`.
"""

import pmi_aqt.search
from django.db import migrations

from companies import search_columns

OLD_TRIGRAM_INDEXES = {
    "company_name_fold_trgm_idx": ("companies_company", 'pmi_fold("name")'),
    "company_city_fold_trgm_idx": ("companies_company", 'pmi_fold("city")'),
    "contact_name_fold_trgm_idx": (
        "companies_contact",
        """pmi_fold(("first_name" || ' ' || "last_name"))""",
    ),
    "contact_email_fold_trgm_idx": ("companies_contact", 'pmi_fold("email")'),
}
NEW_TRIGRAM_INDEXES = {
    "company_search_text_trgm_idx": "companies_company",
    "contact_search_text_trgm_idx": "companies_contact",
}


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def install_triggers(apps, schema_editor):
    if schema_editor is not None:
        search_columns.install_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    if schema_editor is not None:
        search_columns.drop_triggers(schema_editor.connection)


def drop_old_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name in OLD_TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_old_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name, (table, expression) in OLD_TRIGRAM_INDEXES.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f"USING gin (({expression}) gin_trgm_ops) WITH (fastupdate = off)"
            )


def backfill(apps, schema_editor):
    if schema_editor is not None:
        search_columns.backfill(schema_editor.connection)


def create_new_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name, table in NEW_TRIGRAM_INDEXES.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                'USING gin ("search_text" gin_trgm_ops) WITH (fastupdate = off)'
            )
            schema_editor.execute(f"ANALYZE {table}")


def drop_new_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name in NEW_TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('companies', '0008_overdue_steps_covering_index'),
        ('search', '0001_fold_functions'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='search_text',
            field=pmi_aqt.search.DerivedTextField(blank=True, db_default='', default='', editable=False, verbose_name='texte recherché'),
        ),
        migrations.AddField(
            model_name='contact',
            name='search_text',
            field=pmi_aqt.search.DerivedTextField(blank=True, db_default='', default='', editable=False, verbose_name='texte recherché'),
        ),
        migrations.RunPython(install_triggers, drop_triggers, elidable=False),
        migrations.RunPython(drop_old_indexes, create_old_indexes, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_new_indexes, drop_new_indexes, elidable=False),
    ]
