"""Indexes for the company list's order and the project list sorted by company; the company
search's trigram indexes rebuilt without a pending list.

- `(name, id)`: the company list's order, so a page is read from the index, not sorted.
- `(LOWER(name), id)`: the project list sorted by company walks companies in this order and
  reads each one's projects (the same expression as the sort, so the planner matches it).
- On PostgreSQL, the two trigram indexes of 0002 are rebuilt with `fastupdate = off`. A GIN
  index created on an empty table and filled afterwards (the scale data set: migrate, then
  COPY; no VACUUM since) keeps the new entries in a pending list that every search reads in
  full (467 pages for `?q=lafitte` at 100,000 companies), and its statistics still say it is
  empty, so the planner prefers a sequential scan that upper-cases every name (90-130 ms).
  Rebuilt, the same search reads 11 index pages (7 ms). Companies are created a few at a
  time: writing each one straight into the index, without a pending list, costs nothing
  noticeable and keeps searches from ever reading one.
"""

from django.db import migrations, models
from django.db.models.functions import Lower

TRIGRAM_INDEXES = {
    "company_name_trgm_idx": 'UPPER("name"::text)',
    "company_city_trgm_idx": 'UPPER("city"::text)',
}


def _on_postgresql(schema_editor) -> bool:
    # As in 0002: the tests' conftest replays RunPython operations without an editor.
    return schema_editor is not None and schema_editor.connection.vendor == "postgresql"


def _rebuild_trigram_indexes(schema_editor, fastupdate: str) -> None:
    if not _on_postgresql(schema_editor):
        return
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(
            f'CREATE INDEX "{name}" ON "companies_company" '
            f"USING gin (({expression}) gin_trgm_ops) WITH (fastupdate = {fastupdate})"
        )


def rebuild_without_pending_list(apps, schema_editor):
    _rebuild_trigram_indexes(schema_editor, "off")


def rebuild_as_before(apps, schema_editor):
    _rebuild_trigram_indexes(schema_editor, "on")


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_search_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["name", "id"], name="company_name_order_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(Lower("name"), models.F("id"), name="company_lower_name_idx"),
        ),
        migrations.RunPython(rebuild_without_pending_list, rebuild_as_before, elidable=False),
    ]
