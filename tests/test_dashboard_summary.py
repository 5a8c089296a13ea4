"""The dashboard's figures from the summary's counters equal the figures computed from the rows,
on random data written and rewritten through the ordinary saves and deletes; the rebuild finds
the counters the writes kept."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import Department, HeadcountBand
from projects.models import (
    FigureCount,
    FigureSource,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Project,
    Stage,
    StageChange,
    SupportAction,
    SupportedYear,
)
from projects.stats import figures as stats_figures
from projects.stats import summary
from projects.stats.period import Period
from projects.stats.summed import summarised_programme_figures

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
YEARS = range(2014, 2019)
PERIODS = [Period.year(year) for year in YEARS] + [Period(2014, 2018), Period(2015, 2017)]


def moment(rng: random.Random) -> datetime.datetime:
    """A Paris time in the years counted, some of them minutes from a new year."""
    if rng.random() < 0.1:
        year = rng.choice(YEARS)
        return timezone.make_aware(
            datetime.datetime(year, 12, 31, 23, rng.randrange(60))
            if rng.random() < 0.5
            else datetime.datetime(year + 1, 1, 1, 0, rng.randrange(60))
        )
    start = datetime.datetime(YEARS[0], 1, 1)
    return timezone.make_aware(start + datetime.timedelta(minutes=rng.randrange(5 * 365 * 1440)))


def random_programme(rng: random.Random) -> list[Project]:
    axes = list(InterventionAxis.objects.all())
    bands = [*HeadcountBand.values, ""]
    companies = [
        CompanyFactory(department=rng.choice(Department.values), headcount_band=rng.choice(bands))
        for _ in range(8)
    ]
    projects = []
    for _ in range(30):
        project = ProjectFactory(
            company=rng.choice(companies),
            stage=rng.choice(Stage.values),
            primary_axis=rng.choice([None, *axes]),
            support_started_on=rng.choice([None, moment(rng).date()]),
        )
        project.created_at = moment(rng)
        project.save(update_fields=["created_at"])
        project.axes.add(*rng.sample(axes, rng.randrange(3)))
        for _ in range(rng.randrange(4)):
            StageChange.objects.create(
                project=project,
                from_stage=Stage.ON_AGENDA,
                to_stage=rng.choice([Stage.DECIDED, Stage.IN_SUPPORT, Stage.ABANDONED]),
                changed_at=moment(rng),
            )
        for _ in range(rng.randrange(3)):
            FinancingLine.objects.create(
                project=project,
                source_label="Région",
                kind=rng.choice(FinancingLine.Kind.values),
                amount_asked=Decimal(rng.randrange(100000)) / 4,
                amount_obtained=rng.choice([None, Decimal("0"), Decimal(rng.randrange(50000))]),
            )
        for _ in range(rng.randrange(3)):
            SupportAction.objects.create(
                project=project,
                kind=rng.choice(SupportAction.Kind.values),
                status=rng.choice(SupportAction.Status.values),
                days=rng.choice([None, Decimal(rng.randrange(100)) / 2]),
            )
        for months in rng.sample([3, 6, 12], rng.randrange(4)):
            answered = rng.random() < 0.7
            FollowUp.objects.create(
                project=project,
                months=months,
                due_on=datetime.date(2019, 1, 1),
                answered_at=moment(rng) if answered else None,
                jobs_created=rng.choice([None, rng.randrange(5)]) if answered else None,
                jobs_kept=rng.choice([None, rng.randrange(20)]) if answered else None,
                product_launched=rng.choice([None, True, False]) if answered else None,
                satisfaction=rng.choice([None, 1, 2, 3, 4, 5]) if answered else None,
            )
        projects.append(project)
    return projects


def rewrite_some(rng: random.Random, projects: list[Project]) -> None:
    """Writes after the first ones: each changes what some counters hold."""
    axes = list(InterventionAxis.objects.all())
    for project in rng.sample(projects, 10):
        project.stage = rng.choice(Stage.values)
        project.support_started_on = rng.choice([None, moment(rng).date()])
        project.save()
        project.axes.remove(*rng.sample(axes, 2))
    for line in FinancingLine.objects.order_by("?")[:5]:
        line.amount_obtained = Decimal(rng.randrange(1000))
        line.save()
    FinancingLine.objects.order_by("pk").first().delete()
    SupportAction.objects.order_by("pk").last().delete()
    StageChange.objects.filter(to_stage=Stage.DECIDED).order_by("pk").first().delete()
    moved = projects[0]
    moved.company = projects[-1].company  # another company's project now
    moved.save()
    company = projects[1].company
    company.department, company.headcount_band = Department.LANDES, ""
    company.save()
    projects[2].delete()
    axes[0].projects.clear()


def assert_same_figures() -> None:
    for period in PERIODS:
        for limit in (None, 3):  # the whole list, or the first companies by name
            direct = stats_figures.compute_programme_figures(period, TODAY, limit)
            assert summarised_programme_figures(period, TODAY, limit) == direct, period.label
    # Every kind of figure had something to count.
    whole = stats_figures.compute_programme_figures(Period(2014, 2018), TODAY)
    assert whole.received > 15
    assert whole.decisions.count and whole.financing.lines and whole.actions.actions
    assert whole.outcomes.answers and whole.outcomes.satisfaction_answers
    assert whole.progress.distinct_companies and whole.progress.projects
    assert whole.progress.supported_sum > whole.progress.distinct_companies


def counters() -> dict:
    return {
        (row.year, row.figure, row.key): row.value for row in FigureCount.objects.exclude(value=0)
    }


def supported_years() -> set:
    return set(SupportedYear.objects.values_list("company_id", "year"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_gives_the_figures_computed_from_the_rows_on_random_data(seed):
    rng = random.Random(seed)
    projects = random_programme(rng)
    assert_same_figures()

    rewrite_some(rng, projects)
    assert_same_figures()


def test_the_rebuild_finds_the_counters_the_writes_kept():
    rng = random.Random(7)
    rewrite_some(rng, random_programme(rng))
    kept, kept_years = counters(), supported_years()

    call_command("rebuild_figure_summary", stdout=io.StringIO())

    assert counters() == kept
    assert supported_years() == kept_years
    assert_same_figures()


def test_writes_not_counted_one_by_one_are_counted_by_the_rebuild():
    with summary.counted_after():
        ProjectFactory(stage=Stage.INTAKE)
    assert not FigureSource.objects.exists()

    summary.rebuild_summary()

    this_year = Period.year(timezone.localdate().year)
    assert summarised_programme_figures(this_year, TODAY).received == 1


def test_a_deleted_project_leaves_no_part_in_the_summary():
    project = ProjectFactory(stage=Stage.INTAKE)
    StageChange.objects.create(project=project, from_stage=Stage.INTAKE, to_stage=Stage.IN_SUPPORT)
    assert FigureSource.objects.filter(subject_id=project.pk, kind="project").exists()

    project.delete()

    assert not FigureSource.objects.filter(kind="project").exists()
    assert not FigureSource.objects.filter(kind="company").exists()
    assert not counters()
    assert not supported_years()


def test_a_five_year_period_reads_the_counters_in_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    rng = random.Random(3)
    random_programme(rng)
    # Counters (2), targets, supported companies (3), axes, collective reach, placements.
    with django_assert_max_num_queries(9):
        summarised_programme_figures(Period(2014, 2018), TODAY)


def test_a_company_saved_with_the_same_departement_and_band_counts_nothing_again():
    company = CompanyFactory(department=Department.GIRONDE)
    for _ in range(3):
        ProjectFactory(company=company)
    company.name = "Nouveau nom"

    with CaptureQueriesContext(connection) as queries:
        company.save()

    summary_queries = [q["sql"] for q in queries.captured_queries if "projects_figure" in q["sql"]]
    assert len(summary_queries) == 1  # its projects' parts, read once

    company.department = Department.LANDES
    company.save()
    this_year = Period.year(timezone.localdate().year)
    departments = summarised_programme_figures(this_year, TODAY).departments
    assert {bar.key: bar.value for bar in departments.bars}[Department.LANDES] == 3
