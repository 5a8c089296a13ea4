"""The directory as a spreadsheet: exported as CSV or Excel, imported back from the same format.

One row per scheme, with its organisation's columns first; an organisation without any scheme
has a row of its own with the scheme's columns empty. Lists are written with " | " between
items, the calls for applications as "label : 01/03/2026 - 30/04/2026 (chaque année)".

Importing creates or updates by name — the organisation's, then the scheme's within it
(compared ignoring case) —, so a file exported, edited in a spreadsheet and imported back
changes what was edited. Only the columns the file has are written: a column left out keeps
what the directory holds. Each row is checked with the models' own validators, and written
through the ORM so that the directory's history records every change; the schemes' words are
indexed again for the matching afterwards.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext

from companies.models import Department, HeadcountBand
from pmi_aqt.exports import NUMBER, TEXT, ExportColumn
from pmi_aqt.imports.importer import Importer, Plan, Record, field_errors
from pmi_aqt.imports.mapping import ImportField, normalise_header

from ..matching.index import index_schemes
from ..models import (
    InterventionAxis,
    PartnerOrganisation,
    SchemeCall,
    SchemeKind,
    StudentKind,
    SupportScheme,
)

DIRECTORY = "directory"
EXPORT_PREFIX = "annuaire"  # the exported file's name: annuaire-<date>.csv
LIST_SEPARATOR = " | "
YEARLY = "chaque année"
CALL_PATTERN = re.compile(
    r"^(?:(?P<label>.*?)\s*:\s*)?(?P<opens>\d{1,2}/\d{1,2}/\d{4})\s*[-–]\s*"
    r"(?P<closes>\d{1,2}/\d{1,2}/\d{4})\s*(?P<yearly>\(\s*chaque ann[ée]e\s*\))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # "organisation" or "scheme": the row it belongs to; the model field it fills (or None for
    # the axes and calls, written apart).
    target: str
    field: str | None
    kind: str = TEXT
    width: int = 20


COLUMNS = (
    Column("organisation", _l("Organisation"), "organisation", "name", width=30),
    Column("organisation_kind", _l("Type d'organisation"), "organisation", "kind"),
    Column(
        "organisation_description",
        _l("Présentation de l'organisation"),
        "organisation",
        "description",
        width=40,
    ),
    Column("organisation_website", _l("Site de l'organisation"), "organisation", "website"),
    Column("organisation_contact", _l("Contact de l'organisation"), "organisation", "contact_name"),
    Column("organisation_email", _l("E-mail de l'organisation"), "organisation", "contact_email"),
    Column(
        "organisation_phone", _l("Téléphone de l'organisation"), "organisation", "contact_phone"
    ),
    Column("competences", _l("Compétences"), "organisation", "competences", width=40),
    Column("student_kinds", _l("Étudiants placés"), "organisation", "student_kinds"),
    Column("organisation_active", _l("Organisation active"), "organisation", "is_active", width=10),
    Column("scheme", _l("Dispositif"), "scheme", "name", width=30),
    Column("scheme_kind", _l("Nature"), "scheme", "kind"),
    Column("description", _l("Description"), "scheme", "description", width=40),
    Column("axes", _l("Axes"), "scheme", None),
    Column("headcount_bands", _l("Tailles d'entreprise"), "scheme", "headcount_bands"),
    Column("departments", _l("Départements"), "scheme", "departments"),
    Column("naf_included", _l("NAF visés"), "scheme", "naf_included"),
    Column("naf_excluded", _l("NAF exclus"), "scheme", "naf_excluded"),
    Column("trades", _l("Filières réservées"), "scheme", "trades", width=30),
    Column("keywords", _l("Mots-clés"), "scheme", "keywords", width=30),
    Column("budget_min", _l("Budget minimum (€)"), "scheme", "budget_min", NUMBER, 12),
    Column("budget_max", _l("Budget maximum (€)"), "scheme", "budget_max", NUMBER, 12),
    Column("amount_min", _l("Montant minimum (€)"), "scheme", "amount_min", NUMBER, 12),
    Column("amount_max", _l("Montant maximum (€)"), "scheme", "amount_max", NUMBER, 12),
    Column("rate_max", _l("Taux maximum (%)"), "scheme", "rate_max", NUMBER, 10),
    Column("days", _l("Jours d'intervention"), "scheme", "days", NUMBER, 10),
    Column("duration_months", _l("Durée (mois)"), "scheme", "duration_months", NUMBER, 10),
    Column("scheme_contact", _l("Contact du dispositif"), "scheme", "contact_name"),
    Column("scheme_email", _l("E-mail du dispositif"), "scheme", "contact_email"),
    Column("url", _l("Page de présentation"), "scheme", "url"),
    Column("scheme_active", _l("Dispositif actif"), "scheme", "is_active", width=10),
    Column("calls", _l("Appels à candidatures"), "scheme", None, width=40),
)
BY_KEY = {column.key: column for column in COLUMNS}
NAME_KEYS = {"organisation", "scheme"}
LIST_FIELDS = {"student_kinds", "headcount_bands", "departments", "naf_included", "naf_excluded"}


def export_columns() -> list[ExportColumn]:
    return [ExportColumn(column.header, column.kind, column.width) for column in COLUMNS]


# --- Export


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _call_text(call: SchemeCall) -> str:
    text = f"{call.opens_on:%d/%m/%Y} - {call.closes_on:%d/%m/%Y}"
    if call.label:
        text = f"{call.label} : {text}"
    if call.recurs_yearly:
        text = f"{text} ({YEARLY})"
    return text


def _cell(column: Column, entry) -> object:
    if entry is None:
        return None
    if column.key == "axes":
        return LIST_SEPARATOR.join(axis.code for axis in entry.axes.all())
    if column.key == "calls":
        return LIST_SEPARATOR.join(_call_text(call) for call in entry.calls.all())
    value = getattr(entry, column.field)
    if column.field in LIST_FIELDS:
        return LIST_SEPARATOR.join(value or [])
    if isinstance(value, bool):
        return _yes_no(value)
    if column.kind == NUMBER:
        return None if value is None else int(value)
    return value


def directory_row_count() -> int:
    """How many rows `directory_rows` gives: one per scheme, one per organisation without any."""
    alone = PartnerOrganisation.objects.filter(schemes__isnull=True).count()
    return SupportScheme.objects.count() + alone


def directory_rows() -> Iterator[list]:
    """The directory's rows, in the organisations' order then the schemes' (four queries)."""
    schemes = SupportScheme.objects.order_by("name").prefetch_related(
        Prefetch("axes", queryset=InterventionAxis.objects.order_by("position", "code")),
        Prefetch("calls", queryset=SchemeCall.objects.order_by("opens_on", "id")),
    )
    organisations = PartnerOrganisation.objects.order_by("name").prefetch_related(
        Prefetch("schemes", queryset=schemes)
    )
    for organisation in organisations:
        for scheme in list(organisation.schemes.all()) or [None]:
            yield [
                _cell(column, organisation if column.target == "organisation" else scheme)
                for column in COLUMNS
            ]


# --- Reading a cell


def _choice(choices) -> Callable[[str], str]:
    """A code or its label (case and accents ignored) → the code."""
    known = {}
    for value, label in choices:
        known[normalise_header(value)] = value
        known[normalise_header(str(label))] = value

    def read(text: str) -> str:
        if not text:
            return ""
        try:
            return known[normalise_header(text)]
        except KeyError:
            raise ValidationError(
                _("« %(value)s » n'est pas l'un des choix possibles (%(choices)s).")
                % {"value": text, "choices": ", ".join(value for value, _label in choices)}
            ) from None

    return read


def _items(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[|;\n]", text) if item.strip()]


def _choice_list(choices) -> Callable[[str], list[str]]:
    one = _choice(choices)
    return lambda text: [one(item) for item in _items(text)]


def _whole(text: str) -> Decimal | None:
    if not text:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f€%]", "", text).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("« %(value)s » n'est pas un nombre.") % {"value": text}) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError(_("« %(value)s » : un nombre entier.") % {"value": text})
    return number


def _small_whole(text: str) -> int | None:
    number = _whole(text)
    if number is not None and not (0 <= number <= 32767):
        raise ValidationError(_("« %(value)s » est hors des limites.") % {"value": text})
    return None if number is None else int(number)


def _boolean(text: str) -> bool:
    lowered = normalise_header(text)
    if lowered in {"oui", "o", "1", "vrai", "x", "true", "yes", "actif", "active", ""}:
        return True
    if lowered in {"non", "n", "0", "faux", "false", "no", "inactif", "inactive"}:
        return False
    raise ValidationError(_("« %(value)s » : écrivez oui ou non.") % {"value": text})


def _date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def _calls(text: str) -> list[SchemeCall]:
    calls = []
    for item in _items(text.replace(";", "|")):
        match = CALL_PATTERN.match(item)
        if not match:
            raise ValidationError(
                _(
                    "« %(value)s » : écrivez chaque appel « intitulé : 01/03/2026 - 30/04/2026 » "
                    "(suivi de « (chaque année) » s'il revient), séparés par « | »."
                )
                % {"value": item}
            )
        try:
            opens_on, closes_on = _date(match["opens"]), _date(match["closes"])
        except ValueError:
            raise ValidationError(_("« %(value)s » : date impossible.") % {"value": item}) from None
        if closes_on < opens_on:
            raise ValidationError(
                _("« %(value)s » : la clôture doit suivre l'ouverture.") % {"value": item}
            )
        calls.append(
            SchemeCall(
                label=(match["label"] or "")[:120],
                opens_on=opens_on,
                closes_on=closes_on,
                recurs_yearly=bool(match["yearly"]),
            )
        )
    return calls


def _naf_patterns(text: str) -> list[str]:
    patterns = [item.upper().replace(" ", "") for item in _items(text)]
    for pattern in patterns:
        if not re.fullmatch(r"[A-U]|[0-9]{2}(\.[0-9]{1,2}[A-Z]?)?", pattern):
            raise ValidationError(
                _("« %(value)s » n'est pas un code NAF (section C, division 28, 28.30, 28.30Z).")
                % {"value": pattern}
            )
    return patterns


READERS: dict[str, Callable] = {
    "organisation_kind": _choice(PartnerOrganisation.Kind.choices),
    "student_kinds": _choice_list(StudentKind.choices),
    "organisation_active": _boolean,
    "scheme_kind": _choice(SchemeKind.choices),
    "headcount_bands": _choice_list(HeadcountBand.choices),
    "departments": _choice_list(Department.choices),
    "naf_included": _naf_patterns,
    "naf_excluded": _naf_patterns,
    "budget_min": _whole,
    "budget_max": _whole,
    "amount_min": _whole,
    "amount_max": _whole,
    "rate_max": _small_whole,
    "days": _small_whole,
    "duration_months": _small_whole,
    "scheme_active": _boolean,
    "calls": _calls,
}

# --- Import


@dataclass
class _Entry:
    """An organisation or a scheme as the file leaves it, with what is to write about it."""

    instance: object
    created: bool
    first_line: int
    changed: bool = False
    axes: list | None = None
    calls: list | None = None


@dataclass
class _Payload:
    organisations: dict[str, _Entry] = field(default_factory=dict)
    schemes: dict[tuple[str, str], _Entry] = field(default_factory=dict)


def _labels(model) -> dict[str, str]:
    return {f.name: capfirst(str(f.verbose_name)) for f in model._meta.fields}


RANGES = (
    ("budget_min", "budget_max", _l("Le budget maximum doit être supérieur ou égal au minimum.")),
    ("amount_min", "amount_max", _l("Le montant maximum doit être supérieur ou égal au minimum.")),
)


class DirectoryImporter(Importer):
    kind = DIRECTORY
    title = _l("Importer l'annuaire")
    fields = tuple(
        # The file's headers are the export's: guessed exactly, or containing one of them
        # ("Nom du dispositif").
        ImportField(column.key, column.header, required=column.key == "organisation")
        for column in COLUMNS
    )
    preview_columns = (_l("Organisation"), _l("Dispositif"), _l("Nature"), _l("Appels"))
    created_label = _l("dispositifs créés")
    updated_label = _l("dispositifs mis à jour")
    skipped_label = _l("dispositifs inchangés")

    def plan(self, records: list[Record], options: dict) -> Plan:
        plan = Plan()
        payload = _Payload()
        organisations = {o.name.lower(): o for o in PartnerOrganisation.objects.all()}
        schemes = {
            (s.organisation.name.lower(), s.name.lower()): s
            for s in SupportScheme.objects.select_related("organisation").prefetch_related(
                "axes", "calls"
            )
        }
        axes = {normalise_header(a.code): a for a in InterventionAxis.objects.all()}
        axes.update({normalise_header(a.label): a for a in axes.copy().values()})
        org_labels, scheme_labels = _labels(PartnerOrganisation), _labels(SupportScheme)
        for record in records:
            errors: list[str] = []
            values: dict[str, object] = {}
            for key in record.values:
                column = BY_KEY[key]
                text = record.get(key)
                try:
                    values[key] = READERS[key](text) if key in READERS else text
                except ValidationError as error:
                    errors.append(f"{column.header} : {' '.join(error.messages)}")
            if "axes" in values:
                values["axes"] = self._axes(values["axes"], axes, errors)
            name = str(values.get("organisation", ""))
            if not name:
                errors.append(_("Organisation : le nom de l'organisation est obligatoire."))
            if errors:
                self._fail(plan, record, errors)
                continue
            organisation = self._organisation(payload, organisations, name, values, record)
            errors += self._check(organisation.instance, org_labels, ["id"])
            scheme_entry = None
            scheme_name = str(values.get("scheme", ""))
            earlier = payload.schemes.get((name.lower(), scheme_name.lower()))
            if scheme_name and earlier is not None:
                errors.append(
                    _("Dispositif : « %(name)s » figure déjà à la ligne %(line)s.")
                    % {"name": scheme_name, "line": earlier.first_line}
                )
            elif scheme_name:
                scheme_entry = self._scheme(payload, schemes, organisation, values, record)
                errors += self._check(scheme_entry.instance, scheme_labels, _SCHEME_EXCLUDED)
                errors += self._check_ranges(scheme_entry.instance)
            if errors:
                self._fail(plan, record, errors)
                continue
            if scheme_entry is None:
                action = _("Organisation créée") if organisation.created else _("Organisation")
                plan.add_sample(record.line, action, [name, "", "", ""])
                continue
            scheme = scheme_entry.instance
            if scheme_entry.created:
                action = _("Dispositif créé")
            elif scheme_entry.changed:
                action = _("Dispositif mis à jour")
            else:
                action = _("Inchangé")
            calls = scheme_entry.calls
            plan.add_sample(
                record.line,
                action,
                [
                    name,
                    scheme.name,
                    dict(SchemeKind.choices).get(scheme.kind, ""),
                    LIST_SEPARATOR.join(_call_text(c) for c in calls) if calls else "",
                ],
            )
        entries = list(payload.schemes.values())
        plan.created = sum(entry.created for entry in entries)
        plan.updated = sum(entry.changed and not entry.created for entry in entries)
        plan.skipped = sum(not entry.changed and not entry.created for entry in entries)
        created_orgs = sum(entry.created for entry in payload.organisations.values())
        updated_orgs = sum(
            entry.changed and not entry.created for entry in payload.organisations.values()
        )
        plan.extra_counts.append(
            ngettext("%(count)s organisation créée", "%(count)s organisations créées", created_orgs)
            % {"count": created_orgs}
        )
        plan.extra_counts.append(
            ngettext(
                "%(count)s organisation mise à jour",
                "%(count)s organisations mises à jour",
                updated_orgs,
            )
            % {"count": updated_orgs}
        )
        plan.payload = payload
        return plan

    def _fail(self, plan: Plan, record: Record, errors: list[str]) -> None:
        for message in errors:
            plan.add_error(record.line, message)
        plan.add_sample(
            record.line, _("Erreur"), [record.get("organisation"), record.get("scheme"), "", ""]
        )

    def _axes(self, text: str, known: dict, errors: list[str]) -> list:
        found = []
        for item in _items(text):
            axis = known.get(normalise_header(item))
            if axis is None:
                errors.append(
                    _("Axes : « %(value)s » n'est pas un axe d'intervention (%(codes)s).")
                    % {
                        "value": item,
                        "codes": ", ".join(sorted({a.code for a in known.values()})),
                    }
                )
            else:
                found.append(axis)
        return found

    def _apply(self, entry: _Entry, values: dict, target: str, line: int) -> None:
        """Write the row's values for `target` onto the entry's instance; the first row that
        names an organisation says what it is (later rows repeat it, as an export does)."""
        if target == "organisation" and entry.first_line != line:
            return
        for key, value in values.items():
            column = BY_KEY[key]
            # The names are the keys the entry was found by; axes and calls are written apart.
            if column.target != target or column.field is None or key in NAME_KEYS:
                continue
            if getattr(entry.instance, column.field) != value:
                setattr(entry.instance, column.field, value)
                entry.changed = True

    def _organisation(self, payload, known, name, values, record) -> _Entry:
        key = name.lower()
        entry = payload.organisations.get(key)
        if entry is None:
            instance = known.get(key)
            created = instance is None
            if created:
                instance = PartnerOrganisation(name=name)
            entry = _Entry(instance, created, record.line, changed=created)
            payload.organisations[key] = entry
        self._apply(entry, values, "organisation", record.line)
        return entry

    def _scheme(self, payload, known, organisation: _Entry, values, record) -> _Entry:
        name = str(values["scheme"])
        key = (organisation.instance.name.lower(), name.lower())
        entry = payload.schemes.get(key)
        if entry is None:
            instance = known.get(key)
            created = instance is None
            if created:
                instance = SupportScheme(organisation=organisation.instance, name=name)
            else:
                instance.organisation = organisation.instance
            entry = _Entry(instance, created, record.line, changed=created)
            payload.schemes[key] = entry
        self._apply(entry, values, "scheme", record.line)
        if "axes" in values:
            entry.axes = values["axes"]
            if not entry.created and _axis_codes(entry.instance) != {a.code for a in entry.axes}:
                entry.changed = True
        if "calls" in values:
            entry.calls = values["calls"]
            if not entry.created and _call_keys(entry.instance) != {
                _call_key(c) for c in entry.calls
            }:
                entry.changed = True
        return entry

    def _check(self, instance, labels: dict, exclude: list[str]) -> list[str]:
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            return field_errors(error, labels)
        return []

    def _check_ranges(self, scheme: SupportScheme) -> list[str]:
        return [
            str(message)
            for low, high, message in RANGES
            if getattr(scheme, low) is not None
            and getattr(scheme, high) is not None
            and getattr(scheme, high) < getattr(scheme, low)
        ]

    def write(self, plan: Plan, *, by) -> None:
        payload: _Payload = plan.payload
        touched_organisations = []
        for entry in payload.organisations.values():
            if entry.changed:
                entry.instance.save()
                touched_organisations.append(entry.instance.pk)
        touched_schemes = []
        for entry in payload.schemes.values():
            if not entry.changed:
                continue
            scheme = entry.instance
            scheme.save()  # Django takes a new organisation's id as it saves the scheme
            if entry.axes is not None:
                scheme.axes.set(entry.axes)
            if entry.calls is not None:
                scheme.calls.all().delete()
                for call in entry.calls:
                    call.scheme = scheme
                SchemeCall.objects.bulk_create(entry.calls)
            touched_schemes.append(scheme.pk)
        # The words of a scheme include its organisation's name and competences.
        index_schemes(
            set(touched_schemes)
            | set(
                SupportScheme.objects.filter(organisation_id__in=touched_organisations).values_list(
                    "pk", flat=True
                )
            )
        )


_SCHEME_EXCLUDED = ["id", "organisation", "search_vector"]


def _axis_codes(scheme: SupportScheme) -> set[str]:
    return {axis.code for axis in scheme.axes.all()}


def _call_key(call: SchemeCall) -> tuple:
    return (call.label, call.opens_on, call.closes_on, call.recurs_yearly)


def _call_keys(scheme: SupportScheme) -> set[tuple]:
    return {_call_key(call) for call in scheme.calls.all()}
