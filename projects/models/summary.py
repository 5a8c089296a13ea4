"""The dashboard's summary: counters per year kept up to date by the writes they count.

`projects.stats.summary` fills them; the figures of a period add up a few hundred counters
instead of reading every project received in it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureCount(models.Model):
    """One counter: what a figure adds up to, for one key (a stage, an axis…), in one year."""

    year = models.PositiveSmallIntegerField(_("année"))
    figure = models.CharField(_("chiffre"), max_length=24)
    key = models.CharField(_("clé"), max_length=40, blank=True)
    # Counts and sums alike (euros, days): two decimals hold them all exactly.
    value = models.DecimalField(_("valeur"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("compteur du tableau de bord")
        verbose_name_plural = _("compteurs du tableau de bord")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "figure", "key"], name="figure_count_year_figure_key_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.figure} {self.key}: {self.value}"


class SupportedYear(models.Model):
    """A year one of a company's projects entered support: the dashboard lists the first
    companies by name supported in a period from these rows (kept with the counters)."""

    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("année"))

    class Meta:
        verbose_name = _("année d'accompagnement")
        verbose_name_plural = _("années d'accompagnement")
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="supported_year_company_uniq")
        ]
        indexes = [models.Index(fields=["year", "company"], name="supported_year_year_idx")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}"


class FigureSource(models.Model):
    """What one project or company adds to the counters now.

    Kept so that the next write to it replaces its contribution: the difference is added to the
    counters, in the transaction of the write.
    """

    class Kind(models.TextChoices):
        PROJECT = "project", _("projet")
        COMPANY = "company", _("entreprise")

    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    subject_id = models.PositiveBigIntegerField(_("identifiant"))
    # {"year|figure|key": "value"}: the values as text, to stay exact.
    counts = models.JSONField(_("contribution"), default=dict)
    # The company a project counted for (its supported years are the company's too).
    company_id = models.PositiveBigIntegerField(_("entreprise"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution au tableau de bord")
        verbose_name_plural = _("contributions au tableau de bord")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"], name="figure_source_subject_uniq"
            )
        ]
        # A company's projects, when it changes département or headcount band.
        indexes = [models.Index(fields=["company_id"], name="figure_source_company_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id}"
