"""The project search: a title, a description or a company's name, read through one index.

With `title ILIKE … OR company.name ILIKE …` PostgreSQL could use neither trigram index and read
every project, for the page and again for the count; the search now compares one stored
column, the three folded together (projects/search_columns.py). Same results, same order, same
count, the same queries at any depth.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.filters import search_projects
from projects.models import Project

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:list")


def listed_titles(response) -> list[str]:
    return [project.title for project in response.context["page_obj"]]


def test_a_project_found_both_by_its_title_and_its_company_is_listed_once(client, officer):
    ProjectFactory(title="Ligne d'usinage", company=CompanyFactory(name="Usinage Bidart"))
    ProjectFactory(title="Robot", company=CompanyFactory(name="Usinage Pujol"))
    ProjectFactory(title="Usinage cinq axes", company=CompanyFactory(name="Forges Dufau"))
    ProjectFactory(title="Soudure", company=CompanyFactory(name="Forges Tastet"))
    client.force_login(officer)

    response = client.get(URL, {"q": "usinage"})

    assert sorted(listed_titles(response)) == ["Ligne d'usinage", "Robot", "Usinage cinq axes"]
    assert "3 projets trouvés" in response.text


def test_the_search_keeps_the_other_filters_and_the_sort(client, officer):
    for n in range(3):
        ProjectFactory(title=f"Usinage {n}", company=CompanyFactory(name=f"Zeta {n}"))
        ProjectFactory(title=f"Soudure {n}", company=CompanyFactory(name=f"Usinage Alpha {n}"))
    client.force_login(officer)

    response = client.get(URL, {"q": "usinage", "tri": "entreprise"})

    assert listed_titles(response) == [f"Soudure {n}" for n in range(3)] + [
        f"Usinage {n}" for n in range(3)
    ]


def test_a_deep_page_of_a_search_costs_the_queries_of_its_first_page(client, officer):
    for n in range(60):
        ProjectFactory(title=f"Usinage {n:02}", company=CompanyFactory(name=f"Atelier {n}"))
    client.force_login(officer)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, {"q": "usinage"})
    with CaptureQueriesContext(connection) as deep:
        response = client.get(URL, {"q": "usinage", "page": 3})

    assert len(listed_titles(response)) == 10
    assert len(deep) == len(first)


def test_the_search_reads_the_stored_text_through_its_trigram_index_on_postgresql():
    ProjectFactory(title="Capteurs sur la presse", company=CompanyFactory(name="Forges Adour"))
    assert search_projects(Project.objects.all(), "adour").count() == 1
    if connection.vendor != "postgresql":
        return  # SQLite has no trigram indexes (the migration leaves it alone)
    sql, params = search_projects(Project.objects.all(), "adour").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Title, description and company's name, folded once when written (projects 0025).
    assert "project_search_text_trgm_idx" in plan
