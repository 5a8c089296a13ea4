"""Which column of a file fills which field: the automatic guess from the headers, and the form
where people check or correct it."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class ImportField:
    """A field a column may fill. `aliases`: other headers people write for it (compared
    ignoring case, accents and punctuation)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""


def normalise_header(text: str) -> str:
    """'N° SIRET ' → 'n siret', 'Téléphone' → 'telephone', 'E-mail' → 'e mail'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def guess_mapping(headers: Sequence[str], fields: Sequence[ImportField]) -> dict[str, str]:
    """Column index (as text) → field key, for the columns whose header names a field.

    First the headers equal to a field's label or one of its aliases, then those containing
    one as whole words ("SIRET de l'établissement"), longer names first; each field is given
    to one column at most.
    """
    names = sorted(
        (
            (normalise_header(name), field.key)
            for field in fields
            for name in (field.label, field.key, *field.aliases)
        ),
        key=lambda pair: -len(pair[0]),
    )
    normalised = [normalise_header(header) for header in headers]
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for index, header in enumerate(normalised):
            if str(index) in mapping or not header:
                continue
            for name, key in names:
                if key in taken or not name:
                    continue
                if header == name if exact else f" {name} " in f" {header} ":
                    mapping[str(index)] = key
                    taken.add(key)
                    break
    return mapping


IGNORE = ""


class MappingForm(forms.Form):
    """One select per column of the file: the field it fills, or "ignorée"."""

    def __init__(
        self,
        *args,
        headers: Sequence[str],
        samples: Sequence[Sequence[str]],
        fields: Sequence[ImportField],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.import_fields = fields
        choices = [(IGNORE, _("— Ne pas importer cette colonne —"))] + [
            (field.key, f"{field.label} *" if field.required else field.label) for field in fields
        ]
        for index, header in enumerate(headers):
            examples = [row[index] for row in samples if index < len(row) and row[index]][:3]
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Colonne %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                # Help texts are shown as HTML: the file's cells are escaped.
                help_text=(
                    _("Exemples : %(values)s") % {"values": escape(" · ".join(examples))}
                    if examples
                    else _("Colonne vide sur les premières lignes.")
                ),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        labels = {field.key: field.label for field in self.import_fields}
        for name, value in list(cleaned.items()):
            if not name.startswith("column_") or value == IGNORE:
                continue
            if value in chosen:
                self.add_error(
                    name,
                    _("« %(field)s » est déjà rempli par la colonne « %(column)s ».")
                    % {"field": labels[value], "column": self.fields[chosen[value]].label},
                )
            else:
                chosen[value] = name
        missing = [
            str(field.label)
            for field in self.import_fields
            if field.required and field.key not in chosen
        ]
        if missing:
            raise forms.ValidationError(
                _("Choisissez la colonne de : %(fields)s.") % {"fields": ", ".join(missing)}
            )
        return cleaned

    def mapping(self) -> dict[str, str]:
        """Column index (as text) → field key, for the columns to import."""
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value != IGNORE
        }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.xlsx,.txt,text/csv"}
        ),
    )
