"""Scheme suggestions on a small directory whose right answer is known."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from companies.models import Department, HeadcountBand
from projects.matching.index import index_schemes
from projects.matching.ranking import suggest_schemes
from projects.models import InterventionAxis, Need, PartnerOrganisation, Resource, SupportScheme

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def scheme(name: str, axes: list[str], **fields) -> SupportScheme:
    organisation, _ = PartnerOrganisation.objects.get_or_create(
        name=fields.pop("organisation", "ADI Nouvelle-Aquitaine"),
        defaults={"kind": PartnerOrganisation.Kind.AGENCY},
    )
    created = SupportScheme.objects.create(
        organisation=organisation, name=name, kind=fields.pop("kind", "funding"), **fields
    )
    created.axes.add(*InterventionAxis.objects.filter(code__in=axes))
    return created


@pytest.fixture
def digital_project():
    company = CompanyFactory(
        headcount_band=HeadcountBand.SMALL,
        department=Department.LANDES,
        postcode="40100",
        city="Dax",
    )
    project = ProjectFactory(company=company, axis_codes=["digital", "process"])
    project.primary_axis = axis("digital")
    project.save()
    Need.objects.create(
        project=project,
        axis=axis("process"),
        title="Réduire les rebuts",
        priority=Need.Priority.HIGH,
    )
    return project


def test_schemes_are_ranked_by_what_they_match_with_reasons(digital_project):
    usine = scheme("Usine du futur", ["digital", "process"])  # 3 + 2 + 2 = 7
    diag = scheme("Diagnostic numérique", ["digital"], headcount_bands=["10-49"])  # 3 + 1 = 4
    lean = scheme("Lean PME", ["process"])  # 2 + 2 = 4
    scheme("Export", ["marketing"])  # serves nothing the project needs

    suggestions = suggest_schemes(digital_project)

    assert [s.scheme for s in suggestions] == [usine, diag, lean]
    assert [s.score for s in suggestions] == [7, 4, 4]
    assert suggestions[0].reasons == [
        "sert l'axe principal « Transformation numérique »",
        "sert l'axe « Optimisation économique et technologique des procédés »",
        "répond au besoin « Réduire les rebuts »",
    ]
    assert "destiné aux entreprises de 10 à 49 salariés" in suggestions[1].reasons


def test_schemes_that_exclude_the_company_are_not_suggested(digital_project):
    scheme("Réservé aux ETI", ["digital"], headcount_bands=["250-499", "500+"])
    scheme("Gironde seulement", ["digital"], departments=["33"])
    landes = scheme("Landes numérique", ["digital"], departments=["40"])
    scheme("Fermé", ["digital"], is_active=False)

    suggestions = suggest_schemes(digital_project)

    assert [s.scheme for s in suggestions] == [landes]
    assert "intervient en Landes (40)" in suggestions[0].reasons


def test_a_scheme_already_retained_is_not_suggested_again(digital_project):
    retained = scheme("Usine du futur", ["digital"])
    other = scheme("Diagnostic numérique", ["digital"])
    Resource.objects.create(project=digital_project, scheme=retained)

    assert [s.scheme for s in suggest_schemes(digital_project)] == [other]


def test_a_project_without_axes_gets_no_suggestion():
    scheme("Usine du futur", ["digital"])
    assert suggest_schemes(ProjectFactory()) == []


def test_suggestions_take_a_fixed_number_of_queries(
    digital_project, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # The project's axes and needs, then the matching's five (the project's dismissals and
    # retained schemes, its similar projects by axis and by trade (no history to read here),
    # schemes shown), and the directory's version, a query when the cache is the database's
    # (no Redis); after a write to the directory, four more to read it again (schemes, axes,
    # calls, terms).
    version = 1 if isinstance(caches["default"], DatabaseCache) else 0
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(10):
            scheme(f"Dispositif {index}", ["digital", "process"])
        index_schemes(SupportScheme.objects.all())
    with django_assert_num_queries(11 + version):
        assert len(suggest_schemes(digital_project)) == 10
    with django_assert_num_queries(7 + version):
        assert len(suggest_schemes(digital_project)) == 10
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(10, 100):
            scheme(f"Dispositif {index}", ["digital", "process"])
        index_schemes(SupportScheme.objects.all())
    with django_assert_num_queries(11 + version):
        assert len(suggest_schemes(digital_project)) == 10
    with django_assert_num_queries(7 + version):
        assert len(suggest_schemes(digital_project)) == 10
