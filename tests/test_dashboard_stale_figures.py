"""After a write, the dashboard shows the figures it had at once, with a note, while a Celery
task computes the current ones (stale-while-revalidate); the report never shows stale figures.

Unit tests run Celery eagerly; tests about what happens while the refresh waits for a worker
replace the task's `delay` with a mock that only records the call.
"""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from freezegun import freeze_time
from kombu.exceptions import OperationalError

from projects import tasks
from projects.stats import cache as stats_cache
from projects.stats import figures as stats_figures
from projects.stats.period import Period

from .background import fetch_in_background, job_storage  # noqa: F401 - a fixture
from .test_dashboard_stats import TODAY, Y2016, build_2016

pytestmark = pytest.mark.django_db

URL = reverse("projects:dashboard")
NOTE = "une mise à jour est en cours, rechargez la page dans un instant"
OLD_NAME, NEW_NAME = "Atelier Aquitain", "Ateliers Réunis"


@pytest.fixture
def dashboard(client, officer):
    """The 2016 dashboard's HTML, as an officer."""
    client.force_login(officer)
    return lambda: client.get(URL, {"annee": 2016}).content.decode()


def rename_a_supported_company(built) -> None:
    company = built["p1"].company
    company.name = NEW_NAME
    company.save()


@pytest.fixture
def queued():
    """The refresh's `delay`, recording the calls as a broker would, without running them."""
    with mock.patch.object(tasks.refresh_programme_figures, "delay") as delay:
        yield delay


def refresh_as_a_worker_would(queued) -> None:
    tasks.refresh_programme_figures(**queued.call_args.kwargs)


@freeze_time("2026-03-10 09:32")
def test_after_a_write_the_previous_figures_are_shown_at_once_with_a_note(dashboard, queued):
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)

    page = dashboard()

    assert OLD_NAME in page and NEW_NAME not in page
    # 09:32 UTC is 10 h 32 in Paris.
    assert f"Chiffres calculés à 10 h 32 ; {NOTE}." in " ".join(page.split())


def test_the_note_is_a_status_announced_to_screen_readers(dashboard, queued):
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)

    page = dashboard()

    note = page[page.index('role="status"') :]
    assert NOTE in note[: note.index("</div>")]


def test_two_views_of_stale_figures_hand_one_refresh_to_the_workers(dashboard, queued):
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)

    first, second = dashboard(), dashboard()

    assert NOTE in first and NOTE in second
    queued.assert_called_once_with(
        first_year=2016,
        last_year=2016,
        today=queued.call_args.kwargs["today"],
        supported_limit=100,
        language="fr",
    )


def test_after_the_refresh_the_next_view_shows_the_current_figures_without_the_note(
    dashboard, queued
):
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)
    assert NOTE in dashboard()

    refresh_as_a_worker_would(queued)

    page = dashboard()
    assert NEW_NAME in page and OLD_NAME not in page
    assert NOTE not in page


def test_a_write_after_a_refresh_hands_a_new_refresh_to_the_workers(dashboard, queued):
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)
    dashboard()
    refresh_as_a_worker_would(queued)

    stats_cache.forget_figures()

    assert NOTE in dashboard()
    assert queued.call_count == 2


def test_a_refresh_finished_before_the_view_looks_again_is_shown(dashboard):
    # Celery runs eagerly here: the refresh is done by the time the view reads the cache again.
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)

    page = dashboard()

    assert NEW_NAME in page and NOTE not in page


def test_with_the_broker_down_the_figures_are_computed_in_the_request(dashboard):
    built = build_2016()
    dashboard()
    rename_a_supported_company(built)

    with mock.patch.object(
        tasks.refresh_programme_figures, "delay", side_effect=OperationalError("refused")
    ):
        page = dashboard()
        assert NEW_NAME in page and NOTE not in page

        # And the next stale view may try the broker again.
        stats_cache.forget_figures()
        dashboard()
        assert tasks.refresh_programme_figures.delay.call_count == 2


def test_with_no_figures_cached_they_are_computed_in_the_request(dashboard, queued):
    build_2016()

    page = dashboard()

    assert OLD_NAME in page and NOTE not in page
    queued.assert_not_called()


@pytest.mark.usefixtures("job_storage")
def test_the_report_never_uses_stale_figures(client, officer, queued):
    built = build_2016()
    stats_cache.programme_figures(Y2016, TODAY)
    rename_a_supported_company(built)
    client.force_login(officer)

    response = fetch_in_background(client, reverse("projects:report_pdf"), {"annee": 2016})

    assert response.status_code == 200
    queued.assert_not_called()
    names = {row.company.name for row in stats_cache.programme_figures(Y2016, TODAY).supported}
    assert NEW_NAME in names


def test_figures_are_fresh_unless_stale_ones_are_allowed(queued):
    built = build_2016()
    stats_cache.programme_figures(Y2016, TODAY, allow_stale=True)
    rename_a_supported_company(built)

    stale = stats_cache.programme_figures(Y2016, TODAY, allow_stale=True)
    fresh = stats_cache.programme_figures(Y2016, TODAY)

    assert stale.stale and not fresh.stale
    assert NEW_NAME not in {row.company.name for row in stale.supported}
    assert NEW_NAME in {row.company.name for row in fresh.supported}


def test_the_refresh_run_twice_stores_the_same_figures():
    built = build_2016()
    stats_cache.programme_figures(Y2016, TODAY)
    rename_a_supported_company(built)
    arguments = {
        "first_year": 2016,
        "last_year": 2016,
        "today": TODAY.isoformat(),
        "supported_limit": None,
        "language": "fr",
    }
    key = stats_cache.figures_key(Y2016, TODAY, None)

    assert tasks.refresh_programme_figures(**arguments) is True
    stored = cache.get(key)
    assert tasks.refresh_programme_figures(**arguments) is False

    assert cache.get(key) == stored
    assert NEW_NAME in {row.company.name for row in stored[1].supported}


def test_a_write_during_the_refresh_leaves_its_figures_stale(queued):
    built = build_2016()
    stats_cache.programme_figures(Y2016, TODAY)
    rename_a_supported_company(built)
    compute = stats_figures.compute_programme_figures

    def compute_while_someone_writes(*args, **kwargs):
        figures = compute(*args, **kwargs)
        stats_cache.forget_figures()
        return figures

    with mock.patch.object(stats_cache, "compute_programme_figures", compute_while_someone_writes):
        stats_cache.programme_figures_refresh(Y2016, TODAY)

    assert stats_cache.programme_figures(Y2016, TODAY, allow_stale=True).stale


def test_the_refresh_computes_in_the_language_the_figures_are_shown_in(queued):
    build_2016()
    stats_cache.programme_figures(Period.year(2016), TODAY)
    stats_cache.forget_figures()

    tasks.refresh_programme_figures(
        first_year=2016,
        last_year=2016,
        today=TODAY.isoformat(),
        supported_limit=None,
        language="fr",
    )

    assert not stats_cache.programme_figures(Y2016, TODAY, allow_stale=True).stale
