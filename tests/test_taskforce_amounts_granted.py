"""The decision records the amounts it grants: a total, and optionally per line of the project's
financing plan (FinancingLine.amount_granted); the financing plan shows them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import FinancingChange, FinancingLine

from . import test_taskforce_data as data
from .test_taskforce_decision import decision_post

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item, held_item = (
    data.session,
    data.other_session,
    data.item,
    data.held_item,
)

ACTION = {"actions-0-kind": "expertise", "actions-0-title": "Audit de la ligne de découpe"}


@pytest.fixture
def lines(held_item):
    """The plan: the Region's grant (from the dossier's data) and a bank loan."""
    region = held_item.project.financing_lines.get()
    bank = FinancingLine.objects.create(
        project=held_item.project,
        source_label="Banque Populaire",
        kind=FinancingLine.Kind.LOAN,
        amount_asked=Decimal("30000"),
    )
    return region, bank


def post(client, item, **fields):
    return client.post(reverse("taskforce:decision", args=[item.pk]), decision_post(**fields))


def test_an_approval_records_the_amounts_per_line_and_their_total(
    client, officer, held_item, lines
):
    region, bank = lines
    client.force_login(officer)

    form = client.get(reverse("taskforce:decision", args=[held_item.pk])).text
    response = post(
        client,
        held_item,
        **ACTION,
        **{f"line_{region.pk}": "45 000", f"line_{bank.pk}": "30000,50"},
    )

    assert "Région Nouvelle-Aquitaine (Subvention, 50" in form
    assert response.status_code == 302
    region.refresh_from_db()
    bank.refresh_from_db()
    held_item.refresh_from_db()
    assert region.amount_granted == Decimal("45000")
    assert bank.amount_granted == Decimal("30000.50")
    assert held_item.amount_granted == Decimal("75000.50")  # the lines' sum, left empty


def test_the_financing_plan_shows_what_the_task_force_granted(client, officer, held_item, lines):
    region, _bank = lines
    client.force_login(officer)
    post(client, held_item, amount_granted="60 000", **ACTION, **{f"line_{region.pk}": "45000"})

    page = client.get(held_item.project.get_absolute_url()).text

    assert ">Accordé</th>" in page
    assert "45\xa0000,00 €" in page
    assert 'data-total="granted">45\xa0000,00 €' in page
    assert "Montant total accordé par la task force" in page
    assert "<strong>60\xa0000,00 €</strong>" in page


def test_the_amounts_granted_per_line_are_on_the_project_s_timeline(
    client, officer, held_item, lines
):
    region, bank = lines
    client.force_login(officer)

    post(client, held_item, **ACTION, **{f"line_{region.pk}": "45000"})

    # Through the financing plan's own write: one change per line granted, by the chair's
    # hand, and nothing for the line the decision left alone.
    [change] = FinancingChange.objects.filter(project=held_item.project)
    assert change.action == FinancingChange.Action.CHANGED
    assert change.line == region
    assert change.changed_by == officer
    assert change.description == "Montant accordé : — → 45\xa0000,00 €"
    page = client.get(held_item.project.get_absolute_url()).text
    timeline = page[page.index('id="historique"') :]
    assert "Montant accordé : — → 45\xa0000,00 €" in timeline


def test_a_total_alone_is_enough(client, officer, held_item, lines):
    client.force_login(officer)

    post(client, held_item, amount_granted="20000", **ACTION)

    held_item.refresh_from_db()
    assert held_item.amount_granted == Decimal("20000")
    assert not FinancingLine.objects.filter(amount_granted__isnull=False).exists()


@pytest.mark.parametrize("outcome", ["deferred", "rejected"])
def test_only_an_approval_grants_an_amount(client, officer, held_item, lines, outcome):
    region, _bank = lines
    client.force_login(officer)

    response = post(
        client,
        held_item,
        outcome=outcome,
        conditions="Compléter le dossier",
        amount_granted="1000",
        **{f"line_{region.pk}": "1000"},
    )

    assert response.status_code == 200
    assert response.text.count("Seul un accord attribue un montant.") >= 2
    held_item.refresh_from_db()
    assert not held_item.is_decided
    assert not FinancingLine.objects.filter(amount_granted__isnull=False).exists()


def test_the_total_cannot_be_less_than_the_lines(client, officer, held_item, lines):
    region, bank = lines
    client.force_login(officer)

    response = post(
        client,
        held_item,
        amount_granted="10000",
        **ACTION,
        **{f"line_{region.pk}": "8000", f"line_{bank.pk}": "5000"},
    )

    assert response.status_code == 200
    assert "inférieur à la somme des montants accordés par ligne (13\xa0000,00 €)" in response.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("beaucoup", "Saisissez un montant en euros"),
        ("-5", "Le montant ne peut pas être négatif."),
        ("1e9", "Saisissez un montant en euros"),
    ],
)
def test_a_mistyped_amount_gets_a_french_message(client, officer, held_item, typed, message):
    client.force_login(officer)

    response = post(client, held_item, amount_granted=typed, **ACTION)

    assert response.status_code == 200
    assert message in response.text
    held_item.refresh_from_db()
    assert not held_item.is_decided


def test_a_line_of_another_project_is_refused_by_the_service(officer, held_item):
    from django.core.exceptions import ValidationError

    from taskforce import services

    other = data.put_on_agenda(data.make_session(), title="Autre dossier", position=2)
    foreign = other.project.financing_lines.get()

    with pytest.raises(ValidationError, match="n'appartient pas à ce projet"):
        services.decision_record(
            item=held_item,
            outcome="approved",
            conditions="",
            rationale="Oui",
            actions=[{"kind": "expertise", "title": "Audit"}],
            line_amounts={foreign.pk: Decimal("10")},
            by=officer,
        )
    foreign.refresh_from_db()
    assert foreign.amount_granted is None
