from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent: give each connection the Python `fold` and `digits` under the
    names PostgreSQL knows (deterministic, so SQLite may use them in indexes)."""
    if connection.vendor != "sqlite":
        return
    from . import digits, fold

    def null_safe(function):
        # NULL in, NULL out, as PostgreSQL's STRICT functions.
        return lambda value: None if value is None else function(value)

    connection.connection.create_function("pmi_fold", 1, null_safe(fold), deterministic=True)
    connection.connection.create_function("pmi_digits", 1, null_safe(digits), deterministic=True)


class SearchConfig(AppConfig):
    """Accent- and case-blind search: the SQL functions every app's searches use."""

    name = "pmi_aqt.search"
    label = "search"
    verbose_name = _("Recherche")

    def ready(self) -> None:
        connection_created.connect(register_sqlite_functions, dispatch_uid="pmi_search_sqlite")
