"""The dashboard and the yearly report in a real headless Chromium: charts, tables, axe-core."""

import importlib
import io
import os

import pytest
from django.apps import apps as installed_apps
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from .background import job_storage  # noqa: F401 - a fixture
from .browser import blocking_violations
from .test_dashboard_stats import build_2016

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEEDS = [
    ("pmi_aqt.accounts.migrations.0002_seed_roles", "create_role_groups"),
    ("projects.migrations.0002_seed_axes", "seed_axes"),
    ("projects.migrations.0005_seed_yearly_targets", "seed_targets"),
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Roles, axes and targets, as the migrations seed them.

    The serialized rollback should put them back after another transactional test's flush, but
    it does not always reach this test's connection when the whole suite runs; seeding again
    changes nothing when they are there.
    """
    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(installed_apps, None)


CHARTS = ["progress", "pipeline", "axes", "departments", "headcounts", "financing", "actions"]

ALL_CHARTS_BUILT = """
() => {
  const canvases = Array.from(document.querySelectorAll("canvas[data-chart]"));
  return window.Chart && canvases.length > 0 && canvases.every((c) => window.Chart.getChart(c));
}
"""

# Each canvas holds a Chart.js chart that painted something (some pixel is not transparent).
CHARTS_DRAWN = """
() => Array.from(document.querySelectorAll("canvas[data-chart]")).map((canvas) => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { painted += 1; } }
  return {
    name: canvas.dataset.chart,
    chart: Boolean(chart),
    bars: chart ? chart.data.datasets[0].data.length : 0,
    painted: painted,
    width: canvas.width,
  };
})
"""


def log_in(page, live_server, user) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "motdepasse-de-test")
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_the_manager_sees_the_dashboard_drawn_with_its_tables_and_it_passes_axe(
    live_server, page, manager
):
    build_2016()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Every file the page asks for is served (the browser's own favicon request aside).
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(r.url),
    )
    log_in(page, live_server, manager)

    response = page.goto(live_server.url + reverse("projects:dashboard") + "?annee=2016")

    assert response.status == 200
    page.wait_for_function(ALL_CHARTS_BUILT)
    assert errors == []
    assert page.evaluate("typeof window.Chart") == "function"
    drawn = {chart["name"]: chart for chart in page.evaluate(CHARTS_DRAWN)}
    for name in [*CHARTS, "outcomes"]:
        assert drawn[name]["chart"], name
        assert drawn[name]["width"] > 0, name
        assert drawn[name]["painted"] > 0, name
    assert drawn["pipeline"]["bars"] == 9  # one per stage
    # Every chart has its data table beside it, with a caption and header cells.
    for name in [*CHARTS, "outcomes"]:
        table = page.locator(f"table[data-figure={name}]")
        assert table.count() == 1, name
        assert table.locator("caption").count() == 1, name
        assert table.locator("th[scope=col]").count() >= 1, name
    assert page.locator("[data-figure=supported] a").first.text_content().split()[0] == "3"
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        page.screenshot(path=os.environ["DASHBOARD_SCREENSHOT"], full_page=True)

    # The targets' pages, reached from the dashboard, pass too.
    page.get_by_role("link", name="Objectifs annuels").click()
    # The dashboard has an h1 too: wait for the new page's.
    expect(page.locator("main#contenu h1")).to_have_text("Objectifs annuels")
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Modifier l'objectif 2016").click()
    page.get_by_label("Nombre d'entreprises à accompagner").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("alert").count() == 1
    assert blocking_violations(page) == []
    page.get_by_label("Nombre d'entreprises à accompagner").fill("22")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert "Objectif 2016 enregistré : 22 entreprises à accompagner." in page.content()
    assert page.locator("main#contenu h1").count() == 1
    assert blocking_violations(page) == []


@pytest.mark.usefixtures("job_storage")
def test_an_officer_downloads_the_yearly_report_from_the_dashboard(
    live_server, page, officer, tmp_path
):
    build_2016()
    log_in(page, live_server, officer)
    page.goto(live_server.url + reverse("projects:dashboard") + "?annee=2016")

    # The report is prepared in the background: offered, started, then downloaded from its page.
    with page.expect_navigation():
        page.get_by_role("link", name="Rapport d'activité 2016 (PDF)").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Préparer le fichier").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger pmi-en-aqt-rapport-activite-2016.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "pmi-en-aqt-rapport-activite-2016.pdf"
    path = tmp_path / "rapport.pdf"
    download.save_as(path)

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Rapport d'activité 2016" in text
    assert "Atelier Aquitain" in text
    assert os.path.getsize(path) > 1000
