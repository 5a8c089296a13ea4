"""The programme's figures are cached per period until something they count changes.

Each test reads the figures once (cached), writes the way the portal does, and reads again:
the second reading must show the write.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from projects import reminders, workflow
from projects.models import (
    DecisionOutcome,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Stage,
    SupportAction,
    YearlyTarget,
)
from projects.stats import cache as stats_cache
from projects.stats import figures as stats_figures
from projects.stats.period import Period

from .factories import CompanyFactory, ProjectFactory, record_decision
from .test_dashboard_stats import TODAY, Y2016, build_2016

pytestmark = pytest.mark.django_db


def figures(period: Period = Y2016) -> stats_figures.ProgrammeFigures:
    return stats_cache.programme_figures(period, TODAY)


def test_figures_read_twice_without_a_change_are_computed_once():
    build_2016()
    first = figures()

    with CaptureQueriesContext(connection) as captured:
        again = figures()

    assert again == first
    assert not [q for q in captured.captured_queries if "projects_" in q["sql"]]


def test_each_period_day_and_list_length_has_its_own_figures():
    build_2016()
    one_year = figures()

    assert stats_cache.programme_figures(Period(2016, 2017), TODAY).progress.distinct_companies == 4
    capped = stats_cache.programme_figures(Y2016, TODAY, supported_limit=1)
    assert capped.supported != one_year.supported
    next_day = stats_cache.programme_figures(Y2016, TODAY + datetime.timedelta(days=1))
    assert next_day.today != one_year.today
    assert figures() == one_year


@freeze_time("2026-03-10 11:00")
def test_a_project_entering_support_through_the_workflow_counts_at_once(manager):
    company = CompanyFactory()
    project = ProjectFactory(company=company, stage=Stage.DECIDED)
    record_decision(project, DecisionOutcome.APPROVED)
    SupportAction.objects.create(project=project, kind="expertise", title="Audit", days=2)
    this_year = Period.year(2026)
    before = stats_cache.programme_figures(this_year).progress.distinct_companies

    workflow.project_move(project=project, target=Stage.IN_SUPPORT, by=manager)

    after = stats_cache.programme_figures(this_year)
    assert after.progress.distinct_companies == before + 1
    assert company.pk in {row.company.pk for row in after.supported}


def test_a_new_financing_line_shows_in_the_financing():
    built = build_2016()
    assert figures().financing.asked == Decimal("65000")

    FinancingLine.objects.create(
        project=built["p2"], source_label="Bpifrance", kind="loan", amount_asked=1000
    )

    assert figures().financing.asked == Decimal("66000")


def test_a_company_moving_departement_moves_its_projects_bar():
    built = build_2016()
    bars = {bar.key: bar.value for bar in figures().departments.bars}
    assert bars["40"] == 2  # Bronzes du Born, Landes

    company = built["p2"].company
    company.department = "64"
    company.save()

    bars = {bar.key: bar.value for bar in figures().departments.bars}
    assert (bars["40"], bars["64"]) == (0, 2)


def test_an_axis_added_to_a_project_counts_in_the_axes():
    built = build_2016()
    social = InterventionAxis.objects.get(code="social")
    before = {bar.key: bar.value for bar in figures().axes.bars}["social"]

    built["p2"].axes.add(social)

    assert {bar.key: bar.value for bar in figures().axes.bars}["social"] == before + 1


def test_a_changed_target_shows_at_once():
    build_2016()
    assert figures().progress.years[0].target == 20

    YearlyTarget.objects.filter(year=2016).get().delete()

    assert figures().progress.years[0].target is None


@freeze_time("2026-06-14 10:00:00")
def test_a_company_answering_its_survey_shows_in_the_outcomes(client):
    project = ProjectFactory(stage=Stage.IN_SUPPORT)
    follow_up = FollowUp.objects.create(project=project, months=3, due_on=datetime.date(2026, 6, 1))
    this_year = Period.year(2026)
    assert stats_cache.programme_figures(this_year).outcomes.answers == 0
    url = reverse("projects:survey", args=[reminders.survey_token(follow_up_id=follow_up.pk)])

    response = client.post(
        url,
        {
            "jobs_created": "2",
            "jobs_kept": "14",
            "turnover_effect": FollowUp.TurnoverEffect.MEDIUM,
            "product_launched": "oui",
            "satisfaction": "4",
            "comment": "",
        },
    )

    assert response.status_code == 302
    outcomes = stats_cache.programme_figures(this_year).outcomes
    assert (outcomes.answers, outcomes.jobs_created) == (1, 2)


def test_a_write_is_shown_after_its_commit_even_if_another_request_cached_older_figures(
    django_capture_on_commit_callbacks,
):
    built = build_2016()
    older = stats_figures.compute_programme_figures(Y2016, TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        FinancingLine.objects.create(
            project=built["p2"], source_label="Région", kind="grant", amount_asked=1
        )
        # Another request, not seeing the uncommitted line, caches what it read.
        key = stats_cache.figures_key(Y2016, TODAY, None)
        cache.set(key, (cache.get(stats_cache.FIGURES_VERSION_KEY), older))
        assert figures() == older

    assert figures().financing.asked == older.financing.asked + 1


def test_without_a_cache_the_figures_are_still_computed(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    build_2016()
    assert figures().progress.distinct_companies == 3
    assert timezone.localdate()


def test_the_dashboard_lists_a_renamed_supported_company_under_its_new_name(client, officer):
    built = build_2016()
    client.force_login(officer)
    url = reverse("projects:dashboard")
    assert "Atelier Aquitain" in client.get(url, {"annee": 2016}).text

    company = built["p1"].company
    company.name = "Ateliers Réunis"
    company.save()

    page = client.get(url, {"annee": 2016}).text
    assert "Ateliers Réunis" in page and "Atelier Aquitain" not in page


def test_a_manager_and_an_officer_each_get_their_own_page_from_the_same_figures(
    client, manager, officer
):
    build_2016()
    url = reverse("projects:dashboard")
    edit_link = reverse("projects:target_edit", args=[2016])
    client.force_login(manager)
    assert edit_link in client.get(url, {"annee": 2016}).text

    client.force_login(officer)

    assert edit_link not in client.get(url, {"annee": 2016}).text


def test_a_target_changed_through_its_form_shows_on_the_dashboard(client, manager):
    build_2016()
    url = reverse("projects:dashboard")
    client.force_login(manager)
    client.get(url, {"annee": 2016})

    client.post(
        reverse("projects:target_edit", args=[2016]), {"year": 2016, "companies_target": 42}
    )

    assert 'data-figure="target">42<' in client.get(url, {"annee": 2016}).text
