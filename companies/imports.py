"""Prospect lists (federation members, trade-show contacts…) imported as companies and their
contacts: what a row of such a file means.

One row is a company, and its contact when the row names one; several rows of the same SIREN
are one company with several contacts. A company the portal already knows (same SIREN) is
skipped, or merged as the person chooses: its empty fields filled from the file, the file's new
contacts added (a contact is known by its email within the company). Every check a company
form makes is made here too — the SIRET's key (python-stdnum), the NAF code, the postcode in
the programme's five départements — and reported per line.

Duplicates are found with one query per 500 SIRENs, and everything is written in bulk: 10,000
rows take seconds (`python manage.py bench_imports`).
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pmi_aqt.audit.registry import record_bulk_writes
from pmi_aqt.imports.importer import Importer, Plan, Record, field_errors
from pmi_aqt.imports.mapping import ImportField, normalise_header

from .models import Company, Contact, HeadcountBand
from .signals import naf_codes_written
from .validators import (
    DEPARTMENTS,
    department_for_postcode,
    normalize_naf,
    normalize_siret,
    validate_siren,
    validate_siret,
)

PROSPECTS = "prospects"
# SIRENs per query when looking for the companies already known.
LOOKUP_CHUNK = 500
WRITE_BATCH = 500

COMPANY_FIELDS = (
    "name",
    "siret",
    "address",
    "postcode",
    "city",
    "department",
    "naf_code",
    "headcount_band",
    "website",
    "federation_member",
)
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "job_title")
_l = gettext_lazy

FIELDS = (
    ImportField(
        "name",
        _l("Raison sociale"),
        ("entreprise", "société", "nom de l'entreprise", "dénomination", "company", "raison"),
        required=True,
    ),
    ImportField(
        "siret",
        _l("SIRET ou SIREN"),
        ("siret", "siren", "n° siret", "numéro siret", "numéro siren", "siret siren"),
        required=True,
    ),
    ImportField("address", _l("Adresse"), ("adresse postale", "rue", "voie")),
    ImportField("postcode", _l("Code postal"), ("cp", "code postal", "postcode", "zip")),
    ImportField("city", _l("Commune"), ("ville", "localité", "city")),
    ImportField("department", _l("Département"), ("dept", "dép", "departement", "dpt")),
    ImportField("naf_code", _l("Code NAF/APE"), ("naf", "ape", "code naf", "code ape", "naf ape")),
    ImportField(
        "headcount_band",
        _l("Effectif"),
        ("tranche d'effectif", "effectifs", "salariés", "nombre de salariés", "headcount"),
    ),
    ImportField("website", _l("Site web"), ("site", "site internet", "url", "web", "website")),
    ImportField("federation_member", _l("Adhérente de l'UIMM"), ("adhérent", "adhérente", "uimm")),
    ImportField("first_name", _l("Prénom du contact"), ("prénom", "prenom contact", "first name")),
    ImportField("last_name", _l("Nom du contact"), ("nom", "nom contact", "last name")),
    ImportField(
        "email",
        _l("E-mail du contact"),
        ("e-mail", "email", "mail", "courriel", "adresse e-mail", "adresse mail"),
    ),
    ImportField(
        "phone", _l("Téléphone du contact"), ("téléphone", "tél", "tel", "portable", "mobile")
    ),
    ImportField("job_title", _l("Fonction du contact"), ("fonction", "poste", "rôle", "titre")),
)


class Duplicates:
    SKIP = "skip"
    MERGE = "merge"


class ProspectOptionsForm(forms.Form):
    duplicates = forms.ChoiceField(
        label=_l("Entreprises déjà dans le portail (même SIREN)"),
        choices=[
            (Duplicates.SKIP, _l("Les ignorer : rien ne change pour elles")),
            (
                Duplicates.MERGE,
                _l(
                    "Les compléter : remplir leurs champs vides et ajouter les contacts "
                    "qu'elles n'ont pas encore"
                ),
            ),
        ],
        initial=Duplicates.SKIP,
        widget=forms.RadioSelect,
    )


_TRUE = {"oui", "o", "x", "1", "vrai", "true", "yes", "y"}
_FALSE = {"non", "n", "0", "faux", "false", "no", ""}
_DEPARTMENT_NAMES = {normalise_header(name): code for code, name in DEPARTMENTS.items()}
# Numbers of employees → band (lower bound of each band).
_BAND_VALUES = frozenset(HeadcountBand.values)
_BAND_FLOORS = ((500, "500+"), (250, "250-499"), (50, "50-249"), (10, "10-49"), (0, "1-9"))


def _headcount_band(text: str) -> str:
    """'10-49', '10 à 49 salariés', '35' → '10-49'; '' → ''; anything else raises."""
    if not text or text in _BAND_VALUES:
        return text
    compact = text.replace(" ", "").replace("\u202f", "").lower()
    numbers = re.findall(r"[0-9]+", compact)
    if re.fullmatch(r"[0-9]+(salari[ée]s?)?", compact):
        count = int(numbers[0])
        return next(band for floor, band in _BAND_FLOORS if count >= floor)
    if len(numbers) == 2:  # "10 à 49", "10-49 salariés"
        for value in HeadcountBand.values:
            if re.findall(r"[0-9]+", value) == numbers:
                return value
    for value, label in HeadcountBand.choices:
        if compact in (value, str(label).replace(" ", "").lower()):
            return value
    raise ValidationError(
        _("« %(value)s » n'est ni une tranche connue (%(bands)s) ni un nombre de salariés.")
        % {"value": text, "bands": ", ".join(HeadcountBand.values)}
    )


def _department(text: str) -> str:
    if not text:
        return ""
    if text in DEPARTMENTS:
        return text
    code = _DEPARTMENT_NAMES.get(normalise_header(re.sub(r"\(?[0-9]{2}\)?", "", text)))
    if code is None:
        raise ValidationError(
            _("« %(value)s » n'est pas l'un des cinq départements du programme (%(codes)s).")
            % {"value": text, "codes": ", ".join(sorted(DEPARTMENTS))}
        )
    return code


def _yes_no(text: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValidationError(_("« %(value)s » : écrivez oui ou non.") % {"value": text})


def _website(text: str) -> str:
    if text and not re.match(r"^https?://", text, re.IGNORECASE):
        return f"https://{text}"
    return text


@dataclass
class _Row:
    record: Record
    siren: str = ""
    company: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Payload:
    new_companies: list[Company] = field(default_factory=list)
    merged_companies: dict[int, Company] = field(default_factory=dict)
    merged_fields: set[str] = field(default_factory=set)
    # Company id → {field: (before, after)}: what merging changed, for the history.
    merged_changes: dict[int, dict[str, tuple]] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)


def _labels(model, names, suffix: str = "") -> dict[str, str]:
    return {
        name: capfirst(str(model._meta.get_field(name).verbose_name)) + suffix for name in names
    }


class ProspectImporter(Importer):
    kind = PROSPECTS
    title = _l("Importer une liste de prospects")
    fields = FIELDS
    options_form = ProspectOptionsForm
    preview_columns = (
        _l("Raison sociale"),
        _l("SIRET"),
        _l("Commune"),
        _l("Dép."),
        _l("NAF"),
        _l("Effectif"),
        _l("Contact"),
        _l("E-mail"),
    )
    created_label = _l("entreprises créées")
    updated_label = _l("entreprises déjà connues complétées")
    skipped_label = _l("entreprises déjà connues ignorées")

    def describe_options(self, options: dict) -> str:
        if options.get("duplicates") == Duplicates.MERGE:
            return _("Les entreprises déjà connues sont complétées.")
        return _("Les entreprises déjà connues sont ignorées.")

    # --- Reading each row

    def _parse(self, record: Record) -> _Row:
        row = _Row(record)
        identifier = normalize_siret(record.get("siret"))
        try:
            if len(identifier) == 9:
                validate_siren(identifier)
            else:
                validate_siret(identifier)
                row.company["siret"] = identifier
            row.siren = identifier[:9]
        except ValidationError as error:
            row.errors.append(f"{FIELDS[1].label} : {' '.join(error.messages)}")
        converters = {
            "headcount_band": _headcount_band,
            "department": _department,
            "federation_member": _yes_no,
            "naf_code": normalize_naf,
            "website": _website,
            "postcode": lambda text: text.replace(" ", ""),
        }
        for name in COMPANY_FIELDS:
            if name == "siret" or not record.has(name):
                continue
            text = record.get(name)
            try:
                value = converters[name](text) if name in converters else text
            except ValidationError as error:
                label = _labels(Company, [name])[name]
                row.errors.append(f"{label} : {' '.join(error.messages)}")
                continue
            if value not in ("", None) or name == "federation_member" and text:
                row.company[name] = value
        postcode = row.company.get("postcode", "")
        if postcode:
            derived = department_for_postcode(postcode)
            given = row.company.get("department")
            if re.fullmatch(r"[0-9]{5}", postcode) and derived is None:
                row.errors.append(
                    _(
                        "Code postal : %(postcode)s n'est pas dans l'un des cinq départements "
                        "du programme (%(codes)s)."
                    )
                    % {"postcode": postcode, "codes": ", ".join(sorted(DEPARTMENTS))}
                )
            elif given and derived and given != derived:
                row.errors.append(
                    _("Département : %(given)s ne correspond pas au code postal %(postcode)s.")
                    % {"given": given, "postcode": postcode}
                )
            elif derived:
                row.company["department"] = derived
        for name in CONTACT_FIELDS:
            if record.get(name):
                row.contact[name] = record.get(name)
        return row

    def _check_company(self, row: _Row, *, new: bool) -> Company:
        """The model's own field checks on what the row gives (every field for a new company:
        the required ones must be there); the SIRET was checked as it was read."""
        company = Company(**row.company)
        checked = set(COMPANY_FIELDS if new else row.company) - {"siret"}
        exclude = [f.name for f in Company._meta.fields if f.name not in checked]
        if "postcode" in row.company and "department" not in row.company:
            exclude.append("department")  # the postcode's own error says why it is missing
        try:
            company.clean_fields(exclude=exclude)
        except ValidationError as error:
            row.errors.extend(field_errors(error, _labels(Company, COMPANY_FIELDS)))
        if new and "siret" not in row.company and row.siren:
            row.errors.append(
                _(
                    "Entreprise inconnue du portail : le SIRET complet (14 chiffres) est "
                    "nécessaire pour la créer, le SIREN ne suffit pas."
                )
            )
        return company

    def _check_contact(self, row: _Row) -> Contact | None:
        if not row.contact:
            return None
        contact = Contact(**row.contact)
        exclude = [f.name for f in Contact._meta.fields if f.name not in CONTACT_FIELDS]
        try:
            contact.clean_fields(exclude=exclude)
        except ValidationError as error:
            labels = _labels(Contact, CONTACT_FIELDS, str(_(" du contact")))
            row.errors.extend(field_errors(error, labels))
        return contact

    # --- The plan

    def plan(self, records: list[Record], options: dict) -> Plan:
        merge = options.get("duplicates") == Duplicates.MERGE
        plan = Plan()
        payload = _Payload()
        rows = [self._parse(record) for record in records]
        known = _known_companies({row.siren for row in rows if row.siren})
        emails = _known_emails([company.pk for company in known.values()]) if merge else {}
        planned: dict[str, Company] = {}  # SIREN → the company created by an earlier row
        skipped: set[str] = set()
        contacts_added = contacts_known = 0
        for row in rows:
            line = row.record.line
            company = known.get(row.siren) or planned.get(row.siren)
            checked = self._check_company(row, new=company is None)
            contact = self._check_contact(row)
            if row.errors:
                for message in row.errors:
                    plan.add_error(line, message)
                self._sample(plan, row, _l("Erreur"))
                continue
            if row.siren in known and not merge:
                skipped.add(row.siren)
                self._sample(plan, row, _l("Déjà connue : ignorée"))
                continue
            if company is None:
                company = checked
                planned[row.siren] = company
                payload.new_companies.append(company)
                action = _l("Nouvelle entreprise")
            else:
                filled = [
                    name
                    for name, value in row.company.items()
                    if name != "siret" and getattr(company, name) in ("", None, False)
                ]
                for name in filled:
                    if company.pk:
                        before = getattr(company, name)
                        changes = payload.merged_changes.setdefault(company.pk, {})
                        changes[name] = (before, row.company[name])
                    setattr(company, name, row.company[name])
                if company.pk:
                    payload.merged_companies[company.pk] = company
                    payload.merged_fields.update(filled)
                    action = _l("Déjà connue : complétée")
                else:
                    action = _l("Même entreprise qu'une ligne précédente")
            if contact is not None:
                email = contact.email.lower()
                seen = emails.setdefault(company.pk or id(company), set())
                if email in seen:
                    contacts_known += 1
                else:
                    seen.add(email)
                    contact.company = company
                    payload.contacts.append(contact)
                    contacts_added += 1
            self._sample(plan, row, action)
        plan.created = len(payload.new_companies)
        plan.updated = len(payload.merged_companies)
        plan.skipped = len(skipped)
        plan.extra_counts.append(
            ngettext("%(count)s contact ajouté", "%(count)s contacts ajoutés", contacts_added)
            % {"count": contacts_added}
        )
        if contacts_known:
            plan.extra_counts.append(
                ngettext(
                    "%(count)s contact déjà connu ignoré",
                    "%(count)s contacts déjà connus ignorés",
                    contacts_known,
                )
                % {"count": contacts_known}
            )
        plan.payload = payload
        return plan

    def _sample(self, plan: Plan, row: _Row, action) -> None:
        if plan.sample_full:
            return
        values = row.company
        contact = " ".join(
            part for part in (row.contact.get("first_name"), row.contact.get("last_name")) if part
        )
        plan.add_sample(
            row.record.line,
            action,
            [
                values.get("name") or row.record.get("name"),
                values.get("siret") or row.siren or row.record.get("siret"),
                " ".join(v for v in (values.get("postcode"), values.get("city")) if v),
                values.get("department"),
                values.get("naf_code"),
                values.get("headcount_band"),
                contact,
                row.contact.get("email"),
            ],
        )

    # --- Writing

    def write(self, plan: Plan, *, by) -> None:
        payload: _Payload = plan.payload
        Company.objects.bulk_create(payload.new_companies, batch_size=WRITE_BATCH)
        if payload.merged_companies:
            now = timezone.now()
            for company in payload.merged_companies.values():
                company.updated_at = now
            Company.objects.bulk_update(
                list(payload.merged_companies.values()),
                sorted(payload.merged_fields | {"updated_at"}),
                batch_size=WRITE_BATCH,
            )
            if "naf_code" in payload.merged_fields:
                naf_codes_written.send(sender=Company)
        # Each contact takes its company's new id as it is written (Django fills a foreign key
        # from its saved object).
        Contact.objects.bulk_create(payload.contacts, batch_size=WRITE_BATCH)
        record_bulk_writes(
            [*payload.new_companies, *payload.contacts],
            [
                (company, payload.merged_changes[pk])
                for pk, company in payload.merged_companies.items()
                if payload.merged_changes.get(pk)
            ],
            actor=by,
        )


def _known_companies(sirens: set[str]) -> dict[str, Company]:
    """SIREN → the company the portal already has, a query per LOOKUP_CHUNK SIRENs (read from
    the index of the one-company-per-SIREN constraint)."""
    found: dict[str, Company] = {}
    ordered = sorted(sirens)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        companies = Company.objects.annotate(siren_key=Substr("siret", 1, 9)).filter(
            siren_key__in=chunk
        )
        found.update((company.siret[:9], company) for company in companies)
    return found


def _known_emails(company_ids: list[int]) -> dict[int, set[str]]:
    emails: dict[int, set[str]] = {}
    for start in range(0, len(company_ids), LOOKUP_CHUNK):
        chunk = company_ids[start : start + LOOKUP_CHUNK]
        for company_id, email in Contact.objects.filter(company_id__in=chunk).values_list(
            "company_id", "email"
        ):
            emails.setdefault(company_id, set()).add(email.lower())
    return emails
