"""Searching text the way people type it: accents and case ignored, on every database.

`fold()` is the one definition of "the same word" (lowercase, accents removed, ligatures spelled
out). The database knows it as `pmi_fold(text)`: on PostgreSQL an IMMUTABLE SQL function over
the unaccent extension (migration 0001), so trigram indexes can be built on `pmi_fold(column)`;
on SQLite the Python function below, registered on each connection (apps.py). `pmi_digits(text)`
keeps the digits of a phone number, so "05 56 12 34 56" and "0556123456" are the same.

Queries ask with `folded_contains(expression, text)`: `pmi_fold(column) LIKE '%' ||
pmi_fold(text) || '%'`, the typed text folded by the same function as the column. A large
table keeps its folded text in a column of its own (`DerivedTextField`, written by the
database), compared as it is with `stored_folded_contains(column, text)`: `unaccent` then runs
once per write instead of once per row read.
"""

import re
import unicodedata

from django.db.models import CharField, F, Func, Lookup, TextField

# A text search needs three characters to be served by a trigram index; below that, the lists
# still search (a table scan) but the global search asks for more.
MIN_LENGTH = 3
_LIKE_SPECIAL = re.compile(r"([\\%_])")
# Unicode's blocks of combining marks (accents) left over by the NFKD decomposition.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase, without accents, ligatures spelled out (œ → oe, ß → ss), as PostgreSQL's
    unaccent does."""
    text = text.lower()
    if text.isascii():  # most words: nothing to remove (the matching folds every text it reads)
        return text
    text = text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def digits(text: str) -> str:
    return "".join(char for char in text if char.isascii() and char.isdigit())


class Folded(Func):
    """`pmi_fold(expression)`: the expression as `fold()` writes it."""

    function = "pmi_fold"
    output_field = CharField()


class Digits(Func):
    """`pmi_digits(expression)`: the digits of the expression."""

    function = "pmi_digits"
    output_field = CharField()


class Joined(Func):
    """Text fields joined by a space ("first last"), for a search across them; written with
    `||` (immutable on PostgreSQL, unlike CONCAT) so that an index can hold it."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = CharField()


class FoldedContains(Lookup):
    """True when `pmi_fold(text)` occurs in `lhs` (an already folded expression). A lookup,
    so that the condition goes into WHERE as it is (not compared with TRUE)."""

    lookup_name = "folded_contains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        # The wildcards typed are searched as characters; folding leaves them as they are.
        pattern = _LIKE_SPECIAL.sub(r"\\\1", self.rhs)
        return (
            f"{sql} LIKE ('%%' || pmi_fold(%s) || '%%') ESCAPE '\\'",
            (*params, pattern),
        )


def folded_contains(field_or_expression, text: str) -> FoldedContains:
    """A filter condition: the field, accents and case ignored, contains the text."""
    expression = (
        Folded(F(field_or_expression))
        if isinstance(field_or_expression, str)
        else Folded(field_or_expression)
    )
    return FoldedContains(expression, text)


def stored_folded_contains(field: str, text: str) -> FoldedContains:
    """A filter condition on a column that already holds folded text (a DerivedTextField)."""
    return FoldedContains(F(field), text)


class DerivedTextField(TextField):
    """Text the database computes from other columns (a trigger), to search or sort by: the
    application never writes it and no form shows it. The history of changes, a person's data
    export and the erasure of a name pass over it (the trigger rewrites it from the texts
    they change)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        # Rows written outside the ORM (the scale generator's COPY) get it from the database.
        kwargs.setdefault("db_default", "")
        super().__init__(*args, **kwargs)


def digits_contain(field: str, text: str) -> FoldedContains | None:
    """A filter condition on a phone number: its digits contain the typed digits (spaces,
    dots and dashes ignored); None when the text is not a phone number's digits."""
    typed = digits(text)
    if len(typed) < MIN_LENGTH or re.search(r"[^0-9 .+()\-]", text):
        return None
    return FoldedContains(Digits(F(field)), typed)


def reinstall_sqlite_triggers(*, table: str, install: str):
    """A post_migrate handler for an app whose table keeps stored search text by triggers:
    SQLite drops a table's triggers when a migration rebuilds it (to alter a column), so they
    are installed again after every `migrate`, once the table has its `search_text` column.
    `install` is the dotted path of the app's `install_triggers(connection)`."""

    def reinstall(sender, using, **kwargs) -> None:
        from django.db import connections
        from django.utils.module_loading import import_string

        connection = connections[using]
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, table)
        if "search_text" in {column.name for column in columns}:  # migrated that far
            import_string(install)(connection)

    return reinstall
