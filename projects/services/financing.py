"""The financing plan: its totals against the project's budget (who may change it:
projects/permissions.py)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..models import FinancingLine, Project


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FinancingTotals:
    """Money asked, granted by the task force and obtained, and what share of the budget the
    amounts asked and obtained cover (None: no budget).

    Refused lines do not count in the total asked: they no longer finance anything.
    """

    total_asked: Decimal
    total_granted: Decimal | None  # None: the task force granted nothing line by line
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
    obtained = sum((line.amount_obtained or Decimal("0") for line in lines), Decimal("0"))
    granted = [line.amount_granted for line in lines if line.amount_granted is not None]
    return FinancingTotals(
        total_asked=asked,
        total_granted=sum(granted, Decimal("0")) if granted else None,
        total_obtained=obtained,
        budget=project.budget,
        asked_share=_percent(asked, project.budget),
        obtained_share=_percent(obtained, project.budget),
    )
