"""French company identifiers: SIRET (Luhn key), SIREN, NAF/APE codes, Aquitaine postcodes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.fr import siren, siret

NAF_PATTERN = re.compile(r"^([0-9]{2})\.?([0-9]{2})([A-Z])$")

# The five départements of Aquitaine the programme covers.
DEPARTMENTS = {
    "24": "Dordogne",
    "33": "Gironde",
    "40": "Landes",
    "47": "Lot-et-Garonne",
    "64": "Pyrénées-Atlantiques",
}


def normalize_siret(value: str) -> str:
    """Drop the spaces, dots and dashes people type between the digit groups."""
    return re.sub(r"[\s.\-\u00a0]", "", value or "")


def luhn_is_valid(digits: str) -> bool:
    return luhn.is_valid(digits)


def validate_siret(value: str) -> None:
    """python-stdnum's SIRET check: 14 digits, the Luhn key of the SIREN and of the SIRET
    (and La Poste's own rule for its establishments)."""
    if not re.fullmatch(r"[0-9]{14}", value or ""):
        raise ValidationError(
            _("Le SIRET compte exactement 14 chiffres (vous en avez saisi %(count)s)."),
            code="siret_length",
            params={"count": len(re.sub(r"\D", "", value or ""))},
        )
    if not siret.is_valid(value):
        raise ValidationError(
            _(
                "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
                "Vérifiez les 14 chiffres."
            ),
            code="siret_key",
        )


def normalize_naf(value: str) -> str:
    """'2562b' or '25.62B' become '25.62B'; anything else is returned as typed."""
    cleaned = (value or "").strip().upper().replace(" ", "")
    match = NAF_PATTERN.match(cleaned)
    if not match:
        return cleaned
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}"


# What people type when they look for a NAF group, class or sub-class: "25.6", "2562", "25.62b".
NAF_PREFIX = re.compile(r"^([0-9]{2})\.?([0-9])([0-9]?)([A-Z]?)$")


def naf_code_prefix(value: str) -> str:
    """The start of the NAF codes a search for `value` means ('25.62B', '25.62', '25.6'), or ''
    when it is not one (a letter needs the class's four digits)."""
    match = NAF_PREFIX.match((value or "").strip().upper().replace(" ", ""))
    if not match or (match.group(4) and not match.group(3)):
        return ""
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}{match.group(4)}"


def validate_naf(value: str) -> None:
    if not re.fullmatch(r"[0-9]{2}\.[0-9]{2}[A-Z]", value or ""):
        raise ValidationError(
            _("Le code NAF/APE s'écrit 4 chiffres et une lettre, par exemple 25.62B."),
            code="naf_format",
        )


def department_for_postcode(postcode: str) -> str | None:
    """The Aquitaine département of a postcode, or None outside the programme's territory."""
    if not re.fullmatch(r"[0-9]{5}", postcode or ""):
        return None
    prefix = postcode[:2]
    return prefix if prefix in DEPARTMENTS else None


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"[0-9]{5}", value or ""):
        raise ValidationError(_("Le code postal compte 5 chiffres."), code="postcode_format")


def validate_siren(value: str) -> None:
    """python-stdnum's SIREN check: 9 digits and their Luhn key."""
    if not re.fullmatch(r"[0-9]{9}", value or ""):
        raise ValidationError(_("Le SIREN compte exactement 9 chiffres."), code="siren_length")
    if not siren.is_valid(value):
        raise ValidationError(
            _(
                "Ce SIREN n'est pas valide : sa clé de contrôle ne correspond pas. "
                "Vérifiez les 9 chiffres."
            ),
            code="siren_key",
        )
