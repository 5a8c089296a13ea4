import re

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import TWO_FACTOR_ROLES, Role, SecurityPolicy
from .services import BACKUP_CODE_DIGITS, TOTP_DIGITS
from .throttling import login_is_throttled


def _helper() -> FormHelper:
    # The templates write the <form> tag, the CSRF token and the buttons themselves.
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class EmailAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Les deux champs respectent les majuscules."
        ),
        "inactive": _("Ce compte est désactivé."),
        "throttled": _(
            "Trop de tentatives de connexion ont échoué. Pour protéger les comptes, la connexion "
            "est suspendue pendant quelques minutes : réessayez plus tard, ou choisissez "
            "« Mot de passe oublié ? »."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Adresse e-mail")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.fields["password"].label = _("Mot de passe")

    def clean(self):
        # Checked before the password, and the same whether the account exists or not.
        if login_is_throttled(self.request, self.cleaned_data.get("username")):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()


class OneTimeCodeForm(forms.Form):
    """One code: six digits from the authenticator app, or (if allowed) a ten-digit backup code."""

    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    def __init__(self, *args, accept_backup_codes: bool = True, autofocus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.accept_backup_codes = accept_backup_codes
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = True
        self.helper = _helper()
        self.fields["code"].help_text = (
            _(
                "Les 6 chiffres affichés par votre application d'authentification, ou l'un de "
                "vos codes de secours (10 chiffres)."
            )
            if accept_backup_codes
            else _("Les 6 chiffres affichés par votre application d'authentification.")
        )

    def clean_code(self) -> str:
        # People copy "123 456" or "12345-67890" as displayed: keep the digits.
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        lengths = {TOTP_DIGITS, BACKUP_CODE_DIGITS} if self.accept_backup_codes else {TOTP_DIGITS}
        if not (code.isascii() and code.isdigit() and len(code) in lengths):
            raise ValidationError(
                _("Saisissez les 6 chiffres affichés par votre application, ou un code de secours.")
                if self.accept_backup_codes
                else _("Saisissez les 6 chiffres affichés par votre application."),
                code="format",
            )
        return code


def _two_factor_role_choices() -> list[tuple[str, str]]:
    # In the order of Role, the roles that read confidential dossiers.
    return [(role.value, role.label) for role in Role if role in TWO_FACTOR_ROLES]


class PersonSearchForm(forms.Form):
    """The search box of the security rules' list of people (read from the query string)."""

    q = forms.CharField(
        label=_("Rechercher une personne"),
        required=False,
        max_length=100,
        help_text=_("Nom, prénom ou adresse e-mail."),
    )

    def search(self) -> str:
        """The text searched, or "" when there is none or it is not valid (the form says why)."""
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


class SecurityPolicyForm(forms.ModelForm):
    two_factor_roles = forms.TypedMultipleChoiceField(
        label=SecurityPolicy._meta.get_field("two_factor_roles").verbose_name.capitalize(),
        help_text=SecurityPolicy._meta.get_field("two_factor_roles").help_text,
        choices=_two_factor_role_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = SecurityPolicy
        fields = ["two_factor_roles"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
