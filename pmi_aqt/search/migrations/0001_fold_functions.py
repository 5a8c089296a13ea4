"""The SQL functions of accent-blind search on PostgreSQL (SQLite gets them per connection,
pmi_aqt/search/apps.py).

`unaccent()` is only STABLE (its dictionary could change), so it cannot appear in an index
expression; `pmi_fold` wraps it, with the dictionary named, in an IMMUTABLE function — the
usual way, safe as long as nobody edits the unaccent rules (rebuild the indexes if so).
"""

from django.db import migrations

CREATE = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION pmi_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
CREATE OR REPLACE FUNCTION pmi_digits(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace($1, '[^0-9]', '', 'g') $$;
"""
DROP = """
DROP FUNCTION IF EXISTS pmi_digits(text);
DROP FUNCTION IF EXISTS pmi_fold(text);
"""


def create_functions(apps, schema_editor):
    if schema_editor is not None and schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_functions(apps, schema_editor):
    if schema_editor is not None and schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.RunPython(create_functions, drop_functions, elidable=False),
    ]
