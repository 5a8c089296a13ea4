from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100


class YearlyTarget(models.Model):
    """How many companies the programme aims to support in a calendar year.

    A company counts as supported in a year when one of its projects entered "in support" that
    year (see `projects.stats.supported`).
    """

    year = models.PositiveSmallIntegerField(
        _("année"),
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        error_messages={"unique": _("Un objectif existe déjà pour cette année.")},
    )
    companies_target = models.PositiveIntegerField(
        _("entreprises à accompagner"),
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("objectif annuel")
        verbose_name_plural = _("objectifs annuels")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(companies_target__gte=1),
                name="yearly_target_positive",
                violation_error_message=_("L'objectif doit être d'au moins une entreprise."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="yearly_target_plausible_year",
                violation_error_message=_("Choisissez une année entre 2000 et 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.companies_target}"
