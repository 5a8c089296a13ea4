"""`manage.py evaluate_matching CASES.csv`: how well the matching ranks the directory in the
database on labelled cases.

Each line of the CSV is a project as an officer would record it, with the schemes that should
come first and those that must not be offered:

    title,description,needs,axes,naf,departement,headcount_band,budget_eur,expected,forbidden

`needs` are separated by `;`, `axes` (axis codes, the primary one first), `expected` and
`forbidden` (scheme names, or "name (organisation)", compared ignoring case and accents) by `|`.
Each case is written to the database and ranked inside a transaction that is rolled back.
Prints each case's top 5 with the rank of its first expected scheme, then one line:
`hit@3 X/N, forbidden-in-top-5 Y/N, MRR Z`. A malformed file exits with status 2 and the line
at fault, before any case runs. docs/matching.md tells how to add cases.
"""

import csv
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from companies.models import Company, Department, HeadcountBand
from companies.validators import normalize_naf, validate_naf
from projects.matching.ranking import Suggestion, match_project
from projects.matching.text import unaccent
from projects.models import InterventionAxis, Need, Project, SupportScheme

COLUMNS = [
    "title",
    "description",
    "needs",
    "axes",
    "naf",
    "departement",
    "headcount_band",
    "budget_eur",
    "expected",
    "forbidden",
]
SHOWN = 5
HIT_AT = 3
MALFORMED = 2


def comparable(name: str) -> str:
    return re.sub(r"\s+", " ", unaccent(name)).strip()


@dataclass
class Case:
    line: int
    title: str
    description: str
    needs: list[str]
    axes: list[InterventionAxis]
    naf: str
    department: str
    headcount_band: str
    budget: Decimal | None
    expected: list[str]
    forbidden: list[str]


class Command(BaseCommand):
    help = "Évalue le classement des dispositifs sur des cas étiquetés (fichier CSV)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cases", help="Fichier CSV des cas étiquetés.")
        parser.add_argument(
            "--date",
            help="Évaluer à cette date (AAAA-MM-JJ) : les appels ouverts ou clos en dépendent.",
        )

    def handle(self, *args, **options) -> None:
        today = self._date(options.get("date"))
        names = self._scheme_names()
        cases = self._read(Path(options["cases"]), names)
        hits = forbidden_cases = 0
        reciprocal_ranks = 0.0
        for number, case in enumerate(cases, start=1):
            ranking = self._rank(case, number, today)
            labels = [names_of(suggestion.scheme) for suggestion in ranking]
            first = next(
                (i for i, keys in enumerate(labels, start=1) if keys & set(case.expected)),
                None,
            )
            banned = [
                str(suggestion.scheme)
                for suggestion, keys in zip(ranking[:SHOWN], labels[:SHOWN], strict=True)
                if keys & set(case.forbidden)
            ]
            hits += first is not None and first <= HIT_AT
            forbidden_cases += bool(banned)
            reciprocal_ranks += 1 / first if first else 0.0
            where = f"rang {first}" if first else "absent"
            self.stdout.write(f"[{number}] ligne {case.line} — {case.title} — attendu : {where}")
            for rank, suggestion in enumerate(ranking[:SHOWN], start=1):
                words = ", ".join(suggestion.words) or "—"
                self.stdout.write(
                    f"    {rank}. {suggestion.scheme} ({suggestion.score} pts ; mots : {words})"
                )
            for name in banned:
                self.stdout.write(f"    ! interdit dans le top {SHOWN} : {name}")
        total = len(cases)
        mrr = reciprocal_ranks / total if total else 0.0
        self.stdout.write(
            f"hit@{HIT_AT} {hits}/{total}, forbidden-in-top-{SHOWN} {forbidden_cases}/{total}, "
            f"MRR {mrr:.3f}"
        )

    # --- Reading the file

    def _date(self, value: str | None) -> datetime.date | None:
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                f"Date invalide « {value} » : écrivez-la AAAA-MM-JJ.", returncode=MALFORMED
            ) from None

    def _scheme_names(self) -> set[str]:
        names = set()
        for scheme in SupportScheme.objects.select_related("organisation"):
            names |= names_of(scheme)
        return names

    def _read(self, path: Path, names: set[str]) -> list[Case]:
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                f"Impossible de lire {path} : {error}", returncode=MALFORMED
            ) from None
        reader = csv.reader(content.splitlines())
        header = next(reader, None)
        if header != COLUMNS:
            raise CommandError(
                f"ligne 1 : colonnes attendues {','.join(COLUMNS)}", returncode=MALFORMED
            )
        axes = {axis.code: axis for axis in InterventionAxis.objects.all()}
        cases = []
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            try:
                cases.append(self._case(line, row, axes, names))
            except ValueError as error:
                raise CommandError(f"ligne {line} : {error}", returncode=MALFORMED) from None
        if not cases:
            raise CommandError("Le fichier ne contient aucun cas.", returncode=MALFORMED)
        return cases

    def _case(self, line: int, row: list[str], axes: dict, names: set[str]) -> Case:
        if len(row) != len(COLUMNS):
            raise ValueError(f"{len(row)} colonnes au lieu de {len(COLUMNS)}")
        values = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))
        if not values["title"]:
            raise ValueError("le titre est vide")
        codes = split(values["axes"], "|")
        if not codes:
            raise ValueError("aucun axe")
        unknown = [code for code in codes if code not in axes]
        if unknown:
            raise ValueError(f"axe inconnu « {unknown[0]} »")
        naf = normalize_naf(values["naf"])
        if naf:
            try:
                validate_naf(naf)
            except Exception:
                raise ValueError(f"code NAF invalide « {values['naf']} »") from None
        if values["departement"] not in Department.values:
            raise ValueError(f"département inconnu « {values['departement']} »")
        band = values["headcount_band"]
        if band and band not in HeadcountBand.values:
            raise ValueError(f"tranche d'effectif inconnue « {band} »")
        budget = None
        if values["budget_eur"]:
            try:
                budget = Decimal(values["budget_eur"].replace(" ", ""))
            except InvalidOperation:
                raise ValueError(f"budget invalide « {values['budget_eur']} »") from None
        expected = [comparable(name) for name in split(values["expected"], "|")]
        forbidden = [comparable(name) for name in split(values["forbidden"], "|")]
        if not expected:
            raise ValueError("aucun dispositif attendu")
        for name in expected + forbidden:
            if name not in names:
                raise ValueError(f"dispositif inconnu dans l'annuaire « {name} »")
        return Case(
            line=line,
            title=values["title"],
            description=values["description"],
            needs=split(values["needs"], ";"),
            axes=[axes[code] for code in codes],
            naf=naf,
            department=values["departement"],
            headcount_band=band,
            budget=budget,
            expected=expected,
            forbidden=forbidden,
        )

    # --- Ranking one case

    def _rank(self, case: Case, number: int, today) -> list[Suggestion]:
        """The case's whole ranking, computed on rows rolled back afterwards."""
        with transaction.atomic():
            project = case_project(case, number)
            matching = match_project(project, limit=10_000, excluded_limit=0, today=today)
            transaction.set_rollback(True)
        return matching.suggestions


def case_project(case: Case, number: int) -> Project:
    """The case written as a project of its own company (the caller rolls it back)."""
    company = Company.objects.create(
        name=f"Cas d'évaluation {number}",
        siret=f"{990_000_000 + number:09d}00010",
        naf_code=case.naf,
        headcount_band=case.headcount_band,
        postcode=f"{case.department}000",
        city="Évaluation",
        department=case.department,
    )
    project = Project.objects.create(
        company=company,
        title=case.title,
        description=case.description,
        primary_axis=case.axes[0],
        budget=case.budget,
    )
    project.axes.set(case.axes)
    Need.objects.bulk_create(
        [Need(project=project, axis=case.axes[0], title=need) for need in case.needs]
    )
    return project


def names_of(scheme: SupportScheme) -> set[str]:
    """The names a case may give a scheme: its own, or with its organisation."""
    return {comparable(scheme.name), comparable(str(scheme))}


def split(value: str, separator: str) -> list[str]:
    return [part.strip() for part in value.split(separator) if part.strip()]
