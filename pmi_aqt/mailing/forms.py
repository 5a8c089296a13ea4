"""The programme manager's version of an email: validation and layout only."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .kinds import EmailKind
from .texts import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, placeholders_in


class EmailTextForm(forms.Form):
    subject = forms.CharField(
        label=_("Objet"),
        max_length=SUBJECT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )
    body = forms.CharField(
        label=_("Texte du message"),
        max_length=BODY_MAX_LENGTH,
        # Keep the manager's indentation and blank lines as typed.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        help_text=_(
            "Texte simple : une ligne vide sépare deux paragraphes, les adresses web deviennent "
            "des liens. Les variables entre accolades, comme {prenom}, sont remplacées à l'envoi."
        ),
    )

    def __init__(self, *args, spec: EmailKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.helper = FormHelper()
        # The template writes the <form> tag, the CSRF token and the buttons.
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _check_placeholders(self, text: str, *, in_subject: bool) -> None:
        allowed = self.spec.allowed(in_subject=in_subject)
        allowed_names = {p.name for p in allowed}
        unknown = [name for name in placeholders_in(text) if name not in allowed_names]
        if not unknown:
            return
        blocks = [name for name in unknown if name in self.spec.by_name]
        if blocks:
            raise ValidationError(
                _(
                    "La variable %(names)s tient sur plusieurs lignes : utilisez-la dans le texte, "
                    "pas dans l'objet."
                ),
                params={"names": ", ".join("{" + name + "}" for name in blocks)},
                code="block_in_subject",
            )
        raise ValidationError(
            _(
                "Variable inconnue : %(unknown)s. "
                "Variables possibles pour cet e-mail : %(allowed)s."
            ),
            params={
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "allowed": ", ".join(p.token for p in allowed),
            },
            code="unknown_placeholder",
        )

    def clean_subject(self) -> str:
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise ValidationError(_("Ce champ est obligatoire."), code="required")
        self._check_placeholders(subject, in_subject=True)
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        if not body.strip():
            raise ValidationError(_("Ce champ est obligatoire."), code="required")
        self._check_placeholders(body, in_subject=False)
        return body
