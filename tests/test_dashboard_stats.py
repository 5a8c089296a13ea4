"""Each figure of the dashboard against a small data set whose answers are worked out by hand.

The programme's year 2016 (`build_2016`), seen from 2026:

| proj. | company (dépt, size) | received   | first decision    | enters support    | stage now |
| ----- | -------------------- | ---------- | ----------------- | ----------------- | --------- |
| P1    | A (33, 10-49)        | 2016-02-10 | 2016-03-21 (40 d) | 2016-04-15 (move) | support   |
| P2    | B (40, 1-9)          | 2016-05-01 | 2016-06-30 (60 d) | 2016-07-01 (date) | completed |
| P3    | B                    | 2016-09-01 | —                 | —                 | intake    |
| P4    | C (24, 50-249)       | 2015-11-01 | 2016-01-20 (80 d) | 2016-02-01 (move) | support   |
| P5    | D (33, no size)      | 2016-10-01 | —                 | —                 | abandoned |
| P6    | E (64, 1-9)          | 2015-03-01 | 2015-06-01 (2015) | 2017-01-01 00:30  | support   |
| P7    | F (47, 1-9)          | 2017-01-05 | 2017-02-01 (2017) | —                 | decided   |

P1 is decided twice (deferred, then approved on 2016-05-02): only the first decision counts.
P6 was first decided in 2015 and again in 2016: it is not a 2016 decision. It enters support
half an hour into 2017, Paris time (still 2016 in UTC): it counts for 2017.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from companies.models import Department, HeadcountBand
from projects.models import (
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Project,
    Stage,
    StageChange,
    SupportAction,
    YearlyTarget,
)
from projects.stats import cache as stats_cache
from projects.stats import figures as stats_figures
from projects.stats import supported as stats_supported
from projects.stats.period import Period

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
Y2016 = Period.year(2016)


def moment(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A Paris time."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def project(
    company,
    title: str,
    received: datetime.datetime,
    stage: str,
    *,
    primary: str | None = None,
    axes: tuple[str, ...] = (),
    support_started_on: datetime.date | None = None,
) -> Project:
    made = ProjectFactory(
        company=company,
        title=title,
        stage=stage,
        primary_axis=axis(primary) if primary else None,
        axis_codes=list(axes),
        support_started_on=support_started_on,
    )
    # Saved, not updated: the dashboard's summary counts what the signals of a save tell it.
    made.created_at = received
    made.save(update_fields=["created_at"])
    made.refresh_from_db()
    return made


def move(project: Project, to_stage: str, when: datetime.datetime, from_stage: str = "") -> None:
    StageChange.objects.create(
        project=project,
        from_stage=from_stage or Stage.ON_AGENDA,
        to_stage=to_stage,
        changed_at=when,
    )


def company(name: str, department: str, band: str):
    return CompanyFactory(name=name, department=department, headcount_band=band)


def build_2016() -> dict[str, Project]:
    a = company("Atelier Aquitain", Department.GIRONDE, HeadcountBand.SMALL)
    b = company("Bronzes du Born", Department.LANDES, HeadcountBand.MICRO)
    c = company("Chaudronnerie Périgourdine", Department.DORDOGNE, HeadcountBand.MEDIUM)
    d = company("Découpe Médocaine", Department.GIRONDE, "")
    e = company("Estampage Basque", Department.PYRENEES_ATLANTIQUES, HeadcountBand.MICRO)
    f = company("Fonderie d'Agen", Department.LOT_ET_GARONNE, HeadcountBand.MICRO)

    p1 = project(
        a, "Usine connectée", moment(2016, 2, 10), Stage.IN_SUPPORT,
        primary="digital", axes=("digital", "process"),
        support_started_on=datetime.date(2016, 4, 15),
    )  # fmt: skip
    move(p1, Stage.DECIDED, moment(2016, 3, 21, 15))
    move(p1, Stage.DECIDED, moment(2016, 5, 2))
    move(p1, Stage.IN_SUPPORT, moment(2016, 4, 15), Stage.DECIDED)

    p2 = project(
        b, "Nouvelle gamme de cloches", moment(2016, 5, 1), Stage.COMPLETED,
        primary="marketing", support_started_on=datetime.date(2016, 7, 1),
    )  # fmt: skip
    move(p2, Stage.DECIDED, moment(2016, 6, 30))

    project(b, "Fonderie sous vide", moment(2016, 9, 1), Stage.INTAKE, axes=("digital",))

    p4 = project(
        c, "Soudage robotisé", moment(2015, 11, 1), Stage.IN_SUPPORT,
        primary="digital", axes=("digital",),
    )  # fmt: skip
    move(p4, Stage.DECIDED, moment(2016, 1, 20))
    move(p4, Stage.IN_SUPPORT, moment(2016, 2, 1), Stage.DECIDED)

    p5 = project(
        d, "Découpe laser", moment(2016, 10, 1), Stage.ABANDONED,
        primary="process", axes=("social",),
    )  # fmt: skip

    p6 = project(e, "Presse numérique", moment(2015, 3, 1), Stage.IN_SUPPORT, primary="process")
    move(p6, Stage.DECIDED, moment(2015, 6, 1))
    move(p6, Stage.DECIDED, moment(2016, 9, 1))
    move(p6, Stage.IN_SUPPORT, moment(2017, 1, 1, 0, 30), Stage.DECIDED)

    p7 = project(f, "Moules imprimés", moment(2017, 1, 5), Stage.DECIDED, primary="crossover")
    move(p7, Stage.DECIDED, moment(2017, 2, 1))

    # Financing: P4 and P7 lines are outside the 2016 intake.
    FinancingLine.objects.create(
        project=p1, source_label="Région", kind="grant", amount_asked=10000, amount_obtained=8000
    )
    FinancingLine.objects.create(
        project=p1, source_label="Bpifrance", kind="loan", amount_asked=50000
    )
    FinancingLine.objects.create(
        project=p2, source_label="Région", kind="grant", amount_asked=5000, amount_obtained=5000
    )
    FinancingLine.objects.create(
        project=p4, source_label="Région", kind="grant", amount_asked=99999, amount_obtained=99999
    )

    # Support actions: the cancelled one and P4's are left out.
    SupportAction.objects.create(project=p1, kind="expertise", title="Audit", days=Decimal("5.5"))
    SupportAction.objects.create(project=p1, kind="training", title="Formation", days=2)
    SupportAction.objects.create(project=p1, kind="intern", title="Stage", days=None)
    SupportAction.objects.create(project=p2, kind="expertise", title="Étude", days=3, status="done")
    SupportAction.objects.create(
        project=p2, kind="individual", title="Annulée", days=10, status="cancelled"
    )
    SupportAction.objects.create(project=p4, kind="expertise", title="Hors période", days=100)

    # Follow-ups: P1's latest answer is at 6 months, P2's at 3 months; P4 is out of the intake.
    def follow_up(target, months, **answers):
        return FollowUp.objects.create(
            project=target,
            months=months,
            due_on=datetime.date(2016, 12, 1),
            answered_at=moment(2017, 1, 1) if answers else None,
            **answers,
        )

    follow_up(p1, 3, jobs_created=1, jobs_kept=5, product_launched=False, satisfaction=3)
    follow_up(p1, 6, jobs_created=2, jobs_kept=6, product_launched=True, satisfaction=5)
    follow_up(p1, 12)
    follow_up(p2, 3, jobs_created=0, jobs_kept=2, product_launched=True, satisfaction=4)
    follow_up(p4, 3, jobs_created=10, jobs_kept=10, product_launched=True, satisfaction=1)
    return {"p1": p1, "p2": p2, "p4": p4, "p5": p5, "p6": p6, "p7": p7}


def bars(breakdown) -> dict[str, int]:
    return {bar.key: bar.value for bar in breakdown.bars}


# --- Companies supported against the target


def test_a_company_counts_once_a_year_when_one_of_its_projects_entered_support_that_year():
    build_2016()

    progress = stats_supported.support_progress(Y2016, TODAY)

    # A (stage move), B (start date only, two projects), C (received in 2015); not E (2017).
    assert progress.distinct_companies == 3
    (year,) = progress.years
    assert (year.year, year.supported, year.target) == (2016, 3, 20)
    assert year.remaining == 17
    assert year.percent == 15  # 3 / 20
    assert year.months_left == 0 and year.pace is None


def test_support_entered_after_midnight_on_new_years_day_paris_time_counts_for_the_new_year():
    build_2016()
    assert stats_supported.support_progress(Period.year(2017), TODAY).distinct_companies == 1  # E


def test_the_supported_companies_are_listed_with_their_projects_and_axes():
    build_2016()

    rows = stats_supported.supported_companies(Y2016)

    assert [row.company.name for row in rows] == [
        "Atelier Aquitain",
        "Bronzes du Born",
        "Chaudronnerie Périgourdine",
    ]
    assert [p.title for p in rows[0].projects] == ["Usine connectée"]
    # Primary and secondary axes, once each, in the programme's order.
    assert [a.code for a in rows[0].axes] == ["digital", "process"]
    assert [a.code for a in rows[1].axes] == ["marketing"]


def test_a_range_counts_each_year_against_its_target_and_each_company_once_overall():
    build_2016()

    progress = stats_supported.support_progress(Period(2015, 2017), TODAY)

    assert [(y.year, y.supported, y.target) for y in progress.years] == [
        (2015, 0, 15),
        (2016, 3, 20),
        (2017, 1, 25),
    ]
    assert progress.supported_sum == 4
    assert progress.target_sum == 60
    assert progress.distinct_companies == 4
    assert progress.missing_targets == []


def test_a_company_supported_two_years_counts_in_each_year_and_once_over_the_range():
    companies = build_2016()
    again = project(
        companies["p1"].company, "Deuxième projet", moment(2016, 11, 1), Stage.IN_SUPPORT,
        support_started_on=datetime.date(2017, 3, 1),
    )  # fmt: skip
    assert again.company.name == "Atelier Aquitain"

    progress = stats_supported.support_progress(Period(2016, 2017), TODAY)

    assert [y.supported for y in progress.years] == [3, 2]
    assert progress.supported_sum == 5
    assert progress.distinct_companies == 4


@freeze_time("2026-09-15 12:00")
def test_the_pace_spreads_what_remains_over_the_months_left_this_month_included():
    YearlyTarget.objects.create(year=2026, companies_target=10)
    for index in range(4):
        project(
            CompanyFactory(), f"P{index}", moment(2026, 1, 10), Stage.IN_SUPPORT,
            support_started_on=datetime.date(2026, 3, index + 1),
        )  # fmt: skip

    year = stats_supported.support_progress(Period.year(2026), timezone.localdate()).years[0]

    # 10 - 4 = 6 companies over September, October, November and December.
    assert (year.supported, year.remaining, year.months_left) == (4, 6, 4)
    assert year.pace == Decimal("1.5")


def test_months_left_in_a_past_current_or_future_year():
    today = datetime.date(2026, 12, 3)
    assert stats_supported.months_left_in(2025, today) == 0
    assert stats_supported.months_left_in(2026, today) == 1
    assert stats_supported.months_left_in(2027, today) == 12


def test_a_year_without_target_has_no_remaining_nor_pace():
    year = stats_supported.YearProgress(year=2030, supported=2, target=None, months_left=12)
    assert year.remaining is None and year.pace is None and year.percent is None
    progress = stats_supported.SupportProgress(years=[year], distinct_companies=2)
    assert progress.target_sum is None and progress.missing_targets == [2030]


def test_a_target_already_reached_needs_no_more_pace():
    year = stats_supported.YearProgress(year=2030, supported=12, target=10, months_left=5)
    assert year.reached and year.remaining == 0 and year.pace == Decimal("0.0")


# --- The projects received in the period


def test_the_pipeline_counts_the_projects_received_in_the_period_by_their_stage_now():
    build_2016()

    pipeline = stats_figures.pipeline(Y2016)

    assert [bar.key for bar in pipeline.bars] == Stage.values  # the pipeline's order
    assert bars(pipeline) == {
        **dict.fromkeys(Stage.values, 0),
        "intake": 1,  # P3
        "in_support": 1,  # P1
        "completed": 1,  # P2
        "abandoned": 1,  # P5
    }
    assert pipeline.total == 4


def test_projects_by_axis_count_main_and_secondary_axes_each_project_once_per_axis():
    build_2016()

    by_axis = bars(stats_figures.by_axis(Y2016))

    # P1 digital (main and secondary) + process; P2 marketing; P3 digital; P5 process + social.
    assert by_axis == {
        "management": 0,
        "social": 1,
        "marketing": 1,
        "digital": 2,
        "process": 2,
        "crossover": 0,
    }


def test_projects_by_department_and_headcount_band():
    build_2016()

    assert bars(stats_figures.by_department(Y2016)) == {"24": 0, "33": 2, "40": 2, "47": 0, "64": 0}
    headcounts = stats_figures.by_headcount(Y2016)
    assert bars(headcounts) == {
        "1-9": 2,
        "10-49": 1,
        "50-249": 0,
        "250-499": 0,
        "500+": 0,
        "none": 1,  # D gave no headcount
    }
    assert headcounts.total == 4


def test_the_median_time_to_decision_uses_each_projects_first_decision_in_the_period():
    build_2016()

    decisions = stats_figures.decision_times(Y2016)

    # P4: 1 Nov 2015 → 20 Jan 2016 = 80 days; P1: 40 days (first decision); P2: 60 days.
    # P6 (first decided in 2015) and P7 (2017) are left out: 40, 60 and 80 days.
    assert decisions.median == 60
    assert (decisions.shortest, decisions.longest, decisions.count) == (40, 80, 3)


def test_the_median_of_an_even_number_of_durations_is_the_mean_of_the_middle_two():
    assert stats_figures.DecisionTimes([10, 20, 31, 90]).median == 25.5
    assert stats_figures.DecisionTimes([]).median is None


def test_money_asked_and_obtained_by_kind_of_financing():
    build_2016()

    financing = stats_figures.financing(Y2016)

    rows = {row.kind: row for row in financing.rows}
    assert [row.kind for row in financing.rows] == FinancingLine.Kind.values
    grant, loan = rows["grant"], rows["loan"]
    assert (grant.lines, grant.projects, grant.asked, grant.obtained) == (2, 2, 15000, 13000)
    assert (loan.lines, loan.projects, loan.asked, loan.obtained) == (1, 1, 50000, 0)
    assert rows["equity"].asked == 0 and rows["equity"].lines == 0
    assert (financing.asked, financing.obtained) == (Decimal("65000"), Decimal("13000"))


def test_support_actions_by_kind_with_days_of_effort_leaving_out_cancelled_ones():
    build_2016()

    actions = stats_figures.support_actions(Y2016)

    rows = {row.kind: (row.actions, row.days) for row in actions.rows}
    assert rows["expertise"] == (2, Decimal("8.5"))
    assert rows["training"] == (1, Decimal("2"))
    assert rows["intern"] == (1, Decimal("0"))
    assert rows["individual"] == (0, Decimal("0"))
    assert (actions.actions, actions.days) == (4, Decimal("10.5"))


def test_follow_up_outcomes_add_each_projects_latest_answer():
    build_2016()

    outcomes = stats_figures.outcomes(Y2016)

    # P1 at 6 months (2 created, 6 kept, launched, 5/5) and P2 at 3 months (0, 2, launched, 4/5).
    assert outcomes.answers == 3
    assert outcomes.projects == 2
    assert (outcomes.jobs_created, outcomes.jobs_kept) == (2, 8)
    assert outcomes.products_launched == 2
    assert outcomes.satisfaction == Decimal("4.5")
    assert outcomes.satisfaction_answers == 2


def test_an_empty_period_gives_zeros_and_no_median():
    figures = stats_cache.programme_figures(Period.year(2030), TODAY)

    assert figures.progress.distinct_companies == 0
    assert figures.received == 0
    assert figures.decisions.median is None
    assert figures.financing.asked == 0
    assert figures.actions.days == 0
    assert figures.outcomes.satisfaction is None and figures.outcomes.jobs_created == 0
    assert figures.supported == []


# --- Links to the lists they count


def test_each_breakdown_links_to_the_project_list_with_the_matching_filters():
    build_2016()

    figures = stats_cache.programme_figures(Y2016, TODAY)

    pipeline = {bar.key: bar.url for bar in figures.pipeline.bars}
    assert pipeline["intake"] == "/projets/?etape=intake&annee=2016"
    assert {bar.key: bar.url for bar in figures.axes.bars}["digital"] == (
        "/projets/?axe=digital&annee=2016"
    )
    assert {bar.key: bar.url for bar in figures.departments.bars}["33"] == (
        "/projets/?departement=33&annee=2016"
    )
    assert {bar.key: bar.url for bar in figures.headcounts.bars}["1-9"] == (
        "/projets/?effectif=1-9&annee=2016"
    )
    assert {bar.key: bar.url for bar in figures.headcounts.bars}["none"] == (
        "/projets/?effectif=aucun&annee=2016"
    )
    assert figures.received_url == "/projets/?annee=2016"


def test_over_a_range_the_links_keep_their_filter_and_the_years_of_intake():
    period = Period(2015, 2017)
    assert stats_figures.project_list_url(period, etape="decided") == (
        "/projets/?etape=decided&recus=2015-2017"
    )
    assert stats_figures.project_list_url(period) == "/projets/?recus=2015-2017"
    assert stats_figures.project_list_url(decides="2016") == "/projets/?decides=2016"
    assert stats_figures.project_list_url() == "/projets/"


def test_the_charts_data_is_plain_json():
    import json

    build_2016()
    charts = stats_cache.programme_figures(Y2016, TODAY).charts()

    decoded = json.loads(json.dumps(charts))
    assert decoded["pipeline"]["values"] == [1, 0, 0, 0, 0, 0, 1, 1, 1]
    assert decoded["progress"] == {"labels": ["2016"], "supported": [3], "targets": [20]}
    assert decoded["financing"]["asked"][:2] == [15000.0, 50000.0]


def test_a_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(2017, 2016)


def test_over_a_range_the_pace_that_matters_is_the_first_year_not_over():
    progress = stats_supported.support_progress(Period(2025, 2027), datetime.date(2026, 9, 15))
    assert progress.current.year == 2026
    assert stats_supported.support_progress(Period(2015, 2017), TODAY).current is None
