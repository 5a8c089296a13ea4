"""The directory's text search.

- on PostgreSQL only: the unaccent extension, a `french_unaccent` text search configuration
  (French stems, accents ignored) and a GIN index on the schemes' search vectors; SQLite skips
  them (the ranking reads the portable terms below on both databases);
- the terms of the schemes already in the directory (projects/matching/index.py keeps them
  afterwards), and on PostgreSQL their search vectors.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE_SEARCH = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
CREATE INDEX IF NOT EXISTS scheme_search_vector_idx
    ON projects_supportscheme USING gin (search_vector);
"""
DROP_SEARCH = """
DROP INDEX IF EXISTS scheme_search_vector_idx;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""
# The same weights as projects.matching.index.search_vector().
FILL_VECTORS = """
UPDATE projects_supportscheme AS s SET search_vector =
    setweight(to_tsvector('french_unaccent', coalesce(s.name, '')), 'A')
    || setweight(to_tsvector('french_unaccent', coalesce(s.keywords, '') || ' '
                                                || coalesce(s.trades, '')), 'A')
    || setweight(to_tsvector('french_unaccent', coalesce(s.description, '')), 'B')
    || setweight(to_tsvector('french_unaccent', coalesce(o.competences, '')), 'C')
FROM projects_partnerorganisation AS o
WHERE o.id = s.organisation_id;
"""


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SEARCH)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH)


def index_existing_schemes(apps, schema_editor):
    from projects.matching.index import build_terms

    SupportScheme = apps.get_model("projects", "SupportScheme")
    SchemeTerm = apps.get_model("projects", "SchemeTerm")
    rows = SupportScheme.objects.values_list(
        "pk",
        "name",
        "kind",
        "keywords",
        "trades",
        "description",
        "organisation__name",
        "organisation__competences",
    )
    terms = []
    for pk, name, kind, keywords, trades, description, organisation, competences in rows:
        built = build_terms(
            name=name,
            kind=kind,
            keywords=keywords,
            trades=trades,
            description=description,
            organisation=organisation,
            competences=competences,
        )
        terms.extend(SchemeTerm(scheme_id=pk, term=t, weight=w) for t, w in built.items())
    SchemeTerm.objects.bulk_create(terms, batch_size=2000)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_VECTORS)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0017_scheme_eligibility_calls_terms_dismissals"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_search, drop_search, elidable=False),
        migrations.RunPython(index_existing_schemes, migrations.RunPython.noop),
    ]
