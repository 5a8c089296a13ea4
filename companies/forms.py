"""Forms officers use to keep the company directory: validation and layout only."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Company, Contact, Interaction
from .validators import (
    DEPARTMENTS,
    department_for_postcode,
    normalize_naf,
    normalize_siret,
    validate_postcode,
    validate_siret,
)


def _helper() -> FormHelper:
    # The templates write the <form> tag, the CSRF token and the buttons themselves.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ConstraintErrorsOnFieldsMixin:
    """Show each database-constraint error next to the field it is about.

    Django files the error of a constraint on an expression (or with a custom message) under
    no field at all; people need it beside what they typed. `fixed_fields` are fields the view
    sets on the instance (the company of a contact) that the constraints must still take into
    account although they are not on the form.
    """

    constraint_error_fields: dict[str, str] = {}
    fixed_fields: tuple[str, ...] = ()

    def validate_constraints(self) -> None:
        model = self._meta.model
        exclude = self._get_validation_exclusions() - set(self.fixed_fields)
        for constraint in model._meta.constraints:
            field = self.constraint_error_fields.get(constraint.name)
            if field and self.has_error(field):
                continue  # The field already says what is wrong (the same SIRET, say).
            try:
                constraint.validate(model, self.instance, exclude=exclude)
            except ValidationError as error:
                self.add_error(field, error)


class CompanyForm(ConstraintErrorsOnFieldsMixin, forms.ModelForm):
    # Wider than the 14 stored digits: people paste "123 456 789 00012"; clean_siret() trims it.
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=30,
        help_text=_("14 chiffres ; les espaces sont acceptés."),
        error_messages={"unique": _("Cet établissement (même SIRET) est déjà enregistré.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    naf_code = forms.CharField(
        label=_("Code NAF/APE"),
        max_length=10,
        required=False,
        help_text=_("Par exemple 25.62B."),
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        help_text=_("Le département en est déduit."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    constraint_error_fields = {"company_unique_siren": "siret"}

    class Meta:
        model = Company
        fields = [
            "name",
            "siret",
            "naf_code",
            "headcount_band",
            "turnover_band",
            "address",
            "postcode",
            "city",
            "website",
            "federation_member",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_siret(self) -> str:
        siret = normalize_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_naf_code(self) -> str:
        return normalize_naf(self.cleaned_data["naf_code"])

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"].replace(" ", "")
        validate_postcode(postcode)
        if department_for_postcode(postcode) is None:
            raise ValidationError(
                _(
                    "Ce code postal n'est pas dans l'un des cinq départements d'Aquitaine "
                    "couverts par le programme (%(departments)s)."
                ),
                code="postcode_outside_aquitaine",
                params={"departments": ", ".join(DEPARTMENTS.values())},
            )
        return postcode

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if postcode := cleaned_data.get("postcode"):
            # The département is not typed: it always follows the postcode.
            self.instance.department = department_for_postcode(postcode)
        return cleaned_data


class ContactForm(ConstraintErrorsOnFieldsMixin, forms.ModelForm):
    constraint_error_fields = {"contact_unique_email_per_company": "email"}
    fixed_fields = ("company",)

    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "contact_consent"]
        labels = {"contact_consent": _("Accepte d'être recontacté·e par le programme")}
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_email(self) -> str:
        # Addresses are compared lower-cased, as for accounts, so one person is one contact.
        return self.cleaned_data["email"].lower()


class InteractionForm(ConstraintErrorsOnFieldsMixin, forms.ModelForm):
    constraint_error_fields = {"interaction_due_date_needs_next_step": "next_step"}

    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "contact", "notes", "next_step", "next_step_due"]
        labels = {"kind": _("Type d'échange"), "occurred_on": _("Date de l'échange")}
        help_texts = {
            "contact": _("Facultatif : la personne de l'entreprise avec qui vous avez échangé."),
            "next_step_due": _("Facultatif ; demande une prochaine étape."),
        }
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "next_step_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        # Only the people of this company can take part in its exchanges.
        self.fields["contact"].queryset = Contact.objects.filter(company=self.instance.company)
        self.fields["contact"].empty_label = _("— Aucun contact en particulier —")
        # Today by default; not setdefault(): the ModelForm's initial already holds the
        # instance's empty date.
        if not self.is_bound and self.instance.occurred_on is None:
            self.initial["occurred_on"] = timezone.localdate()

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise ValidationError(
                _("Un échange se note une fois qu'il a eu lieu : la date ne peut pas être future."),
                code="occurred_in_future",
            )
        return occurred_on
