"""Accent- and case-blind search of companies and contacts (companies/models.py `search`).

- the contacts list's order (last name, first name, id);
- a B-tree on the NAF code (and on PostgreSQL its LIKE index), for "25.62…" and the codes a
  NAF label search finds;
- on PostgreSQL, trigram indexes on the folded expressions the searches compare
  (`pmi_fold(column)`, pmi_aqt/search): the company's name and city, the contact's
  "first last" name and email, and the digits of the phone. Built without a pending list, as
  the other trigram indexes (companies 0003). SQLite (tests, development) scans its tables.
"""

from django.db import migrations, models

import companies.validators

TRIGRAM_INDEXES = {
    "company_name_fold_trgm_idx": ("companies_company", """pmi_fold("name")"""),
    "company_city_fold_trgm_idx": ("companies_company", """pmi_fold("city")"""),
    "contact_name_fold_trgm_idx": (
        "companies_contact",
        """pmi_fold(("first_name" || ' ' || "last_name"))""",
    ),
    "contact_email_fold_trgm_idx": ("companies_contact", """pmi_fold("email")"""),
    "contact_phone_digits_trgm_idx": ("companies_contact", """pmi_digits("phone")"""),
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
        ("companies", "0006_company_prospecting_status"),
        ("search", "0001_fold_functions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="company",
            name="naf_code",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Par exemple 25.62B.",
                max_length=6,
                validators=[companies.validators.validate_naf],
                verbose_name="code NAF/APE",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["last_name", "first_name", "id"], name="contact_name_order_idx"
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
