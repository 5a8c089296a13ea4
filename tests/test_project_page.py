"""The project page: who may open it, the story it tells, and what it costs in queries."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Interaction
from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    Document,
    FinancingChange,
    FinancingLine,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    ProjectNote,
    Resource,
    Stage,
    StageChange,
    StudentPlacement,
    SupportAction,
)
from projects.services.pipeline import project_timeline

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import ContactFactory, InteractionFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

_unique = itertools.count()


def detail_url(project) -> str:
    return reverse("projects:detail", args=[project.pk])


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def add_email(project, **fields) -> OutboundEmail:
    defaults = {
        "key": f"test-email:{next(_unique)}",
        "kind": "document_request",
        "to": "dirigeant@entreprise.example",
        "subject": "Pièces à fournir",
        "body_text": "Bonjour",
        "regarding": project,
    }
    return OutboundEmail.objects.create(**(defaults | fields))


def add_document(project, **fields) -> Document:
    defaults = {
        "project": project,
        "kind": "quote",
        "file": f"projects/{project.pk}/{next(_unique)}",
        "original_name": "devis-machine.pdf",
        "content_type": "application/pdf",
        "size": 2048,
    }
    return Document.objects.create(**(defaults | fields))


def fill_project(project, count: int, author) -> None:
    """`count` rows of every kind the page shows, each with the relations it displays."""
    digital = axis("digital")
    for n in range(count):
        Need.objects.create(project=project, axis=digital, title=f"Besoin {n}", rationale="Car.")
        ProjectNote.objects.create(project=project, author=author, text=f"Note {n}")
        StageChange.objects.create(
            project=project,
            from_stage=Stage.INTAKE,
            to_stage=Stage.QUALIFIED,
            changed_by=author,
            comment=f"Passage {n}",
        )
        InteractionFactory(
            company=project.company,
            officer=author,
            contact=ContactFactory(company=project.company),
            next_step="Relancer",
        )
        add_email(project, subject=f"E-mail {n}")
        add_document(project, uploaded_by=author)
        line = FinancingLine.objects.create(
            project=project,
            source_label=f"Source {n}",
            kind=FinancingLine.Kind.GRANT,
            amount_asked=Decimal("1000"),
        )
        FinancingChange.objects.create(
            project=project,
            line=line,
            action=FinancingChange.Action.ADDED,
            source=line.source,
            description="Nature : Subvention",
            changed_by=author,
        )
        SupportAction.objects.create(
            project=project, kind=SupportAction.Kind.EXPERTISE, title=f"Action {n}"
        )
        Resource.objects.create(project=project, label=f"Ressource {n}", added_by=author)
        # A collective action with another company, and a student placed from a school.
        provider = PartnerOrganisation.objects.create(
            name=f"Partenaire {project.pk}-{n}", kind="school"
        )
        collective = CollectiveAction.objects.create(
            kind="training", title=f"Formation {n}", starts_on=datetime.date(2026, 3, 2),
            provider=provider,
        )  # fmt: skip
        for taking_part in (project, ProjectFactory()):
            CollectiveParticipation.objects.create(
                action=collective, project=taking_part, company=taking_part.company,
                added_by=author,
            )  # fmt: skip
        StudentPlacement.objects.create(
            project=project, kind="intern", institution=provider, student_name=f"Élève {n}",
            degree="Master 2", starts_on=datetime.date(2026, 3, 2),
            ends_on=datetime.date(2026, 8, 28), contract_type="internship",
        )  # fmt: skip


# --- Who may open a project


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_the_programme_team_can_open_a_project(client, as_user, fixture_name):
    project = ProjectFactory(title="Cellule robotisée")
    as_user(fixture_name)
    response = client.get(detail_url(project))
    assert response.status_code == 200
    assert '<h1 class="h2 mb-1">Cellule robotisée</h1>' in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_open_a_project(client, as_user, fixture_name):
    project = ProjectFactory()
    as_user(fixture_name)
    assert client.get(detail_url(project)).status_code == 403


def test_the_company_contact_cannot_open_their_own_project_page(client, company_user):
    project = ProjectFactory(company=company_user.company_contact.company)
    client.force_login(company_user)
    assert client.get(detail_url(project)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client):
    project = ProjectFactory()
    response = client.get(detail_url(project))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_project_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("projects:detail", args=[999999])).status_code == 404


def test_an_inactive_officer_cannot_open_a_project(client):
    former = UserFactory(roles=[Role.OFFICER], is_active=False)
    client.force_login(former)
    response = client.get(detail_url(ProjectFactory()))
    assert response.status_code in (302, 403)


# --- The story it tells


def test_the_page_shows_the_company_the_team_and_the_diagnosis(client, officer, finance_officer):
    contact = ContactFactory(first_name="Maïté", last_name="Etcheverry")
    project = ProjectFactory(
        company=contact.company,
        submitted_by=contact,
        officer=officer,
        finance_officer=finance_officer,
        axis_codes=["digital", "process"],
        primary_axis=axis("process"),
        description="Suivre l'usure des outils.",
        task_force_request="Une expertise capteurs.",
        budget=Decimal("120000.50"),
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    company_url = reverse("companies:detail", args=[project.company_id])
    assert f'<a href="{company_url}">{project.company.name}</a>' in html
    assert "Maïté Etcheverry" in html
    assert str(officer) in html and str(finance_officer) in html
    assert "Transformation numérique" in html
    primary_label = axis("process").label
    assert f'{primary_label} <span class="badge text-bg-primary">axe principal</span>' in html
    assert "Suivre l&#x27;usure des outils." in html
    assert "Une expertise capteurs." in html
    assert "120" in html and "000,50 €" in html
    assert "début prévu le 01/03/2026" in html and "fin prévue le 31/12/2026" in html


def test_the_stage_is_explained_with_what_the_next_stage_needs(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.DIAGNOSIS)
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    assert "Le diagnostic est en cours" in html
    assert "Pour passer à « Dossier prêt » :" in html
    assert "Choisissez l&#x27;axe principal du projet." in html
    assert "Ajoutez au moins une ligne au plan de financement." in html
    # The move that is not possible yet is shown, but cannot be pressed.
    assert 'disabled aria-describedby="raisons-dossier_ready">Déclarer le dossier prêt' in html


def test_an_allowed_move_is_a_form_with_its_label(client, officer):
    project = ProjectFactory(officer=officer)
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    assert f'action="{reverse("projects:move", args=[project.pk])}"' in html
    assert 'value="qualified"' in html
    assert ">Qualifier la demande</button>" in html
    assert "Commentaire (obligatoire : expliquez pourquoi)" in html


def test_task_force_moves_are_not_offered_on_the_page(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.DOSSIER_READY)
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    assert 'value="on_agenda"' not in html
    assert "depuis l&#x27;espace task force" in html
    assert ">Reprendre le diagnostic</button>" in html


def test_a_closed_project_offers_no_move(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.ABANDONED)
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    assert "Le projet est clos : son étape ne change plus." in html
    assert reverse("projects:move", args=[project.pk]) not in html


def test_the_finance_officer_reads_the_page_without_edit_or_move_controls(
    client, officer, finance_officer
):
    project = ProjectFactory(officer=officer)
    Need.objects.create(project=project, axis=axis("digital"), title="Connecter les machines")
    client.force_login(finance_officer)

    html = client.get(detail_url(project)).text

    assert "Connecter les machines" in html
    assert reverse("projects:diagnosis", args=[project.pk]) not in html
    assert reverse("projects:need_create", args=[project.pk]) not in html
    assert reverse("projects:move", args=[project.pk]) not in html
    assert "Votre rôle ne permet pas de changer l&#x27;étape d&#x27;un projet." in html
    # A note is open to the whole team.
    assert reverse("projects:note_create", args=[project.pk]) in html


def test_needs_are_listed_by_axis_then_priority(client, officer):
    project = ProjectFactory()
    digital, management = axis("digital"), axis("management")
    Need.objects.create(project=project, axis=digital, title="Numérique basse", priority="low")
    Need.objects.create(project=project, axis=digital, title="Numérique haute", priority="high")
    Need.objects.create(project=project, axis=management, title="Pilotage", priority="medium")
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    positions = [html.index(t) for t in ("Pilotage", "Numérique haute", "Numérique basse")]
    assert positions == sorted(positions)
    assert "<caption" in html and '<th scope="col">Priorité</th>' in html


def test_the_timeline_tells_everything_newest_first(client, officer):
    project = ProjectFactory(officer=officer)
    now = timezone.now()
    days_ago = lambda days: now - datetime.timedelta(days=days)  # noqa: E731
    type(project).objects.filter(pk=project.pk).update(created_at=days_ago(6))
    StageChange.objects.create(
        project=project,
        from_stage=Stage.INTAKE,
        to_stage=Stage.QUALIFIED,
        changed_by=officer,
        changed_at=days_ago(5),
        comment="Relève bien du programme",
    )
    InteractionFactory(
        company=project.company,
        officer=officer,
        kind=Interaction.Kind.VISIT,
        occurred_on=timezone.localdate() - datetime.timedelta(days=4),
        notes="Visite de l'atelier",
    )
    ProjectNote.objects.create(
        project=project, author=officer, text="Dirigeant motivé", created_at=days_ago(3)
    )
    add_document(project, uploaded_by=officer, uploaded_at=days_ago(2), original_name="devis.pdf")
    email = add_email(project, subject="Vos pièces", to="dg@forges.example")
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=days_ago(1), status=OutboundEmail.Status.FAILED
    )
    client.force_login(officer)

    html = client.get(detail_url(project)).text
    timeline = html[html.index('id="historique"') :]

    expected = [
        "E-mail : Vos pièces",
        "Document déposé : devis.pdf",
        "Dirigeant motivé",
        "Visite de l&#x27;atelier",
        "Étape : Demande reçue → Qualifié",
        "Demande reçue</h3>",
    ]
    positions = [timeline.index(text) for text in expected]
    assert positions == sorted(positions)
    assert "Relève bien du programme" in timeline
    assert "À dg@forges.example" in timeline and "Échec" in timeline
    assert reverse("mailing:detail", args=[email.pk]) in timeline
    assert f"Par {officer}" in timeline


def test_the_timeline_leaves_out_other_projects(client, officer):
    project = ProjectFactory()
    other = ProjectFactory()
    ProjectNote.objects.create(project=other, author=officer, text="Note d'un autre projet")
    add_email(other, subject="E-mail d'un autre projet")
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    assert "autre projet" not in html


def test_what_people_typed_is_escaped(client, officer):
    attack = '<script>alert("x")</script>'
    project = ProjectFactory(title=attack, description=attack, task_force_request=attack)
    Need.objects.create(project=project, axis=axis("digital"), title=attack, rationale=attack)
    ProjectNote.objects.create(project=project, author=officer, text=attack)
    add_email(project, subject=attack)
    add_document(project, original_name=attack)
    client.force_login(officer)

    html = client.get(detail_url(project)).text

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- A fixed number of queries whatever the volume


def count_page_queries(client, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(project))
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_with_2_or_20_of_everything(client, officer):
    axes = ["digital", "process"]
    small = ProjectFactory(officer=officer, stage=Stage.DIAGNOSIS, axis_codes=axes)
    large = ProjectFactory(officer=officer, stage=Stage.DIAGNOSIS, axis_codes=axes)
    fill_project(small, 2, officer)
    fill_project(large, 20, officer)
    client.force_login(officer)
    client.get(detail_url(small))  # Session and caches warmed, as for any later request.

    small_count = count_page_queries(client, small)
    large_count = count_page_queries(client, large)

    assert small_count == large_count
    assert large_count < 40


def test_the_timeline_given_the_sections_rows_tells_what_it_reads_itself(officer):
    project = ProjectFactory()
    fill_project(project, 4, officer)
    # The page passes its sections' rows in their own order (collective: by action start).
    documents = list(project.documents.select_related("uploaded_by", "uploaded_by_contact"))
    participations = list(
        project.collective_participations.select_related("action", "added_by").order_by("?")
    )

    read_itself = project_timeline(project, limit_per_kind=3)
    given = project_timeline(
        project, limit_per_kind=3, documents=documents, participations=participations
    )

    assert [(e.kind, e.item.pk) for e in given] == [(e.kind, e.item.pk) for e in read_itself]
    assert [e.kind for e in given].count("document") == 3


def test_the_timeline_reads_a_bounded_number_of_rows_of_each_kind(officer):
    project = ProjectFactory()
    for n in range(5):
        ProjectNote.objects.create(project=project, author=officer, text=f"Note {n}")
        add_email(project)

    timeline = project_timeline(project, limit_per_kind=3)

    kinds = [entry.kind for entry in timeline]
    assert kinds.count("note") == 3 and kinds.count("email") == 3
    assert [e.item.text for e in timeline if e.kind == "note"] == ["Note 4", "Note 3", "Note 2"]
