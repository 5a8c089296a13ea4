"""The officer's pipeline in a real headless Chromium: from an intake request to "dossier ready".

The officer logs in, qualifies the request, runs the diagnosis (axes, budget, a need), confirms a
suggested scheme, adds a financing line, uploads a document, then declares the dossier ready; the
project page passes axe-core on the way.
"""

import pytest
from django.urls import reverse

from companies.models import HeadcountBand
from projects.models import (
    Document,
    FinancingLine,
    InterventionAxis,
    PartnerOrganisation,
    Project,
    Resource,
    SchemeKind,
    Stage,
    SupportScheme,
)

from .browser import blocking_violations
from .factories import CompanyFactory, ContactFactory, ProjectFactory

# live_server needs a transactional database; the serialized rollback puts back the axes and
# roles seeded by migrations, which the flush after another transactional test would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A small but real PDF: header, one object, trailer.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def log_in(page, live_server, email: str) -> None:
    """Through the login form, as a person would."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill("motdepasse-de-test")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()


def stage_shown(page) -> str:
    return page.locator("section[aria-labelledby=etape] strong").first.inner_text()


@pytest.fixture
def private_storage(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/private."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def intake_request(officer):
    """A request received from a Gironde SME, assigned to the officer."""
    company = CompanyFactory(name="Forges de Mérignac", headcount_band=HeadcountBand.SMALL)
    contact = ContactFactory(company=company, first_name="Maïté", last_name="Etcheverry")
    project = ProjectFactory(
        company=company,
        title="Capteurs connectés sur la presse",
        submitted_by=contact,
        officer=officer,
        axis_codes=["digital", "process"],
    )
    assert project.stage == Stage.INTAKE
    return project


@pytest.fixture
def scheme():
    """A scheme of the directory that fits the project: digital axis, any size, any territory."""
    region = PartnerOrganisation.objects.create(
        name="Région Nouvelle-Aquitaine", kind=PartnerOrganisation.Kind.AGENCY
    )
    scheme = SupportScheme.objects.create(
        organisation=region, name="Usine du futur", kind=SchemeKind.FUNDING
    )
    scheme.axes.add(InterventionAxis.objects.get(code="digital"))
    return scheme


def test_an_officer_takes_an_intake_request_to_dossier_ready(
    live_server, page, officer, intake_request, scheme, private_storage
):
    project = intake_request
    log_in(page, live_server, officer.email)
    page.goto(live_server.url + project.get_absolute_url())
    assert stage_shown(page) == "Demande reçue"
    assert blocking_violations(page) == []

    # Qualify the request, then start the diagnosis.
    page.get_by_role("button", name="Qualifier la demande").click()
    page.get_by_text("Le projet est passé à l'étape « Qualifié ».").wait_for()
    assert stage_shown(page) == "Qualifié"
    page.get_by_role("button", name="Commencer le diagnostic").click()
    page.get_by_text("Le projet est passé à l'étape « Diagnostic ».").wait_for()
    assert stage_shown(page) == "Diagnostic"
    # Not ready yet: the page says what is missing.
    assert page.get_by_role("button", name="Déclarer le dossier prêt").is_disabled()
    reasons = page.locator("#raisons-dossier_ready").inner_text()
    assert "Choisissez l'axe principal du projet." in reasons
    assert "Indiquez le budget du projet." in reasons

    # The diagnosis: primary axis and budget.
    page.get_by_role("link", name="Modifier le diagnostic").click()
    page.get_by_label("Axe principal").select_option(label="Transformation numérique")
    page.get_by_label("Budget total (€ HT)").fill("120 000")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le diagnostic est à jour.").wait_for()

    # A need found in the diagnosis.
    page.get_by_role("link", name="Ajouter un besoin").click()
    page.get_by_label("Axe").select_option(label="Transformation numérique")
    page.get_by_label("Besoin").fill("Suivre l'usure des outils en temps réel")
    page.get_by_label("Pourquoi (constat du diagnostic)").fill(
        "Trois arrêts de presse non planifiés par mois."
    )
    page.get_by_label("Priorité").select_option("high")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le besoin a été ajouté.").wait_for()

    # The portal suggests the scheme, with its reason; the officer retains it.
    suggestion = page.locator(f"#suggestion-{scheme.pk}")
    assert "Transformation numérique" in suggestion.inner_text()
    suggestion.get_by_role("button", name="Retenir Usine du futur").click()
    page.get_by_text("« Usine du futur » fait partie des ressources à mobiliser.").wait_for()

    # A financing line backed by that scheme.
    page.get_by_role("link", name="Ajouter une ligne").click()
    # Typed: the script offers the matching schemes of the directory, one is taken.
    page.get_by_label("Dispositif").fill("usine")
    offered = page.locator("#id_scheme-suggestions option")
    offered.first.wait_for(state="attached")
    assert offered.first.get_attribute("value") == (
        f"{scheme.pk} — Usine du futur — Région Nouvelle-Aquitaine"
    )
    page.get_by_label("Dispositif").fill(offered.first.get_attribute("value"))
    page.get_by_label("Nature").select_option("grant")
    page.get_by_label("Montant demandé (€)").fill("40 000")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La ligne de financement a été ajoutée.").wait_for()

    # A quote, uploaded through the file input.
    page.get_by_role("link", name="Ajouter un document").click()
    page.get_by_label("Fichier").set_input_files(
        {"name": "devis-capteurs.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_label("Type de document").select_option("quote")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Ajouter le document").click()
    page.get_by_text("Le document « devis-capteurs.pdf » a été ajouté.").wait_for()

    # Everything the stage needs is there: the dossier is declared ready.
    page.get_by_role("button", name="Déclarer le dossier prêt").click()
    page.get_by_text("Le projet est passé à l'étape « Dossier prêt ».").wait_for()
    assert stage_shown(page) == "Dossier prêt"
    timeline = page.locator("section[aria-labelledby=historique]").inner_text()
    assert "Étape : Diagnostic → Dossier prêt" in timeline
    assert "Document déposé : devis-capteurs.pdf (Devis)" in timeline
    assert blocking_violations(page) == []

    project.refresh_from_db()
    assert project.stage == Stage.DOSSIER_READY
    assert project.primary_axis.code == "digital"
    assert project.budget == 120_000
    assert list(
        project.stage_changes.order_by("changed_at").values_list("to_stage", flat=True)
    ) == [
        Stage.QUALIFIED,
        Stage.DIAGNOSIS,
        Stage.DOSSIER_READY,
    ]
    assert all(change.changed_by == officer for change in project.stage_changes.all())
    assert project.needs.get().priority == "high"
    assert Resource.objects.get(project=project).scheme == scheme
    line = FinancingLine.objects.get(project=project)
    assert line.scheme == scheme and line.amount_asked == 40_000
    document = Document.objects.get(project=project)
    assert document.original_name == "devis-capteurs.pdf"
    assert document.content_type == "application/pdf" and document.uploaded_by == officer
    # Stored outside the public media path, as uploaded.
    assert document.file.path.startswith(str(private_storage))
    assert document.file.read() == PDF_BYTES
    assert Project.objects.filter(stage=Stage.DOSSIER_READY).count() == 1
