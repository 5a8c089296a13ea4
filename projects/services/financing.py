"""The financing plan: its totals against the project's budget, and its changes, each
recorded with who, when and what for the project's timeline (who may change it:
projects/permissions.py)."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy

from ..models import FinancingChange, FinancingLine, Project


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FinancingTotals:
    """Money asked, granted and obtained, and what share of the budget the amounts asked and
    obtained cover (None: no budget).

    Refused lines do not count in the total asked: they no longer finance anything.
    """

    total_asked: Decimal
    total_granted: Decimal
    total_obtained: Decimal
    budget: Decimal | None
    asked_share: Decimal | None
    obtained_share: Decimal | None

    @property
    def has_budget(self) -> bool:
        return bool(self.budget)


def financing_totals(project: Project, lines: list[FinancingLine]) -> FinancingTotals:
    """Totals of lines already loaded: no query, whatever the number of lines."""
    asked = sum(
        (line.amount_asked for line in lines if line.status != FinancingLine.Status.REFUSED),
        Decimal("0"),
    )
    granted = sum((line.amount_granted or Decimal("0") for line in lines), Decimal("0"))
    obtained = sum((line.amount_obtained or Decimal("0") for line in lines), Decimal("0"))
    return FinancingTotals(
        total_asked=asked,
        total_granted=granted,
        total_obtained=obtained,
        budget=project.budget,
        asked_share=_percent(asked, project.budget),
        obtained_share=_percent(obtained, project.budget),
    )


# --- Changes, recorded for the project's timeline

# What a change of the plan says, field by field, in the order the form shows them.
TRACKED_FIELDS = {
    "source": gettext_lazy("Source"),
    "kind": gettext_lazy("Nature"),
    "amount_asked": gettext_lazy("Montant demandé"),
    "amount_granted": gettext_lazy("Montant accordé"),
    "amount_obtained": gettext_lazy("Montant obtenu"),
    "status": gettext_lazy("Statut"),
    "deadline_on": gettext_lazy("Date limite de dépôt"),
    "committee_on": gettext_lazy("Date du comité"),
}


def _shown(line: FinancingLine, name: str) -> str:
    """A field of a line as the team reads it, in French: labels, amounts in euros, dates."""
    if name == "source":
        return line.source
    value = getattr(line, name)
    if value is None or value == "":
        return "—"
    if name in ("kind", "status"):
        return str(getattr(line, f"get_{name}_display")())
    if isinstance(value, Decimal):
        return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)} €"
    if isinstance(value, date):
        return formats.date_format(value, "d/m/Y")
    return str(value)


def _line_summary(line: FinancingLine) -> str:
    """A whole line in one sentence, for a line added or removed."""
    return "; ".join(
        f"{label} : {_shown(line, name)}"
        for name, label in TRACKED_FIELDS.items()
        if name != "source" and _shown(line, name) != "—"
    )


def _differences(before: FinancingLine, after: FinancingLine) -> str:
    """What changed from `before` to `after`, field by field ("" when nothing did)."""
    changes = []
    for name, label in TRACKED_FIELDS.items():
        old, new = _shown(before, name), _shown(after, name)
        if old != new:
            changes.append(f"{label} : {old} → {new}")
    return "; ".join(changes)


@transaction.atomic
def financing_line_save(*, line: FinancingLine, by) -> FinancingChange | None:
    """Save a new or changed line of a plan and record the change with its author; None
    (and nothing recorded) when a changed line is saved as it was."""
    if line._state.adding:
        line.save()
        return FinancingChange.objects.create(
            project_id=line.project_id,
            line=line,
            action=FinancingChange.Action.ADDED,
            source=line.source,
            description=_line_summary(line),
            changed_by=by,
        )
    before = (
        # Lock the line alone: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
        FinancingLine.objects.select_for_update(of=("self",))
        .select_related("scheme")
        .get(pk=line.pk, project_id=line.project_id)
    )
    line.save()
    change = line_change(before, line, by=by)
    if change is not None:
        change.save()
    return change


def line_change(before: FinancingLine, line: FinancingLine, *, by) -> FinancingChange | None:
    """The record (unsaved) of a line changed from `before`, None when nothing changed: for
    financing_line_save, and for writes of many lines at once that record them in bulk (the
    demo's amounts granted)."""
    description = _differences(before, line)
    if not description:
        return None
    return FinancingChange(
        project_id=line.project_id,
        line=line,
        action=FinancingChange.Action.CHANGED,
        source=line.source,
        description=description,
        changed_by=by,
    )


@transaction.atomic
def financing_line_remove(*, line: FinancingLine, by) -> FinancingChange:
    """Remove a line from its plan; the record of the removal says what it held."""
    change = FinancingChange.objects.create(
        project_id=line.project_id,
        action=FinancingChange.Action.REMOVED,
        source=line.source,
        description=_line_summary(line),
        changed_by=by,
    )
    line.delete()
    return change
