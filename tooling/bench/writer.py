"""Fast inserts for the generator: PostgreSQL COPY in chunks, executemany elsewhere.

Rows are tuples in the order of the field names given; every value is written as is (ids,
`auto_now_add` dates included), so the generator decides everything and the ORM's defaults
never run. Sequences are put back after the explicit ids.
"""

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models

CHUNK_ROWS = 50_000


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


class TableWriter:
    """Buffers rows for one model and writes them every CHUNK_ROWS rows (and on `close`)."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.columns = [field.column for field in self.fields]
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def extend(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.rows:
            return
        if is_postgresql():
            self._copy()
        else:
            self._executemany()
        self.count += len(self.rows)
        self.rows = []

    def close(self) -> int:
        self.flush()
        return self.count

    def _copy(self) -> None:
        buffer = io.StringIO()
        for row in self.rows:
            buffer.write("\t".join(_copy_text(value) for value in row))
            buffer.write("\n")
        buffer.seek(0)
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            # psycopg2's cursor under Django's wrapper.
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)

    def _executemany(self) -> None:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        prepared = [
            tuple(
                field.get_db_prep_save(value, connection)
                for field, value in zip(self.fields, row, strict=True)
            )
            for row in self.rows
        ]
        with connection.cursor() as cursor:
            # Table and column names come from the models, never from input.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, prepared)


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
