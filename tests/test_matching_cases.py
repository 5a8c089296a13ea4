"""The labelled cases of docs/matching_cases.csv, ranked on the demo directory: the measure the
matching is held to (docs/matching.md), on SQLite and on PostgreSQL alike."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tooling.demo.directory import load_directory

pytestmark = pytest.mark.django_db

CASES = Path(__file__).resolve().parent.parent / "docs" / "matching_cases.csv"
SUMMARY = re.compile(r"^hit@3 (\d+)/(\d+), forbidden-in-top-5 (\d+)/(\d+), MRR ([0-9.]+)$")


def evaluate(path: Path = CASES) -> tuple[str, tuple[int, int, int, float]]:
    out = StringIO()
    call_command("evaluate_matching", str(path), stdout=out)
    output = out.getvalue()
    match = SUMMARY.match(output.strip().splitlines()[-1])
    assert match, output
    hits, total, forbidden, _total, mrr = match.groups()
    return output, (int(hits), int(total), int(forbidden), float(mrr))


def test_the_labelled_cases_find_their_schemes_and_never_offer_a_forbidden_one():
    load_directory()

    output, (hits, total, forbidden, mrr) = evaluate()

    print(output)
    assert total >= 40
    assert hits / total >= 0.9, output
    assert forbidden == 0, output


HEADER = "title,description,needs,axes,naf,departement,headcount_band,budget_eur,expected,forbidden"


def write_cases(tmp_path, *lines: str) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_directory():
    from projects.matching.index import index_schemes
    from projects.models import InterventionAxis, PartnerOrganisation, SupportScheme

    cetim = PartnerOrganisation.objects.create(name="CETIM", kind="tech_centre")
    energy = SupportScheme.objects.create(
        organisation=cetim,
        name="Diagnostic performance énergétique",
        kind="expertise",
        keywords="énergie, four, consommation",
    )
    lean = SupportScheme.objects.create(organisation=cetim, name="Formation lean", kind="training")
    for created in (energy, lean):
        created.axes.add(InterventionAxis.objects.get(code="process"))
    index_schemes([energy.pk, lean.pk])


def test_each_case_shows_its_top_5_and_the_summary_counts_hits_and_forbidden(
    tmp_path, small_directory
):
    path = write_cases(
        tmp_path,
        "Fours,Réduire la consommation des fours,Mesurer;Réduire,process,24.51Z,47,50-249,"
        "400000,DIAGNOSTIC performance energetique,Formation lean",
        "Lean,Former au lean,,process,,33,,,Formation lean (CETIM),",
    )

    output, (hits, total, forbidden, mrr) = evaluate(path)

    assert "[1] ligne 2 — Fours — attendu : rang 1" in output
    assert "    1. Diagnostic performance énergétique (CETIM)" in output
    assert "[2] ligne 3 — Lean — attendu : rang 1" in output
    assert (hits, total, forbidden, mrr) == (2, 2, 1, 1.0)
    assert "! interdit dans le top 5 : Formation lean (CETIM)" in output


def test_the_cases_leave_nothing_in_the_database(tmp_path, small_directory):
    from companies.models import Company
    from projects.models import Need, Project

    evaluate(write_cases(tmp_path, "Fours,,Mesurer,process,,47,,,Formation lean,"))

    assert not Company.objects.exists()
    assert not Project.objects.exists() and not Need.objects.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Fours,,,usinage,,47,,,Formation lean,", "ligne 2 : axe inconnu « usinage »"),
        ("Fours,,,process,2451,47,,,Formation lean,", "ligne 2 : code NAF invalide « 2451 »"),
        ("Fours,,,process,,75,,,Formation lean,", "ligne 2 : département inconnu « 75 »"),
        ("Fours,,,process,,47,,cent mille,Formation lean,", "ligne 2 : budget invalide"),
        ("Fours,,,process,,47,,,Formation agile,", "ligne 2 : dispositif inconnu"),
        ("Fours,,,process,,47,,,,", "ligne 2 : aucun dispositif attendu"),
        ("Fours,,,process,,47", "ligne 2 : 6 colonnes au lieu de 10"),
    ],
)
def test_a_malformed_file_exits_with_status_2_and_the_line_at_fault(
    tmp_path, small_directory, line, message
):
    from django.core.management import CommandError

    path = write_cases(tmp_path, line)

    with pytest.raises(CommandError) as refused:
        call_command("evaluate_matching", str(path), stdout=StringIO())

    assert refused.value.returncode == 2
    assert message in str(refused.value)


def test_a_file_with_other_columns_is_refused_on_its_first_line(tmp_path, small_directory):
    from django.core.management import CommandError

    path = tmp_path / "cases.csv"
    path.write_text("titre,attendu\nFours,Formation lean\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("evaluate_matching", str(path), stdout=StringIO())

    assert refused.value.returncode == 2
    assert str(refused.value).startswith("ligne 1 : colonnes attendues title,description")


@pytest.mark.parametrize("days_later", [0, 100, 250])
def test_the_sql_prefilter_keeps_the_suggestions_of_judging_every_candidate(days_later):
    """The suggestions alone read only the schemes SQL finds possibly eligible; judging every
    candidate (as when the schemes ruled out are shown) gives the same ranking, to the reasons,
    on every case and at dates where other calls are open or closed."""
    import datetime

    from django.db import transaction

    from projects.management.commands.evaluate_matching import Command as EvaluateMatching
    from projects.management.commands.evaluate_matching import case_project
    from projects.matching.ranking import match_project

    load_directory()
    reader = EvaluateMatching()
    cases = reader._read(CASES, reader._scheme_names())
    today = datetime.date.today() + datetime.timedelta(days=days_later)
    for number, case in enumerate(cases, start=1):
        with transaction.atomic():
            project = case_project(case, number)
            fast = match_project(project, limit=10_000, excluded_limit=0, today=today)
            full = match_project(project, limit=10_000, excluded_limit=10_000, today=today)
            transaction.set_rollback(True)

        def seen(suggestions):
            return [(s.scheme.pk, round(s.relevance, 9), s.reasons) for s in suggestions]

        assert seen(fast.suggestions) == seen(full.suggestions), case.title
