"""The crawler-driven bench, small: every page it finds answers, at a number of queries that does
not grow with the data.

The scale data is generated at two sizes on the test database (SQLite or PostgreSQL: this runs
in the normal suite, on both); the crawler walks the URL configuration at each size and asks
every page once (no timing). Who may open what is the permission matrix's business
(test_permission_matrix.py); here, a page answering a server error or making more queries on
more data fails, whoever the crawler found to open it.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.http import Http404, HttpResponse
from django.urls import path, reverse

from pmi_aqt.accounts import sessions
from pmi_aqt.accounts.models import SecurityPolicy
from pmi_aqt.accounts.permissions import staff_required
from tooling.bench.crawl import portal_patterns
from tooling.bench.pages import BENCH_URLCONF, measure_pages
from tooling.bench.report import pages_table
from tooling.bench.urls import urlpatterns as bench_urlpatterns

from .background import job_storage  # noqa: F401 - a fixture

# The generator writes its files under fixed names: each crawl in its own folder.
pytestmark = [
    pytest.mark.crawl,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("job_storage"),
]

SMALL, LARGER = 0.0002, 0.001  # 50 and 250 projects, 200 and 1,000 exchanges…

# Pages whose query count may differ between the two data sets, and why.
QUERY_COUNT_MAY_DIFFER = {
    "taskforce:review": (
        "the member's review on the chosen dossier is a draft in one data set and not yet "
        "begun in the other: reading its scores is one query more"
    ),
    "admin:projects_project_delete": (
        "Django's delete confirmation reads each kind of row pointing at the project that it "
        "has (stage changes, needs, lines…): bounded by the schema, not by the rows"
    ),
    "admin:companies_company_delete": (
        "as for a project: the confirmation reads each kind of row pointing at the company's "
        "rows that it has (its projects' placements, collective participations, supported "
        "years…): bounded by the schema, not by the rows"
    ),
    "admin:projects_project_change": (
        "its raw id widgets read the name of each person or company the project names: one "
        "query per foreign key that is set, bounded by the form"
    ),
}

# Pages the generated data gives the crawler no way to open, and why.
NOT_MEASURABLE = {
    "mailing:text_preview_html": "shows the preview the manager's form just put in the session",
}


def crawl_at(scale: float) -> dict:
    call_command("generate_scale_data", scale=scale, reset=True, verbosity=0)
    # Rows a migration seeds are gone if a transactional test flushed the database: the first
    # page to need one would write it and count its queries (the crawl's writes are its own).
    SecurityPolicy.load()
    # Each size starts from the same state: no figures cached, content types read afresh.
    caches["default"].clear()
    ContentType.objects.clear_cache()
    return measure_pages(repeat=0, warmup=0)


@pytest.fixture
def two_crawls(settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["testserver"]
    # Staff sessions record activity once a minute (accounts/sessions.py): whichever page a
    # crawl happens to ask at that minute would count the session's write as its own.
    monkeypatch.setattr(sessions, "REFRESH_EVERY_SECONDS", 24 * 3600)
    return crawl_at(SMALL), crawl_at(LARGER)


def test_every_page_answers_without_a_server_error_at_a_query_count_flat_in_the_data(two_crawls):
    small, larger = two_crawls
    errors = [
        f"{row['page']} {row['path']}: {row['status']}"
        for crawl in (small, larger)
        for row in crawl["pages"]
        if row["status"] >= 500 or not row["ok"]
    ]
    for crawl in (small, larger):
        # A page refused to one subject set (attendance before the session's day) may be
        # opened with the other: each must be opened once at least.
        opened = {row["url_name"] for row in crawl["pages"]}
        errors += [
            f"{problem['key']}: {problem['reason']} {problem['status'] or ''}"
            for problem in crawl["not_measured"]
            if (problem["status"] or 0) >= 500
            or problem["name"] not in opened | NOT_MEASURABLE.keys()
        ]
    assert not errors, (
        "Pages answering a server error, or that the crawler could not open (give it the "
        "page's objects in tooling/bench/crawl.py ARGUMENTS and tooling/bench/subjects.py, or "
        "list the page in NOT_MEASURABLE with the reason):\n" + "\n".join(errors)
    )

    before = {row["page"]: row for row in small["pages"]}
    grown = [
        f"{row['page']}: {before[row['page']]['queries']} queries on the small data set, "
        f"{row['queries']} on the larger ({row['path']})"
        for row in larger["pages"]
        if row["page"] in before
        and row["queries"] != before[row["page"]]["queries"]
        and row["url_name"] not in QUERY_COUNT_MAY_DIFFER
    ]
    assert not grown, "Query counts that change with the data:\n" + "\n".join(grown)
    # Both sizes were crawled the same way: the comparison covers (nearly) every page.
    assert len(before.keys() & {row["page"] for row in larger["pages"]}) > 200


# --- A page nobody listed is crawled


@staff_required
def _a_new_project_page(request, pk):
    return HttpResponse(f"<html><body>Projet {pk}</body></html>")


# More choices than a page should offer in one select: the crawl counts them.
CHOICES_OFFERED = 400


@staff_required
def _a_new_list(request):
    link = reverse("crawl_test_new_detail", kwargs={"widget_pk": 7})
    options = "".join(f'<option value="{n}">{n}</option>' for n in range(CHOICES_OFFERED))
    return HttpResponse(
        f'<html><body><a href="{link}">Le septième</a>'
        f'<label>Choix <select name="choix">{options}</select></label></body></html>'
    )


@staff_required
def _a_new_detail(request, widget_pk):
    return HttpResponse(f"<html><body>Objet {widget_pk}</body></html>")


GADGET = 999_999  # no project has this id


@staff_required
def _gadgets(request):
    link = reverse("crawl_test_gadget", kwargs={"pk": GADGET})
    return HttpResponse(f'<html><body><a href="{link}">Le gadget</a></body></html>')


@staff_required
def _gadget(request, pk):
    # Under projets/, as a project would be, but its own kind of object: only one exists.
    if pk != GADGET:
        raise Http404("Pas de tel objet")
    return HttpResponse(f"<html><body>Objet {pk}</body></html>")


# What the page below has read already in this process, as a cache a first request fills.
_WARMED: set[str] = set()


@staff_required
def _a_page_with_a_cache(request):
    if "figures" not in _WARMED:
        # The first request reads what the next ones find in the cache.
        list(SecurityPolicy.objects.all())
        _WARMED.add("figures")
    return HttpResponse("<html><body>Chiffres</body></html>")


urlpatterns = [
    *bench_urlpatterns,
    path("chiffres/", _a_page_with_a_cache, name="crawl_test_cached"),
    path("projets/<int:pk>/nouvelle-page/", _a_new_project_page, name="crawl_test_new_page"),
    path("nouveaux-objets/", _a_new_list, name="crawl_test_new_list"),
    # An argument nobody told the crawler about: the link on the list above gives it.
    path("nouveaux-objets/<int:widget_pk>/", _a_new_detail, name="crawl_test_new_detail"),
    # A new kind of object under a prefix the crawler reads as a project's: 404 with the
    # project's id, so the link on its list gives the right one.
    path("projets/gadgets/", _gadgets, name="crawl_test_gadgets"),
    path("projets/gadgets/<int:pk>/", _gadget, name="crawl_test_gadget"),
]


def test_the_crawler_measures_a_url_added_to_the_configuration_without_being_told(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    _WARMED.clear()
    call_command("generate_scale_data", scale=SMALL, verbosity=0)
    portal = {pattern.name for pattern in portal_patterns(BENCH_URLCONF)}

    crawl = measure_pages(
        repeat=0,
        warmup=0,
        urlconf=__name__,
        only=lambda name: name not in portal,
        admin=False,
        extras=False,
    )

    rows = {row["page"]: row for row in crawl["pages"]}
    assert {"crawl_test_new_page (typical)", "crawl_test_new_page (heaviest)"} <= rows.keys()
    typical = rows["crawl_test_new_page (typical)"]
    project = crawl["subjects"]["typical"]["project"]
    assert typical["path"] == reverse("crawl_test_new_page", args=[project], urlconf=__name__)
    assert (typical["status"], typical["as"]) == (200, "officer")
    assert rows["crawl_test_new_list"]["status"] == 200
    assert rows["crawl_test_new_list"]["largest_select"] == CHOICES_OFFERED
    assert typical["largest_select"] == 0
    table = pages_table({"pages_repeat": 0, **crawl})
    flagged = [line for line in table if "crawl_test_new_list" in line]
    assert flagged and flagged[0].endswith(f"<-- a select of {CHOICES_OFFERED} options")
    assert rows["crawl_test_new_detail (typical)"]["path"] == "/nouveaux-objets/7/"
    assert rows["crawl_test_gadget (typical)"]["path"] == f"/projets/gadgets/{GADGET}/"
    assert crawl["not_measured"] == []
    # Counted warm: whether an earlier page filled its cache is the crawl's order, not the data.
    assert rows["crawl_test_cached"]["queries"] == rows["crawl_test_new_list"]["queries"]
