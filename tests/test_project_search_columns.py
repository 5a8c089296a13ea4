"""The project's derived columns: the folded text the search compares (`search_text`) and the
company's name the list sorts by (`company_sort_name`), written by the database's triggers
(projects/search_columns.py) on every way a project or its company's name is written."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.filters import SORTS, search_projects
from projects.models import Project
from projects.search_columns import backfill, install_triggers
from projects.services.personal_data import contact_anonymise

from .factories import CompanyFactory, ContactFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:list")


def stored(project: Project) -> tuple[str, str]:
    return Project.objects.values_list("search_text", "company_sort_name").get(pk=project.pk)


def lowered_name(project: Project) -> str:
    return Project.objects.values_list(Lower("company__name"), flat=True).get(pk=project.pk)


def found(text: str) -> list[Project]:
    return list(search_projects(Project.objects.all(), text))


def test_the_admin_search_finds_a_project_by_its_text_or_its_company_s_siret_prefix():
    company = CompanyFactory(name="Forges Adour")
    project = ProjectFactory(company=company, title="Presse 1200 tonnes")
    ProjectFactory(title="Autre")
    siren = company.siret[:9]

    assert list(search_projects(Project.objects.all(), "1200", siret=True)) == [project]
    spaced = f"{siren[:3]} {siren[3:6]} {siren[6:]}"
    assert list(search_projects(Project.objects.all(), spaced, siret=True)) == [project]
    assert list(search_projects(Project.objects.all(), siren)) == []  # the list: text only


def test_a_new_project_holds_its_texts_folded_and_its_company_s_name_for_the_sort():
    company = CompanyFactory(name="Forges du Médoc")
    project = ProjectFactory(
        company=company, title="Ébavurage robotisé", description="Cellule Œuvre"
    )

    assert stored(project) == (
        "ebavurage robotise\ncellule oeuvre\nforges du medoc",
        "forges du médoc",
    )


def test_saving_a_new_title_rewrites_the_search_text():
    project = ProjectFactory(title="Soudure laser")

    project.title = "Décolletage de précision"
    project.save()

    assert found("decolletage") == [project]
    assert found("soudure") == []


def test_a_queryset_update_of_the_description_rewrites_the_search_text():
    project = ProjectFactory(description="Presse hydraulique")

    Project.objects.filter(pk=project.pk).update(description="Maintenance prédictive")

    assert found("predictive") == [project]
    assert found("hydraulique") == []


def test_moving_a_project_to_another_company_rewrites_both_columns():
    project = ProjectFactory(company=CompanyFactory(name="Atelier Adour"))

    project.company = CompanyFactory(name="Usinage Bidart")
    project.save()

    assert found("bidart") == [project]
    assert found("adour") == []
    assert stored(project)[1] == "usinage bidart"


def test_renaming_a_company_rewrites_the_columns_of_each_of_its_projects():
    company = CompanyFactory(name="Chaudronnerie Lafitte")
    projects = [ProjectFactory(company=company), ProjectFactory(company=company)]
    other = ProjectFactory(company=CompanyFactory(name="Chaudronnerie Etchart"))

    company.name = "Tôlerie Lafitte"
    company.save()

    assert sorted(found("tolerie"), key=lambda p: p.pk) == projects
    assert found("chaudronnerie") == [other]
    assert {stored(project)[1] for project in projects} == {"tôlerie lafitte"}


def test_a_write_to_the_columns_themselves_is_put_right():
    project = ProjectFactory(title="Fonderie", company=CompanyFactory(name="Zeta"))

    Project.objects.filter(pk=project.pk).update(search_text="faux", company_sort_name="aaa")

    assert stored(project)[0].startswith("fonderie\n")
    assert stored(project)[1] == "zeta"


def test_the_erasure_of_a_name_leaves_no_folded_copy_of_it(officer):
    contact = ContactFactory(first_name="Héloïse", last_name="Dubreuil")
    project = ProjectFactory(
        company=contact.company,
        title="Ligne de Héloïse Dubreuil",
        description="Demande déposée par Héloïse Dubreuil.",
    )
    assert "heloise dubreuil" in stored(project)[0]

    contact_anonymise(contact=contact, by=officer)

    assert "heloise" not in stored(project)[0]
    assert "[efface]" in stored(project)[0]
    assert found("dubreuil") == []


def test_the_backfill_computes_the_columns_of_rows_written_before_them():
    project = ProjectFactory(title="Forge", company=CompanyFactory(name="Étampage Sud"))
    with connection.cursor() as cursor:
        # As the rows were before the migration: the columns empty (no trigger fired).
        _disable_triggers(cursor)
        cursor.execute(
            "UPDATE projects_project SET search_text = '', company_sort_name = '' WHERE id = %s",
            [project.pk],
        )
        _enable_triggers(cursor)
    assert stored(project) == ("", "")

    assert backfill(connection, batch=1) == 1

    text, sort_name = stored(project)
    assert text.startswith("forge\n") and text.endswith("\netampage sud")
    assert sort_name == lowered_name(project)  # the database's lower(): SQLite's is ASCII's


def _disable_triggers(cursor) -> None:
    if connection.vendor == "postgresql":
        # The foreign keys' deferred checks first: a table with pending ones cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE projects_project DISABLE TRIGGER project_search_columns")
    else:
        cursor.execute("DROP TRIGGER project_search_columns_update")


def _enable_triggers(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE projects_project ENABLE TRIGGER project_search_columns")
    else:
        install_triggers(connection)


@pytest.mark.sqlite_only  # SQLite rebuilds tables (and drops their triggers)
def test_sqlite_s_triggers_come_back_after_a_migration_rebuilt_the_table():
    with connection.cursor() as cursor:
        _disable_triggers(cursor)  # as a rebuild of the table drops them

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    project = ProjectFactory(title="Rectification")
    Project.objects.filter(pk=project.pk).update(title="Brunissage")
    assert found("brunissage") == [project]


def test_the_sort_by_company_keeps_the_order_of_the_companies_lowercased_names(client, officer):
    names = ["beta", "Alpha", "Gamma", "alpha", "Delta"]
    for name in names:
        company = CompanyFactory(name=name)
        ProjectFactory(company=company)
        ProjectFactory(company=company)
    client.force_login(officer)

    for sort, descending in (("entreprise", False), ("-entreprise", True)):
        response = client.get(URL, {"tri": sort})
        listed = [project.pk for project in response.context["page_obj"]]
        name = Lower("company__name")
        order = (
            (name.desc(), "-company_id", "-created_at", "-id")
            if descending
            else (name, "company_id", "-created_at", "-id")
        )
        expected = list(Project.objects.order_by(*order).values_list("pk", flat=True))
        assert listed == expected


def test_a_deep_page_sorted_by_company_costs_the_queries_of_its_first_page(client, officer):
    for n in range(60):
        ProjectFactory(company=CompanyFactory(name=f"Atelier {n:02}"))
    client.force_login(officer)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, {"tri": "-entreprise"})
    with CaptureQueriesContext(connection) as deep:
        response = client.get(URL, {"tri": "-entreprise", "page": 3})

    assert len(response.context["page_obj"]) == 10
    assert len(deep) == len(first)


# --- PostgreSQL reads them through their indexes


def _plan(sql: str, params, *, refused: tuple[str, ...]) -> str:
    """The plan, the tiny test table's cheaper ways refused (`enable_…` settings)."""
    with connection.cursor() as cursor:
        for setting in refused:
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgresql_only
def test_postgresql_searches_the_stored_text_through_its_trigram_index():
    ProjectFactory(title="Capteurs sur la presse", company=CompanyFactory(name="Forges Adour"))
    sql, params = search_projects(Project.objects.all(), "adour").query.sql_with_params()

    plan = _plan(sql, params, refused=("seqscan", "indexscan"))

    assert "project_search_text_trgm_idx" in plan
    assert "unaccent" not in plan and "pmi_fold(projects_project" not in plan


@pytest.mark.postgresql_only
def test_postgresql_walks_the_sort_by_company_in_index_order():
    ProjectFactory()
    for sort, index in (
        ("entreprise", "project_company_order_idx"),
        ("-entreprise", "project_company_desc_order_idx"),
    ):
        ids = Project.objects.order_by(*SORTS[sort]).values("pk")[100:125]
        sql, params = ids.query.sql_with_params()
        # An incremental sort over the index's first column is refused too: chosen at times
        # after other tests' rows changed the table's statistics.
        plan = _plan(sql, params, refused=("seqscan", "bitmapscan", "sort", "incremental_sort"))
        # Read in the index's order: no sort of the rows (a refused sort would still show).
        assert index in plan and "Sort" not in plan
