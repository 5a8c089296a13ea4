"""The project's derived columns (`Project.search_text`, `Project.company_sort_name`), kept
true by the database itself.

`search_text` is `pmi_fold(title + description + company's name)`, one line each (pmi_aqt/search:
what every search compares); `company_sort_name` is `lower(company's name)`, the list's sort by
company (the same `lower` as before, so the same order). Triggers write them, so that every
way a project or a company's name is written keeps them true: the models' saves, QuerySet
updates, the admin, imports, the erasure of a name (which rewrites texts with UPDATEs), the
scale generator's COPY. A project's columns are recomputed when its title, description or
company changes (or when anyone writes the columns themselves); a company's rename rewrites its
projects' `company_sort_name`, which recomputes both.

PostgreSQL computes them BEFORE the row is written; SQLite, which has no such triggers, with an
UPDATE of the new row AFTER it (`pmi_fold` is the Python function each connection registers).
SQLite drops a table's triggers when a migration rebuilds the table, so they are installed
again after every `migrate` (apps.py; "IF NOT EXISTS").
"""

from django.db.backends.base.base import BaseDatabaseWrapper

POSTGRESQL = r"""
CREATE OR REPLACE FUNCTION pmi_project_search_columns() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    company_name text := COALESCE(
        (SELECT name FROM companies_company WHERE id = NEW.company_id), '');
BEGIN
    NEW.search_text := pmi_fold(NEW.title || E'\n' || NEW.description || E'\n' || company_name);
    NEW.company_sort_name := lower(company_name);
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS project_search_columns ON projects_project;
CREATE TRIGGER project_search_columns
    BEFORE INSERT OR UPDATE OF title, description, company_id, search_text, company_sort_name
    ON projects_project
    FOR EACH ROW EXECUTE FUNCTION pmi_project_search_columns();

CREATE OR REPLACE FUNCTION pmi_company_name_to_projects() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- Each project's own trigger then recomputes its columns from the new name.
    UPDATE projects_project SET company_sort_name = lower(NEW.name) WHERE company_id = NEW.id;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS company_name_to_projects ON companies_company;
CREATE TRIGGER company_name_to_projects
    AFTER UPDATE OF name ON companies_company
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION pmi_company_name_to_projects();
"""

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS company_name_to_projects ON companies_company;
DROP FUNCTION IF EXISTS pmi_company_name_to_projects();
DROP TRIGGER IF EXISTS project_search_columns ON projects_project;
DROP FUNCTION IF EXISTS pmi_project_search_columns();
"""

_SQLITE_RECOMPUTE = """
    UPDATE projects_project SET
        search_text = pmi_fold(
            NEW.title || char(10) || NEW.description || char(10)
            || COALESCE((SELECT name FROM companies_company WHERE id = NEW.company_id), '')
        ),
        company_sort_name = lower(
            COALESCE((SELECT name FROM companies_company WHERE id = NEW.company_id), '')
        )
    WHERE id = NEW.id;
"""

# One statement each (SQLite's driver runs one at a time). A trigger does not fire itself
# again (SQLite's recursive triggers are off), but the company's fires the project's.
SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS project_search_columns_insert
        AFTER INSERT ON projects_project
        BEGIN {_SQLITE_RECOMPUTE} END""",
    f"""CREATE TRIGGER IF NOT EXISTS project_search_columns_update
        AFTER UPDATE OF title, description, company_id, search_text, company_sort_name
        ON projects_project
        BEGIN {_SQLITE_RECOMPUTE} END""",
    """CREATE TRIGGER IF NOT EXISTS company_name_to_projects
        AFTER UPDATE OF name ON companies_company
        WHEN OLD.name IS NOT NEW.name
        BEGIN
            UPDATE projects_project SET company_sort_name = lower(NEW.name)
            WHERE company_id = NEW.id;
        END""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS company_name_to_projects",
    "DROP TRIGGER IF EXISTS project_search_columns_update",
    "DROP TRIGGER IF EXISTS project_search_columns_insert",
]


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create (or replace) the triggers; harmless to run again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL)
        elif connection.vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_DROP)
        elif connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)


def backfill(connection: BaseDatabaseWrapper, *, batch: int = 10_000) -> int:
    """Compute the columns of every existing project, `batch` ids at a time (each its own
    transaction when the caller is not in one); the number of projects written. Writing the
    sort name as it will be fires each row's trigger, which computes both."""
    written = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id) FROM projects_project")
        first, last = cursor.fetchone()
        if first is None:
            return 0
        for start in range(first, last + 1, batch):
            cursor.execute(
                "UPDATE projects_project SET company_sort_name = '' WHERE id >= %s AND id < %s",
                [start, start + batch],
            )
            written += cursor.rowcount
    return written
