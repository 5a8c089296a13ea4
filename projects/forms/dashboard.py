"""The dashboard's choice of period, the yearly report's year and the yearly target form."""

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import YearlyTarget
from ..models.targets import FIRST_YEAR, LAST_YEAR
from ..stats.period import MAX_SPAN_YEARS, Period

YEAR_ERRORS = {
    "invalid": _("Saisissez une année, par exemple 2016."),
    "min_value": _("Choisissez une année à partir de 2000."),
    "max_value": _("Choisissez une année jusqu'à 2100."),
}


class YearField(forms.IntegerField):
    """A year in ASCII digits: int() would also take other scripts' digits."""

    def to_python(self, value):
        if isinstance(value, str) and not value.strip().isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def year_field(label) -> forms.IntegerField:
    return YearField(
        label=label,
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReportYearForm(forms.Form):
    """`?annee=2026`: the year of the activity report, this year by default."""

    annee = year_field(_("Année"))

    def period(self, today: date) -> Period:
        """The period asked for, or this year when nothing or nothing valid was asked."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("annee"):
            return Period.year(self.cleaned_data["annee"])
        return Period.year(today.year)


class PeriodForm(ReportYearForm):
    """`?annee=2015&fin=2017`: one year, or a range of whole years."""

    fin = year_field(_("Jusqu'à l'année (facultatif)"))

    def clean(self) -> dict:
        cleaned_data = super().clean()
        first, last = cleaned_data.get("annee"), cleaned_data.get("fin")
        if last is not None and first is None:
            self.add_error("annee", _("Indiquez aussi la première année de la période."))
        elif first is not None and last is not None:
            if last < first:
                self.add_error("fin", _("La dernière année doit suivre la première."))
            elif last - first + 1 > MAX_SPAN_YEARS:
                self.add_error(
                    "fin",
                    _("Choisissez une période de %(max)s ans au plus.") % {"max": MAX_SPAN_YEARS},
                )
        return cleaned_data

    def period(self, today: date) -> Period:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("annee"):
            first = self.cleaned_data["annee"]
            return Period(first, self.cleaned_data.get("fin") or first)
        return Period.year(today.year)


class YearlyTargetForm(forms.ModelForm):
    class Meta:
        model = YearlyTarget
        fields = ["year", "companies_target"]
        labels = {
            "year": _("Année"),
            "companies_target": _("Nombre d'entreprises à accompagner"),
        }
        help_texts = {
            "companies_target": _(
                "Entreprises dont au moins un projet entre en accompagnement dans l'année."
            ),
        }
        error_messages = {
            "year": {
                "required": _("Indiquez l'année."),
                "invalid": _("Saisissez une année, par exemple 2018."),
                "min_value": _("Choisissez une année à partir de 2000."),
                "max_value": _("Choisissez une année jusqu'à 2100."),
            },
            "companies_target": {
                "required": _("Indiquez le nombre d'entreprises visé."),
                "invalid": _("Saisissez un nombre entier, par exemple 20."),
                "min_value": _("L'objectif doit être d'au moins une entreprise."),
                "max_value": _("Cet objectif est trop grand (10 000 au plus)."),
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A target belongs to its year: to change the year, set another year's target.
            self.fields["year"].disabled = True
        for name in ("year", "companies_target"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div(Field("year"), css_class="col-sm-4"),
                Div(Field("companies_target"), css_class="col-sm-8"),
                css_class="row",
            )
        )

    def validate_constraints(self) -> None:
        # The fields' own messages already say what the check constraints check.
        if not self.errors:
            super().validate_constraints()
