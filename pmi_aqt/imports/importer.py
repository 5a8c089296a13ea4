"""What an app gives the import machinery: an `Importer` that says what a row means.

An importer turns the file's rows (each a line number and the text of the fields its columns
fill) into a `Plan` — what would be written, the counts, the errors per line — without writing
anything, then writes a plan that has no error. The flow calls `plan` for the preview and again
inside the confirming transaction, so what is written is checked against the database as it is
at that moment.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .mapping import ImportField

# How many rows the preview shows as they will be written, and how many errors it lists.
SAMPLE_ROWS = 20
ERRORS_SHOWN = 200


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def has(self, key: str) -> bool:
        return key in self.values


@dataclass
class PlannedRow:
    line: int
    action: str
    cells: list[str]


@dataclass
class Plan:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    # Further counts shown on the preview and kept in the record ("12 contacts ajoutés").
    extra_counts: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    sample: list[PlannedRow] = field(default_factory=list)
    error_lines: set[int] = field(default_factory=set)
    # What the importer needs to write it.
    payload: Any = None

    def add_error(self, line: int, message: str) -> None:
        self.errors.append((line, message))
        self.error_lines.add(line)

    def add_sample(self, line: int, action, cells: Sequence) -> None:
        if len(self.sample) < SAMPLE_ROWS:
            self.sample.append(PlannedRow(line, str(action), [str(c or "") for c in cells]))

    @property
    def sample_full(self) -> bool:
        return len(self.sample) >= SAMPLE_ROWS

    @property
    def error_count(self) -> int:
        return len(self.error_lines)

    def error_messages(self, limit: int = ERRORS_SHOWN) -> list[str]:
        return [
            _("ligne %(line)s : %(message)s") % {"line": line, "message": message}
            for line, message in sorted(self.errors, key=lambda error: error[0])[:limit]
        ]


def records_of(run) -> list[Record]:
    """An `ImportRun`'s rows as the fields its columns fill."""
    columns = [(int(index), key) for index, key in run.mapping.items()]
    records = []
    for line, *cells in run.rows:
        width = len(cells)
        records.append(
            Record(
                line=line,
                values={key: cells[index] if index < width else "" for index, key in columns},
            )
        )
    return records


class Importer:
    """One kind of import. Subclasses set the class attributes and write `plan` and `write`."""

    kind: str = ""
    title: str = ""
    fields: Sequence[ImportField] = ()
    # Headers of the preview's sample table (after the line and the action).
    preview_columns: Sequence[str] = ()
    # Choices shown beside the mapping (duplicates skipped or merged…), or None.
    options_form: type[forms.Form] | None = None
    # Counts' labels on the preview and in the history.
    created_label: str = ""
    updated_label: str = ""
    skipped_label: str = ""

    def plan(self, records: list[Record], options: dict) -> Plan:
        raise NotImplementedError

    def write(self, plan: Plan, *, by) -> None:
        raise NotImplementedError

    def describe_options(self, options: dict) -> str:
        return ""


def field_errors(error: ValidationError, labels: dict[str, str]) -> list[str]:
    """A model's `full_clean` errors as "label : message" lines, in French."""
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    lines = []
    for name, errors in error.message_dict.items():
        label = labels.get(name, name)
        lines.extend(
            f"{label} : {message}" if name != "__all__" else str(message) for message in errors
        )
    return lines
