"""Student placements: interns, work-study students and PhD students on a project; who may
add, change and remove them; what the form accepts; the list of all of them."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import PartnerOrganisation, Stage, StudentPlacement

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

EDITOR_FIXTURES = ["officer", "manager"]
REFUSED_FIXTURES = ["finance_officer", "member", "company_user", "no_role_user"]
LIST_URL = reverse("projects:placement_list")


@pytest.fixture
def project(officer):
    return ProjectFactory(
        officer=officer,
        stage=Stage.IN_SUPPORT,
        title="Capteurs connectés",
        company=CompanyFactory(name="Forges de l'Adour"),
    )


@pytest.fixture
def school(db):
    return PartnerOrganisation.objects.create(name="ENSAM Bordeaux", kind="school")


@pytest.fixture
def lab(db):
    return PartnerOrganisation.objects.create(name="Laboratoire I2M", kind="lab")


def make_placement(project, institution, **fields) -> StudentPlacement:
    values = {
        "kind": StudentPlacement.Kind.INTERN,
        "student_name": "Léa Etcheverry",
        "degree": "Master 2",
        "starts_on": datetime.date(2026, 3, 2),
        "ends_on": datetime.date(2026, 8, 28),
        "contract_type": StudentPlacement.Contract.INTERNSHIP_AGREEMENT,
        **fields,
    }
    return StudentPlacement.objects.create(project=project, institution=institution, **values)


def create_url(project) -> str:
    return reverse("projects:placement_create", args=[project.pk])


def edit_url(placement) -> str:
    return reverse("projects:placement_edit", args=[placement.project_id, placement.pk])


def delete_url(placement) -> str:
    return reverse("projects:placement_delete", args=[placement.project_id, placement.pk])


def placement_data(institution, /, **overrides) -> dict:
    data = {
        "kind": "work_study",
        "institution": institution.pk,
        "student_name": "  Inès   Duboscq ",
        "degree": "Diplôme d'ingénieur, 4e année",
        "starts_on": "2026-09-01",
        "ends_on": "2028-08-31",
        "company_supervisor": "Marc Larrieu, responsable méthodes",
        "school_supervisor": "Pr Anne Dupuy",
        "contract_type": "apprenticeship",
        "cost": "38 500",
        "aid_amount": "6 000,00",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def section(page: str) -> str:
    return page[
        page.index('id="accompagnement-etudiants"') : page.index('id="accompagnement-suivis"')
    ]


# --- Adding, changing, removing


@pytest.mark.parametrize("fixture_name", EDITOR_FIXTURES)
def test_officers_and_the_manager_add_a_placement(client, as_user, fixture_name, project, school):
    as_user(fixture_name)
    assert client.get(create_url(project)).status_code == 200

    response = client.post(create_url(project), placement_data(school))

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#accompagnement-etudiants"
    placement = project.placements.get()
    assert placement.kind == StudentPlacement.Kind.WORK_STUDY
    assert placement.institution == school
    assert placement.student_name == "Inès Duboscq"
    assert placement.starts_on == datetime.date(2026, 9, 1)
    assert placement.ends_on == datetime.date(2028, 8, 31)
    assert placement.contract_type == StudentPlacement.Contract.APPRENTICESHIP
    assert (placement.cost, placement.aid_amount) == (Decimal("38500"), Decimal("6000"))
    assert placement.net_cost == Decimal("32500")

    plan = section(client.get(project.get_absolute_url()).text)
    assert "Inès Duboscq" in plan and "ENSAM Bordeaux" in plan
    assert "Alternance ingénieur" in plan and "Contrat d&#x27;apprentissage" in plan
    assert "du 01/09/2026 au 31/08/2028" in plan
    assert "Pr Anne Dupuy" in plan and "38\xa0500,00 €" in plan
    assert edit_url(placement) in plan


def test_an_officer_changes_then_removes_a_placement(client, officer, project, school, lab):
    placement = make_placement(project, school)
    client.force_login(officer)

    page = client.get(edit_url(placement)).text
    assert 'value="Léa Etcheverry"' in page and delete_url(placement) in page
    response = client.post(
        edit_url(placement),
        placement_data(
            lab, kind="phd", contract_type="cifre", student_name="Léa Etcheverry", cost=""
        ),
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.kind, placement.institution, placement.contract_type) == ("phd", lab, "cifre")
    assert placement.cost is None and placement.net_cost is None

    response = client.post(delete_url(placement))

    assert response.status_code == 302
    assert not StudentPlacement.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "Le stage ou contrat de Léa Etcheverry est retiré du projet."


@pytest.mark.parametrize("fixture_name", REFUSED_FIXTURES)
def test_the_finance_officer_and_others_cannot_change_placements(
    client, as_user, fixture_name, project, school
):
    placement = make_placement(project, school)
    as_user(fixture_name)

    assert client.get(create_url(project)).status_code == 403
    assert client.post(create_url(project), placement_data(school)).status_code == 403
    assert client.get(edit_url(placement)).status_code == 403
    assert client.post(edit_url(placement), placement_data(school)).status_code == 403
    assert client.post(delete_url(placement)).status_code == 403
    placement.refresh_from_db()
    assert placement.student_name == "Léa Etcheverry"
    assert project.placements.count() == 1


def test_the_finance_officer_reads_the_placements_without_buttons(
    client, finance_officer, project, school
):
    placement = make_placement(project, school)
    client.force_login(finance_officer)

    plan = section(client.get(project.get_absolute_url()).text)

    assert "Léa Etcheverry" in plan
    assert edit_url(placement) not in plan and create_url(project) not in plan
    assert client.get(LIST_URL).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, project, school):
    placement = make_placement(project, school)
    for url in (create_url(project), edit_url(placement), delete_url(placement), LIST_URL):
        response = client.post(url, placement_data(school))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert project.placements.count() == 1


def test_wrong_methods_and_wrong_project(client, officer, project, school):
    placement = make_placement(project, school)
    other = ProjectFactory()
    client.force_login(officer)

    assert client.get(delete_url(placement)).status_code == 405
    assert client.post(LIST_URL).status_code == 405
    wrong = reverse("projects:placement_edit", args=[other.pk, placement.pk])
    assert client.get(wrong).status_code == 404
    wrong_delete = reverse("projects:placement_delete", args=[other.pk, placement.pk])
    assert client.post(wrong_delete).status_code == 404
    assert StudentPlacement.objects.filter(pk=placement.pk).exists()


# --- What the form accepts


def test_an_end_before_the_start_is_refused_in_french(client, officer, project, school):
    client.force_login(officer)

    response = client.post(
        create_url(project), placement_data(school, starts_on="2026-09-01", ends_on="2026-06-30")
    )

    assert response.status_code == 200
    assert errors(response, "ends_on") == ["La fin ne peut pas précéder le début (01/09/2026)."]
    assert response.context["form"].non_field_errors() == []
    assert not StudentPlacement.objects.exists()
    # Nothing typed is lost, and the summary links to the field.
    assert 'value="  Inès   Duboscq "' in response.text
    assert 'value="38 500"' in response.text
    assert 'href="#id_ends_on"' in response.text
    assert "<title>Erreur" in response.text


@pytest.mark.parametrize(
    ("kind", "contract", "message"),
    [
        ("intern", "apprenticeship", "Pour « Stage », choisissez : Convention de stage."),
        (
            "work_study",
            "internship",
            "Pour « Alternance ingénieur », choisissez : Contrat d'apprentissage, "
            "Contrat de professionnalisation.",
        ),
        (
            "phd",
            "professionalisation",
            "Pour « Doctorat (CIFRE ou autre) », choisissez : Convention CIFRE, "
            "Contrat à durée déterminée, Autre contrat.",
        ),
    ],
)
def test_the_contract_must_fit_the_kind_of_placement(
    client, officer, project, school, kind, contract, message
):
    client.force_login(officer)
    response = client.post(
        create_url(project), placement_data(school, kind=kind, contract_type=contract)
    )
    assert errors(response, "contract_type") == [message]
    assert not StudentPlacement.objects.exists()


def test_the_aid_cannot_exceed_the_cost(client, officer, project, school):
    client.force_login(officer)
    response = client.post(
        create_url(project), placement_data(school, cost="5000", aid_amount="6000")
    )
    assert errors(response, "aid_amount") == [
        "L'aide ne peut pas dépasser le coût pour l'entreprise."
    ]
    assert not StudentPlacement.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("student_name", " ", "Indiquez le nom de l'étudiant·e."),
        ("degree", "", "Indiquez le niveau ou le diplôme préparé."),
        ("institution", "", "Choisissez l'établissement de l'étudiant·e."),
        ("institution", "999999", "Choisissez un établissement de la liste."),
        ("kind", "", "Choisissez la nature : stage, alternance ou doctorat."),
        ("kind", "cdi", "Choisissez une nature de la liste."),
        ("contract_type", "", "Choisissez le type de contrat."),
        ("starts_on", "", "Indiquez la date de début."),
        ("ends_on", "", "Indiquez la date de fin."),
        ("ends_on", "2026-13-45", "Saisissez une date valide, par exemple 31/12/2025."),
        ("cost", "-100", "Le montant ne peut pas être négatif."),
        ("aid_amount", "1e9", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("student_name", "x" * 151, "151 caractères : 150 au plus."),
    ],
)
def test_bad_input_is_refused_in_french(client, officer, project, school, field, value, message):
    client.force_login(officer)
    response = client.post(create_url(project), placement_data(school, **{field: value}))
    assert response.status_code == 200
    assert errors(response, field) == [message]
    assert not StudentPlacement.objects.exists()


def test_only_active_schools_labs_and_other_establishments_are_offered(
    client, officer, project, school
):
    agency = PartnerOrganisation.objects.create(name="Agence de développement", kind="agency")
    retired = PartnerOrganisation.objects.create(
        name="École fermée", kind="school", is_active=False
    )
    client.force_login(officer)

    # Typed: the suggestions offer the active establishments only, and the form takes no other.
    suggestions = reverse("projects:organisation_suggestions", args=["etablissements"])
    page = client.get(create_url(project)).text
    assert f'data-search-url="{suggestions}"' in page

    def offered(text: str) -> list[str]:
        return client.get(suggestions, {"q": text}).json()["results"]

    assert offered("en") == [f"{school.pk} — ENSAM Bordeaux"]  # not the "Agence"
    assert offered("ferm") == []
    refused = client.post(create_url(project), placement_data(agency))
    assert errors(refused, "institution") == ["Choisissez un établissement de la liste."]
    by_name = client.post(create_url(project), placement_data(agency, institution="école ferm"))
    assert errors(by_name, "institution") == ["Aucun choix ne correspond à « école ferm »."]

    # A placement keeps its institution once retired from the directory.
    placement = make_placement(project, retired)
    assert "École fermée" in client.get(edit_url(placement)).text


def test_the_database_refuses_an_end_before_the_start():
    from django.db import IntegrityError, transaction

    project = ProjectFactory()
    school = PartnerOrganisation.objects.create(name="ESTIA", kind="school")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_placement(
            project,
            school,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 4, 1),
        )


# --- The list of all placements


def test_the_list_filters_by_kind_institution_and_year(client, officer, project, school, lab):
    make_placement(project, school, student_name="Stagiaire 2026")
    make_placement(
        project, school, kind="work_study", contract_type="apprenticeship",
        student_name="Alternant 2025", starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2027, 8, 31),
    )  # fmt: skip
    make_placement(
        ProjectFactory(), lab, kind="phd", contract_type="cifre", student_name="Doctorante",
        starts_on=datetime.date(2026, 1, 5), ends_on=datetime.date(2028, 12, 31),
    )  # fmt: skip
    client.force_login(officer)

    def names(**params):
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        return [p.student_name for p in response.context["page_obj"]]

    assert names() == ["Stagiaire 2026", "Doctorante", "Alternant 2025"]
    assert names(nature="phd") == ["Doctorante"]
    assert names(etablissement=school.pk) == ["Stagiaire 2026", "Alternant 2025"]
    assert names(annee="2025") == ["Alternant 2025"]
    assert names(annee="2026", etablissement=school.pk) == ["Stagiaire 2026"]
    # The establishment is typed: words of its name find it.
    assert names(etablissement="ensam") == ["Stagiaire 2026", "Alternant 2025"]
    # Unknown values are ignored, never an error.
    assert len(names(annee="deux-mille", nature="cdi", etablissement="inconnu")) == 3


@pytest.mark.parametrize("fixture_name", ["member", "company_user", "no_role_user"])
def test_the_list_is_for_the_programme_s_team(client, as_user, fixture_name):
    as_user(fixture_name)
    assert client.get(LIST_URL).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_list_takes_the_same_queries_for_few_and_many_placements(client, officer):
    def populate(count: int, offset: int) -> None:
        for n in range(offset, offset + count):
            school = PartnerOrganisation.objects.create(name=f"École {n}", kind="school")
            make_placement(ProjectFactory(), school, student_name=f"Étudiant·e {n}")

    populate(2, 0)
    client.force_login(officer)
    client.get(LIST_URL)
    few = _queries(client, LIST_URL)
    populate(20, 2)
    assert _queries(client, LIST_URL) == few


def test_the_directory_links_each_organisation_to_its_placements(client, officer, project, school):
    make_placement(project, school)
    agency = PartnerOrganisation.objects.create(name="Agence régionale", kind="agency")
    client.force_login(officer)

    for organisation, count in ((school, 1), (agency, 0)):
        page = client.get(reverse("projects:organisation_detail", args=[organisation.pk])).text
        link = f"{LIST_URL}?etablissement={organisation.pk}"
        assert f'href="{link}"' in page
        assert client.get(link).context["page_obj"].paginator.count == count
