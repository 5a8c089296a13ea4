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
    """Money asked and obtained, and what share of the budget each covers (None: no budget).

    Refused lines do not count in the total asked: they no longer finance anything.
    """

    total_asked: Decimal
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
    return FinancingTotals(
        total_asked=asked,
        total_obtained=obtained,
        budget=project.budget,
        asked_share=_percent(asked, project.budget),
        obtained_share=_percent(obtained, project.budget),
    )
