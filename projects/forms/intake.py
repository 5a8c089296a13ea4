"""The public intake form: validation and layout only (the writes live in services.py)."""

import re
import unicodedata
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.models import HeadcountBand
from companies.validators import (
    DEPARTMENTS,
    department_for_postcode,
    normalize_siret,
    validate_postcode,
    validate_siret,
)
from pmi_aqt.forms import BoundedModelMultipleChoiceField

from ..models import InterventionAxis, Timing

# A field name bots love to fill; people never see it (see the `honeypot` CSS class).
HONEYPOT_FIELD = "website"

# Shorter names for the error summary where the label is a question or holds a link.
SUMMARY_LABELS = {
    "timing": _("Démarrage souhaité"),
    "data_consent": _("Données personnelles"),
}

PHONE_ALLOWED = re.compile(r"^\+?[0-9 .\-()]+$")


class AxisChoiceField(BoundedModelMultipleChoiceField):
    """Checkboxes of axes (bounded ids, see BoundedModelMultipleChoiceField)."""


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: where to jump and what went wrong."""

    anchor: str
    label: str
    message: str


class IntakeForm(forms.Form):
    """What a company tells the programme about itself and its project, without an account."""

    # --- The company
    siret = forms.CharField(
        label=_("Numéro SIRET"),
        max_length=30,
        help_text=_(
            "14 chiffres, tels qu'ils figurent sur votre extrait Kbis ; "
            "vous pouvez laisser les espaces."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    company_name = forms.CharField(
        label=_("Raison sociale"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    address = forms.CharField(
        label=_("Adresse"),
        max_length=255,
        help_text=_("Numéro et voie de l'établissement."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label=_("Commune"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    headcount_band = forms.ChoiceField(
        label=_("Effectif"),
        choices=[("", _("Choisissez une tranche d'effectif")), *HeadcountBand.choices],
    )

    # --- The contact person
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    job_title = forms.CharField(
        label=_("Fonction"),
        max_length=120,
        required=False,
        help_text=_(
            "Par exemple : dirigeant·e, responsable innovation, directeur·rice industriel·le."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("Nous vous y envoyons la confirmation de votre demande."),
        error_messages={
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@entreprise.fr.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        help_text=_("Un·e chargé·e de mission vous appelle à ce numéro."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    # --- The project
    title = forms.CharField(
        label=_("Titre du projet"),
        max_length=200,
        help_text=_("En quelques mots, par exemple : « Robotiser la ligne de soudure »."),
    )
    description = forms.CharField(
        label=_("Description du projet"),
        max_length=5000,
        help_text=_(
            "Ce que vous voulez faire, pourquoi, et où vous en êtes (5 000 caractères au plus)."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    axes = AxisChoiceField(
        label=_("Axes d'intervention concernés"),
        queryset=InterventionAxis.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez au moins un axe ; un projet en touche souvent plusieurs."),
        error_messages={
            "required": _("Cochez au moins un axe d'intervention."),
            "invalid_choice": _("Cet axe d'intervention n'existe pas (« %(value)s »)."),
            "invalid_pk_value": _("Cet axe d'intervention n'existe pas (« %(pk)s »)."),
        },
    )
    timing = forms.ChoiceField(
        label=_("Quand souhaitez-vous démarrer ?"),
        choices=Timing.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez quand vous souhaitez démarrer.")},
    )

    # --- Consents (the label of the first one gets its link in __init__)
    data_consent = forms.BooleanField(
        error_messages={
            "required": _(
                "Nous ne pouvons pas traiter votre demande sans votre accord sur l'utilisation "
                "de vos données."
            )
        },
    )
    contact_consent = forms.BooleanField(
        label=_(
            "J'accepte d'être recontacté·e par le programme au-delà de cette demande "
            "(événements, nouveaux dispositifs)."
        ),
        required=False,
    )

    # --- Spam trap: off screen and out of the tab order, so only robots fill it.
    website = forms.CharField(
        label=_("Laissez ce champ vide (il sert à repérer les robots)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_consent"].label = format_html(
            gettext(
                "J'accepte que ces informations soient utilisées pour instruire et suivre ma "
                'demande, comme l\'explique la page <a href="{url}">Données personnelles</a>.'
            ),
            url=reverse("privacy"),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                gettext("Votre entreprise"),
                Field("siret"),
                Field("company_name"),
                Field("address"),
                Div(
                    Div(Field("postcode"), css_class="col-sm-4"),
                    Div(Field("city"), css_class="col-sm-8"),
                    css_class="row",
                ),
                Field("headcount_band"),
                css_class="mb-4",
            ),
            Fieldset(
                gettext("La personne à contacter"),
                Div(
                    Div(Field("first_name"), css_class="col-sm-6"),
                    Div(Field("last_name"), css_class="col-sm-6"),
                    css_class="row",
                ),
                Field("job_title"),
                Field("email"),
                Field("phone"),
                css_class="mb-4",
            ),
            Fieldset(
                gettext("Votre projet"),
                Field("title"),
                Field("description"),
                Field("axes"),
                Field("timing"),
                css_class="mb-4",
            ),
            Fieldset(
                gettext("Vos données"),
                Field("data_consent"),
                Field("contact_consent"),
                css_class="mb-4",
            ),
            Div(Field(HONEYPOT_FIELD), css_class="honeypot", aria_hidden="true"),
        )

    @property
    def caught_in_honeypot(self) -> bool:
        """True when the hidden field was filled: a robot, whatever else it sent."""
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def clean_siret(self) -> str:
        # NFKC turns full-width digits into 0-9; other scripts' digits are refused here, since
        # the shared validators' \d would let them through.
        siret = normalize_siret(unicodedata.normalize("NFKC", self.cleaned_data["siret"]))
        if not siret.isascii():
            raise forms.ValidationError(
                _("Le SIRET ne s'écrit qu'avec les chiffres de 0 à 9."), code="siret_digits"
            )
        validate_siret(siret)
        return siret

    def clean_postcode(self) -> str:
        postcode = "".join(unicodedata.normalize("NFKC", self.cleaned_data["postcode"]).split())
        if not postcode.isascii():
            raise forms.ValidationError(
                _("Le code postal compte 5 chiffres."), code="postcode_format"
            )
        validate_postcode(postcode)
        if department_for_postcode(postcode) is None:
            names = ", ".join(f"{name} ({code})" for code, name in sorted(DEPARTMENTS.items()))
            raise forms.ValidationError(
                _(
                    "Ce code postal n'est pas en Aquitaine : le programme accompagne les "
                    "entreprises de ces départements : %(departments)s."
                ),
                code="postcode_outside_aquitaine",
                params={"departments": names},
            )
        return postcode

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = re.sub(r"[^0-9]", "", phone)
        if not PHONE_ALLOWED.match(phone) or not 9 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Indiquez un numéro de téléphone valide, par exemple 05 56 00 00 00."),
                code="phone_format",
            )
        return phone

    def error_links(self) -> list[ErrorLink]:
        """The errors in page order, each pointing at its field, for the summary at the top."""
        links = [ErrorLink("formulaire-demande", "", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.id_for_label
            label = SUMMARY_LABELS.get(name, field.label)
            links.extend(ErrorLink(anchor, str(label), str(error)) for error in bound.errors)
        return links

    def submission(self) -> dict:
        """The cleaned values, named as intake_submit() expects them."""
        data = self.cleaned_data
        return {
            "siret": data["siret"],
            "company_name": data["company_name"],
            "address": data["address"],
            "postcode": data["postcode"],
            "city": data["city"],
            "headcount_band": data["headcount_band"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "job_title": data["job_title"],
            "email": data["email"],
            "phone": data["phone"],
            "title": data["title"],
            "description": data["description"],
            "axes": list(data["axes"]),
            "timing": data["timing"],
            "data_consent": data["data_consent"],
            "contact_consent": data["contact_consent"],
        }


class IntakeDraftForm(IntakeForm):
    """The same form, saved half-filled: only the email is required, since the link to finish
    goes there; otherwise only what keeps the data safe is checked (lengths, NUL bytes, the
    email's format, choices that exist). The full checks run when the request is sent."""

    # The one field a draft cannot do without: the link to finish it goes there.
    REQUIRED_FOR_DRAFT = frozenset({"email"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = _(
            "Indiquez votre adresse e-mail : nous y envoyons le lien pour reprendre votre demande."
        )

    def full_clean(self):
        # Relax "required" only while validating, so the page shown again still marks the
        # fields the request will need.
        relaxed = [
            field
            for name, field in self.fields.items()
            if field.required and name not in self.REQUIRED_FOR_DRAFT
        ]
        for field in relaxed:
            field.required = False
        try:
            super().full_clean()
        finally:
            for field in relaxed:
                field.required = True

    # The format checks wait for the real submission; what was typed is kept as typed.
    def clean_siret(self) -> str:
        return self.cleaned_data["siret"]

    def clean_postcode(self) -> str:
        return self.cleaned_data["postcode"]

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"]

    def draft_data(self) -> dict:
        """The values to keep, as JSON: strings, the axes' ids, the two consents."""
        data = self.cleaned_data
        values = {name: data[name] for name in DRAFT_TEXT_FIELDS if data.get(name)}
        values["axes"] = [str(axis.pk) for axis in data.get("axes") or []]
        values["data_consent"] = bool(data.get("data_consent"))
        values["contact_consent"] = bool(data.get("contact_consent"))
        return values


# The text and choice fields a draft keeps, as typed (the email is its own column too).
DRAFT_TEXT_FIELDS = (
    "siret",
    "company_name",
    "address",
    "postcode",
    "city",
    "headcount_band",
    "first_name",
    "last_name",
    "job_title",
    "email",
    "phone",
    "title",
    "description",
    "timing",
)


def intake_initial(draft_data: dict) -> dict:
    """A draft's saved values as the form's initial data, ignoring anything unexpected."""
    initial = {name: draft_data[name] for name in DRAFT_TEXT_FIELDS if name in draft_data}
    initial = {name: value for name, value in initial.items() if isinstance(value, str)}
    axes = draft_data.get("axes")
    if isinstance(axes, list):
        initial["axes"] = [pk for pk in axes if isinstance(pk, str)]
    for name in ("data_consent", "contact_consent"):
        if draft_data.get(name) is True:
            initial[name] = True
    return initial
