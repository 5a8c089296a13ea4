"""The companies' and contacts' folded search text (`search_text`), kept true by the database.

`Company.search_text` is `pmi_fold(name + city)`, `Contact.search_text` is `pmi_fold("first
last" + email)`, one line each (pmi_aqt/search): what their `search` compares, through one
trigram index each. Folding once per write rather than once per row read: a search finding
thousands of rows (a common name, a city) used to unaccent every one of them, to count them
and again to choose a page (companies/models.py `search`).

As the projects' columns (projects/search_columns.py): PostgreSQL computes the column BEFORE the
row is written; SQLite, with an UPDATE of the new row AFTER it. SQLite drops a table's triggers
when a migration rebuilds it, so they are installed again after every `migrate` (apps.py).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

# Table -> the folded text's expression over the new row's columns ("NEW." prefixed), written
# once for both databases: `||` and pmi_fold exist on both, and char(10) is a new line.
_FOLDED = {
    "companies_company": "NEW.name || char(10) || NEW.city",
    "companies_contact": "NEW.first_name || ' ' || NEW.last_name || char(10) || NEW.email",
}
_WATCHED = {
    "companies_company": "name, city, search_text",
    "companies_contact": "first_name, last_name, email, search_text",
}


def _postgresql(table: str) -> str:
    expression = _FOLDED[table].replace("char(10)", "E'\\n'")
    return f"""
CREATE OR REPLACE FUNCTION pmi_{table}_search_text() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := pmi_fold({expression});
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS {table}_search_text ON {table};
CREATE TRIGGER {table}_search_text
    BEFORE INSERT OR UPDATE OF {_WATCHED[table]} ON {table}
    FOR EACH ROW EXECUTE FUNCTION pmi_{table}_search_text();
"""


def _sqlite(table: str) -> list[str]:
    folded = _FOLDED[table]
    recompute = f"UPDATE {table} SET search_text = pmi_fold({folded}) WHERE id = NEW.id;"  # noqa: S608
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_search_text_insert
            AFTER INSERT ON {table} BEGIN {recompute} END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_search_text_update
            AFTER UPDATE OF {_WATCHED[table]} ON {table} BEGIN {recompute} END""",
    ]


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create (or replace) the triggers; harmless to run again."""
    with connection.cursor() as cursor:
        for table in _FOLDED:
            if connection.vendor == "postgresql":
                cursor.execute(_postgresql(table))
            elif connection.vendor == "sqlite":
                for statement in _sqlite(table):
                    cursor.execute(statement)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in _FOLDED:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_text ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS pmi_{table}_search_text()")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_text_insert")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_text_update")


def backfill(connection: BaseDatabaseWrapper, *, batch: int = 20_000) -> int:
    """Compute the column of every existing company and contact, `batch` ids at a time;
    writing the column fires each row's trigger, which computes it. The rows written."""
    written = 0
    with connection.cursor() as cursor:
        for table in _FOLDED:
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table}")  # noqa: S608
            first, last = cursor.fetchone()
            if first is None:
                continue
            for start in range(first, last + 1, batch):
                cursor.execute(
                    f"UPDATE {table} SET search_text = '' WHERE id >= %s AND id < %s",  # noqa: S608
                    [start, start + batch],
                )
                written += cursor.rowcount
    return written
