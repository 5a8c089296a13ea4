"""The company's secure page also tells of the students it hosts and of the collective
actions it takes part in, with its own share, and of nothing belonging to other companies."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.access import company_link_token
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    PartnerOrganisation,
    Stage,
    StudentPlacement,
)

from .factories import ContactFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    return ProjectFactory(stage=Stage.IN_SUPPORT)


@pytest.fixture
def contact(project):
    return ContactFactory(company=project.company)


@pytest.fixture
def school(db):
    return PartnerOrganisation.objects.create(
        name="ENSAM Bordeaux", kind=PartnerOrganisation.Kind.SCHOOL
    )


def page(client, contact, project) -> str:
    token = company_link_token(contact_id=contact.pk, project_id=project.pk)
    response = client.get(reverse("projects:company_view", args=[token]))
    assert response.status_code == 200
    return response.text


def place(project, school, **fields) -> StudentPlacement:
    values = {
        "kind": StudentPlacement.Kind.PHD,
        "student_name": "Maëlle Irigoyen",
        "degree": "Doctorat CIFRE",
        "starts_on": datetime.date(2026, 1, 5),
        "ends_on": datetime.date(2028, 12, 31),
        "contract_type": StudentPlacement.Contract.CIFRE,
        **fields,
    }
    return StudentPlacement.objects.create(project=project, institution=school, **values)


def join(project, action, **fields) -> CollectiveParticipation:
    return CollectiveParticipation.objects.create(
        action=action, project=project, company=project.company, **fields
    )


def test_the_company_sees_the_students_it_hosts(client, contact, project, school):
    place(project, school)

    html = page(client, contact, project)

    assert "Les étudiant·es accueilli·es" in html
    assert "Maëlle Irigoyen" in html
    assert "ENSAM Bordeaux" in html
    assert "du 05/01/2026 au 31/12/2028" in html


def test_the_company_sees_its_own_share_of_a_collective_action(client, contact, project):
    action = CollectiveAction.objects.create(
        kind=CollectiveAction.Kind.TRAINING,
        title="Formation au lean manufacturing",
        starts_on=datetime.date(2026, 3, 10),
    )
    join(project, action, days=Decimal("2"), cost_share=Decimal("1200"))
    other = ProjectFactory(stage=Stage.IN_SUPPORT)
    join(other, action, days=Decimal("5"), cost_share=Decimal("9900"))

    html = page(client, contact, project)

    assert "Formation au lean manufacturing" in html
    assert "2 jour(s) pour vous" in html
    assert "votre part : 1\u00a0200 €" in html
    # Nothing of the other participant: neither its name nor its share.
    assert other.company.name not in html
    assert "9900" not in html and "9\u00a0900" not in html


def test_without_students_or_collective_actions_the_sections_are_absent(client, contact, project):
    html = page(client, contact, project)

    assert "data-company-placements" not in html
    assert "data-company-collective" not in html


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_students_and_actions(
    client, contact, project, school
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, contact, project)
        return len(captured)

    place(project, school)
    join(
        project,
        CollectiveAction.objects.create(
            kind=CollectiveAction.Kind.TRAINING, title="A", starts_on=datetime.date(2026, 1, 1)
        ),
    )
    few = queries()
    for n in range(5):
        place(project, school, student_name=f"Étudiant {n}")
        other = ProjectFactory(company=project.company, stage=Stage.IN_SUPPORT)
        action = CollectiveAction.objects.create(
            kind=CollectiveAction.Kind.TRADE_FAIR,
            title=f"Salon {n}",
            starts_on=datetime.date(2026, 2, 1),
        )
        join(other, action)

    assert queries() == few
