"""Every change of a financing plan is recorded (who, when, what) and shown on the project's
timeline."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from projects.models import FinancingChange, FinancingLine, PartnerOrganisation, SupportScheme
from projects.services.pipeline import project_timeline

from .factories import ProjectFactory, UserFactory
from .test_financing import create_url, delete_url, edit_url, line_data, make_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, budget=Decimal("100000"))


@pytest.fixture
def scheme(db):
    region = PartnerOrganisation.objects.create(name="Région Nouvelle-Aquitaine", kind="agency")
    return SupportScheme.objects.create(organisation=region, name="AAP Innovation", kind="funding")


def plain(text: str) -> str:
    """French numbers use no-break spaces between thousands: compare them as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def timeline_html(client, project) -> str:
    html = client.get(project.get_absolute_url()).text
    return plain(html[html.index('id="historique"') :])


def test_adding_a_line_is_recorded_with_its_author(client, finance_officer, project):
    client.force_login(finance_officer)

    client.post(
        create_url(project),
        line_data(amount_asked="30 000", deadline_on="2026-04-15", committee_on="2026-05-20"),
    )

    line = FinancingLine.objects.get(project=project)
    change = FinancingChange.objects.get(project=project)
    assert change.action == FinancingChange.Action.ADDED
    assert change.line == line
    assert change.changed_by == finance_officer
    assert change.source == "Bpifrance — avance remboursable"
    assert plain(change.description) == (
        "Nature : Prêt / avance remboursable; Montant demandé : 30 000,00 €; "
        "Statut : Demandé; Date limite de dépôt : 15/04/2026; Date du comité : 20/05/2026"
    )


def test_changing_a_line_records_what_changed_before_and_after(client, finance_officer, project):
    line = make_line(project, status=FinancingLine.Status.REQUESTED)
    client.force_login(finance_officer)

    client.post(
        edit_url(line),
        line_data(
            source_label=line.source_label,
            amount_asked="10 000",
            amount_granted="8 000",
            amount_obtained="8 000",
            status="granted",
        ),
    )

    change = FinancingChange.objects.get(project=project)
    assert change.action == FinancingChange.Action.CHANGED
    assert change.changed_by == finance_officer
    assert plain(change.description) == (
        "Montant accordé : — → 8 000,00 €; Montant obtenu : — → 8 000,00 €; "
        "Statut : Demandé → Obtenu"
    )


def test_a_new_source_is_said_in_words(client, officer, project, scheme):
    line = make_line(project)
    client.force_login(officer)

    client.post(
        edit_url(line),
        line_data(scheme=str(scheme.pk), source_label="", amount_asked="10000", kind="loan"),
    )

    change = FinancingChange.objects.get(project=project)
    assert change.description.startswith("Source : Banque de l'entreprise → AAP Innovation")
    assert change.source == "AAP Innovation"


def test_saving_a_line_as_it_was_records_nothing(client, finance_officer, project):
    line = make_line(project, status=FinancingLine.Status.REQUESTED)
    client.force_login(finance_officer)

    response = client.post(
        edit_url(line),
        line_data(source_label=line.source_label, amount_asked="10000", kind="loan"),
    )

    assert response.status_code == 302
    assert not FinancingChange.objects.exists()


def test_a_refused_form_records_nothing(client, finance_officer, project):
    client.force_login(finance_officer)

    client.post(create_url(project), line_data(amount_asked="beaucoup"))

    assert not FinancingChange.objects.exists()


def test_removing_a_line_is_recorded_and_outlives_the_line(client, officer, project):
    line = make_line(project, amount_asked=Decimal("12500"))
    client.force_login(officer)

    client.post(delete_url(line))

    change = FinancingChange.objects.get(project=project)
    assert change.action == FinancingChange.Action.REMOVED
    assert change.line is None
    assert change.changed_by == officer
    assert change.source == "Banque de l'entreprise"
    assert "Montant demandé : 12 500,00 €" in plain(change.description)


def test_financing_edits_appear_on_the_timeline_with_their_author(
    client, finance_officer, officer, project
):
    with freeze_time("2026-03-02 10:00"):
        client.force_login(finance_officer)
        client.post(create_url(project), line_data(amount_asked="30000"))
    line = FinancingLine.objects.get(project=project)
    with freeze_time("2026-03-03 10:00"):
        client.force_login(officer)
        client.post(
            edit_url(line),
            line_data(amount_asked="35000", status="granted", amount_obtained="35000"),
        )
    with freeze_time("2026-03-04 10:00"):
        client.force_login(officer)  # a day idle: the team's sessions have ended since
        client.post(delete_url(line))
    client.force_login(officer)  # the frozen days' session has expired since

    timeline = timeline_html(client, project)

    expected = [
        "Plan de financement — Ligne retirée : Bpifrance — avance remboursable",
        "Plan de financement — Ligne modifiée : Bpifrance — avance remboursable",
        "Montant demandé : 30 000,00 € → 35 000,00 €",
        "Plan de financement — Ligne ajoutée : Bpifrance — avance remboursable",
        f"Par {finance_officer}, le 02/03/2026",
    ]
    positions = [timeline.index(text) for text in expected]
    assert positions == sorted(positions)
    assert f"Par {officer}, le 03/03/2026" in timeline
    assert f"Par {officer}, le 04/03/2026" in timeline


def test_the_timeline_keeps_the_change_when_its_author_is_gone(client, officer, project):
    leaver = UserFactory(roles=["finance_officer"])
    FinancingChange.objects.create(
        project=project,
        action=FinancingChange.Action.ADDED,
        source="Région",
        description="Nature : Subvention",
        changed_by=leaver,
    )
    leaver.delete()
    client.force_login(officer)

    assert "Par ancien compte" in timeline_html(client, project)


def test_what_people_typed_in_a_source_is_escaped_on_the_timeline(client, officer, project):
    attack = '<script>alert("x")</script>'
    client.force_login(officer)

    client.post(create_url(project), line_data(source_label=attack))

    html = client.get(project.get_absolute_url()).text
    assert "<script>alert" not in html


def test_the_timeline_reads_a_bounded_number_of_financing_changes(officer, project):
    for n in range(5):
        FinancingChange.objects.create(
            project=project,
            action=FinancingChange.Action.ADDED,
            source=f"Source {n}",
            changed_by=officer,
            changed_at=datetime.datetime(2026, 1, 1 + n, tzinfo=datetime.UTC),
        )

    timeline = project_timeline(project, limit_per_kind=3)

    sources = [entry.item.source for entry in timeline if entry.kind == "financing"]
    assert sources == ["Source 4", "Source 3", "Source 2"]


def test_changes_of_another_project_stay_off_the_timeline(client, officer, project):
    other = ProjectFactory()
    FinancingChange.objects.create(
        project=other, action=FinancingChange.Action.ADDED, source="Financeur d'un autre projet"
    )
    client.force_login(officer)

    assert "Financeur d&#x27;un autre projet" not in client.get(project.get_absolute_url()).text


def test_the_new_fields_are_refused_in_french_when_malformed(client, finance_officer, project):
    client.force_login(finance_officer)

    response = client.post(
        create_url(project),
        line_data(amount_granted="-5", committee_on="31/02/2026", deadline_on="demain"),
    )

    errors = response.context["form"].errors
    assert errors["amount_granted"] == ["Le montant ne peut pas être négatif."]
    assert errors["committee_on"] == ["Saisissez une date valide, par exemple 15/03/2026."]
    assert errors["deadline_on"] == ["Saisissez une date valide, par exemple 15/03/2026."]
    assert not FinancingLine.objects.exists()


def test_dates_typed_the_french_way_are_understood(client, finance_officer, project):
    client.force_login(finance_officer)

    client.post(create_url(project), line_data(committee_on="20/05/2026"))

    assert FinancingLine.objects.get().committee_on == datetime.date(2026, 5, 20)


def test_the_project_page_shows_the_amount_granted_and_the_dates(client, officer, project):
    make_line(
        project,
        amount_granted=Decimal("7500"),
        deadline_on=datetime.date(2026, 4, 15),
        committee_on=datetime.date(2026, 5, 20),
    )
    client.force_login(officer)

    html = plain(client.get(reverse("projects:detail", args=[project.pk])).text)

    assert "7 500,00 €" in html
    assert "Dépôt : 15/04/2026" in html and "Comité : 20/05/2026" in html
