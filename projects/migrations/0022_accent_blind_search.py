"""Trigram indexes for the accent- and case-blind searches of projects and of the directory
(projects/filters.py): the folded title and description of projects (`pmi_fold`,
pmi_aqt/search) — the project search reads the ids matching each through its index and the
companies' through theirs (companies 0007), then unites them — and the folded name,
description, competences or keywords of organisations and schemes. PostgreSQL only, built without a pending list as the other
trigram indexes; SQLite (tests, development) scans its table.
"""

from django.db import migrations

TRIGRAM_INDEXES = {
    "project_title_fold_trgm_idx": ("projects_project", 'pmi_fold("title")'),
    "project_description_fold_trgm_idx": ("projects_project", 'pmi_fold("description")'),
    # The directory: thousands of schemes at scale, three long texts each.
    "organisation_name_fold_trgm_idx": ("projects_partnerorganisation", 'pmi_fold("name")'),
    "organisation_description_fold_trgm_idx": (
        "projects_partnerorganisation",
        'pmi_fold("description")',
    ),
    "organisation_competences_fold_trgm_idx": (
        "projects_partnerorganisation",
        'pmi_fold("competences")',
    ),
    "scheme_name_fold_trgm_idx": ("projects_supportscheme", 'pmi_fold("name")'),
    "scheme_description_fold_trgm_idx": ("projects_supportscheme", 'pmi_fold("description")'),
    "scheme_keywords_fold_trgm_idx": ("projects_supportscheme", 'pmi_fold("keywords")'),
}


def _on_postgresql(schema_editor) -> bool:
    # The tests' conftest replays RunPython operations as data migrations, without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def create_indexes(apps, schema_editor):
    if not _on_postgresql(schema_editor):
        return
    for name, (table, expression) in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin (({expression}) gin_trgm_ops) WITH (fastupdate = off)"
        )


def drop_indexes(apps, schema_editor):
    if _on_postgresql(schema_editor):
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0021_follow_up_jobs_in_full_time_equivalents"),
        ("search", "0001_fold_functions"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
