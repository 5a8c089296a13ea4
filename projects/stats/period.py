"""The period the programme's figures are about: whole calendar years, in local time."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

# The longest period the dashboard may ask for.
MAX_SPAN_YEARS = 20


@dataclass(frozen=True)
class Period:
    """Whole calendar years, from `first_year` to `last_year` included, in local time."""

    first_year: int
    last_year: int

    def __post_init__(self) -> None:
        if self.last_year < self.first_year:
            raise ValueError("A period ends after it starts.")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(year, year)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def is_single_year(self) -> bool:
        return self.first_year == self.last_year

    @property
    def start_date(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def end_date(self) -> date:
        """The first day after the period."""
        return date(self.last_year + 1, 1, 1)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start_date, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end_date, time.min))

    @property
    def param(self) -> str:
        """How the project list's period filters write it: `2016` or `2015-2017`."""
        if self.is_single_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    @property
    def label(self) -> str:
        if self.is_single_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"
