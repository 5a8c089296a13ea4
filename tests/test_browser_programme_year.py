"""A programme year, end to end, in a real headless Chromium, as the people of the programme
click through it.

An officer creates a prospect, notes a call, opens a project from the company page and
prepares the dossier; a task-force session defers it with requests; prepared again, it is
approved with conditions at a later session, next to another company's dossier; support
starts, with a collective action shared by both companies and a CIFRE PhD; the company answers
its 3-month follow-up through the secure link of the email the portal wrote; the manager's
dashboard for the year then counts what happened, and each figure's list agrees with it.

What is set up without the browser, and why: the people (accounts, task-force seats), the
directory (a school, a provider), and the other company's dossier, already prepared by its
own officer; the first session's date moved to the past once the members have reviewed
(nobody waits a week in a test); the survey job run for the day the follow-up falls due
(three months of waiting). Everything else goes through the pages.
"""

import datetime
import re
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from companies.models import Company, ProspectingStatus
from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import (
    CollectiveAction,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Project,
    Stage,
    StageChange,
    StudentPlacement,
)
from projects.reminders import follow_up_survey_key, follow_up_surveys_send
from taskforce.models import AgendaItem, Review, Session, TaskforceMembership

from .browser import blocking_violations
from .factories import ContactFactory, ProjectFactory, UserFactory, make_siret
from .test_browser_pipeline import log_in

# live_server needs a transactional database; the serialized rollback puts back the axes,
# roles and review criteria seeded by migrations, which the flush after another transactional
# test would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COMPANY = "Chaudronnerie des Landes"
PROJECT = "Soudage robotisé des cuves"
OTHER_PROJECT = "Contrôle qualité par vision"
REQUESTS = ["Un devis du robot de soudage", "Le plan de formation des soudeurs"]
PROCESS = "Optimisation économique et technologique des procédés"
FIRST_RECOMMENDATIONS = ["Ajourner", "Accorder sous conditions"]
CONDITIONS = "Recruter un ou une responsable de cellule robotisée avant le démarrage."


def people():
    """The programme's people: an officer, the manager and two task-force members in seats."""
    officer = UserFactory(
        email="claire.dubreuil@pmi-aqt.test",
        first_name="Claire",
        last_name="Dubreuil",
        roles=[Role.OFFICER],
    )
    manager = UserFactory(
        email="direction@pmi-aqt.test", first_name="Marc", last_name="Lafitte", roles=[Role.MANAGER]
    )
    members = []
    for email, first, last, organisation, kind in [
        ("a.berthet@bpi.test", "Anne", "Berthet", "Bpifrance Bordeaux", "bank"),
        ("l.moreau@adi.test", "Luc", "Moreau", "ADI Nouvelle-Aquitaine", "agency"),
    ]:
        member = UserFactory(
            email=email, first_name=first, last_name=last, roles=[Role.TASKFORCE_MEMBER]
        )
        seat, _ = PartnerOrganisation.objects.get_or_create(name=organisation, kind=kind)
        TaskforceMembership.objects.create(user=member, organisation=seat)
        members.append(member)
    return officer, manager, members


def directory():
    """A school for the PhD and a training provider for the collective action."""
    PartnerOrganisation.objects.create(
        name="Université de Bordeaux — laboratoire I2M", kind=PartnerOrganisation.Kind.LAB
    )
    PartnerOrganisation.objects.create(name="AFPI Aquitaine", kind=PartnerOrganisation.Kind.UNION)


def other_dossier(officer) -> Project:
    """Another company's dossier, ready for the task force (prepared by its own officer)."""
    digital = InterventionAxis.objects.get(code="digital")
    project = ProjectFactory(
        title=OTHER_PROJECT,
        company__name="Mécanique de l'Adour",
        officer=officer,
        primary_axis=digital,
        budget=Decimal("90000"),
        axis_codes=["digital"],
    )
    ContactFactory(company=project.company)
    Need.objects.create(project=project, axis=digital, title="Détecter les défauts en ligne")
    FinancingLine.objects.create(
        project=project,
        source_label="Région Nouvelle-Aquitaine",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("30000"),
    )
    project.stage = Stage.DOSSIER_READY
    project.save(update_fields=["stage"])
    StageChange.objects.create(
        project=project, from_stage=Stage.DIAGNOSIS, to_stage=Stage.DOSSIER_READY
    )
    return project


def flash(page, text: str) -> None:
    """Wait for the page's confirmation message; if it never comes, say what the page said."""
    try:
        page.get_by_text(text).first.wait_for()
    except PlaywrightTimeoutError:
        said = page.locator(".invalid-feedback, .alert, [role=alert]").all_inner_texts()
        raise AssertionError(f"No « {text} » on {page.url}: {said}") from None


def stage_shown(page) -> str:
    return page.locator("section[aria-labelledby=etape] strong").first.inner_text()


def move(page, button: str, stage: str) -> None:
    page.get_by_role("button", name=button).click()
    flash(page, f"Le projet est passé à l'étape « {stage} ».")


def pick_suggestion(page, field, person: str) -> None:
    """Types a person's name in a field searched as one types, and takes the suggestion the
    script offers for them ("1234 — name")."""
    field.fill(person)
    offered = page.locator(f'[id="{field.get_attribute("list")}"] option[value$=" — {person}"]')
    offered.wait_for(state="attached")
    field.fill(offered.get_attribute("value"))


def create_session(page, live_server, day: datetime.date, chair: str, members: list) -> Session:
    page.goto(live_server.url + reverse("taskforce:session_list"))
    page.get_by_role("link", name="Nouvelle séance").click()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure").fill("09:30")
    page.get_by_label("Lieu").fill("UIMM Aquitaine — Mérignac")
    # Typed, as the members: some 500 officers and managers at national scale.
    pick_suggestion(page, page.get_by_label("Présidence de séance"), chair)
    # Typed: the script offers the members matching; the one taken becomes a ticked box.
    search = page.get_by_label("Membres convoqués")
    for member in members:
        search.fill(member.last_name)
        offered = page.locator(
            f'#id_members-suggestions option[value$=" — {member.get_full_name()}"]'
        )
        offered.wait_for(state="attached")
        search.fill(offered.get_attribute("value"))
        expect(page.get_by_role("checkbox", name=member.get_full_name())).to_be_checked()
        expect(search).to_have_value("")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "La séance est enregistrée.")
    return Session.objects.latest("pk")


def put_on_agenda(page, title: str, presenter: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Inscrire à l'ordre du jour"))
    # Typed: the script offers the ready dossiers matching, the officer takes the one named.
    dossier = form.get_by_label("Dossier prêt à inscrire")
    dossier.fill(title)
    offered = form.locator(f'[id="{dossier.get_attribute("list")}"] option').first
    offered.wait_for(state="attached")
    assert title in offered.get_attribute("value")
    dossier.fill(offered.get_attribute("value"))
    pick_suggestion(page, form.get_by_label("Présenté par"), presenter)
    # The same message is already on the page from the dossier before: wait for the new one.
    with page.expect_navigation():
        form.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    flash(page, "Le dossier est inscrit à l'ordre du jour.")


def review(page, live_server, session: Session, title: str, recommendation: str) -> None:
    """A member opens the session from their workspace, reads the dossier and reviews it."""
    page.goto(live_server.url + reverse("taskforce:workspace"))
    page.get_by_role("link", name=str(session)).first.click()
    page.get_by_role("link", name=f"Lire le dossier {title}").click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_role("link", name="Donner mon avis").click()
    # The click does not wait for the form: .all() below would find no criterion on the
    # dossier page and leave them all unrated. The form's heading says it has come; its load
    # state, that every criterion below the heading is there too.
    page.get_by_role("heading", level=1, name=f"Mon avis sur « {title} »").wait_for()
    page.wait_for_load_state("domcontentloaded")
    for group in page.locator("fieldset:has(input[type=radio][value='4'])").all():
        group.get_by_label("4 — bon").check()
    page.get_by_role("group", name="Recommandation").get_by_label(
        recommendation, exact=True
    ).check()
    page.get_by_label("Commentaires pour la task force").fill(f"Avis : {recommendation}.")
    page.get_by_role("button", name="Transmettre mon avis").click()
    flash(page, "Votre avis est transmis.")


def record_attendance(page, live_server, session: Session, members: list) -> None:
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_role("link", name="Relever les présences").click()
    for member in members:
        page.get_by_label(re.compile(member.get_full_name())).check()
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer les présences").click()
    flash(page, "Les présences sont enregistrées ; la séance est tenue.")


def open_decision(page, live_server, session: Session, title: str) -> None:
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("link", name="Enregistrer la décision").click()
    page.get_by_role("heading", level=1, name=f"Décision sur « {title} »").wait_for()


def figure_count(page, selector: str) -> int:
    return int(page.locator(selector).first.inner_text().split()[0])


def test_a_programme_year_from_prospect_to_the_dashboard(live_server, page, browser):
    page.set_default_timeout(10_000)
    officer, manager, members = people()
    directory()
    other = other_dossier(officer)
    officer_name = officer.get_full_name()
    today = timezone.localdate()

    # --- Prospecting: the officer creates the company; it is a prospect.
    log_in(page, live_server, officer.email)
    page.goto(live_server.url + reverse("companies:list"))
    page.get_by_role("link", name="Nouvelle entreprise").click()
    page.get_by_label("Raison sociale").fill(COMPANY)
    page.get_by_label("SIRET").fill(make_siret(777))
    page.get_by_label("Code postal").fill("40100")
    page.get_by_label("Commune").fill("Dax")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "L'entreprise a été créée.")
    company = Company.objects.get(name=COMPANY)
    prospecting = page.locator("[data-prospecting]")
    expect(prospecting).to_have_attribute("data-prospecting", ProspectingStatus.PROSPECT)
    assert blocking_violations(page) == []

    # A contact, then a call with them: the company is now "contacted".
    page.get_by_role("link", name="Ajouter un contact").click()
    page.get_by_label("Prénom").fill("Hélène")
    page.get_by_label(re.compile(r"^\s*Nom\b")).fill("Lasserre")
    page.get_by_label("Adresse e-mail").fill("helene.lasserre@chaudronnerie-landes.example")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "Le contact a été ajouté.")
    page.get_by_role("link", name="Noter un échange").click()
    page.get_by_label("Type d'échange").select_option(label="Appel")
    page.get_by_label("Contact", exact=True).select_option(label="Hélène Lasserre")
    page.get_by_label("Compte rendu").fill("Projet de robotisation du soudage des cuves inox.")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "L'échange a été noté.")
    expect(prospecting).to_have_attribute("data-prospecting", ProspectingStatus.CONTACTED)

    # --- The officer opens the project from the company page: it starts at "Qualifié".
    page.get_by_role("link", name="Ouvrir un projet").click()
    page.get_by_label("Titre du projet").fill(PROJECT)
    page.get_by_label("Description").fill("Robotiser le soudage des cuves pour tenir les délais.")
    page.get_by_label(PROCESS).check()
    page.get_by_label("Contexte de la prospection (facultatif)").fill(
        "Rencontrée au salon de l'industrie de Dax."
    )
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Ouvrir le projet").click()
    flash(page, f"Le projet « {PROJECT} » est ouvert, à l'étape « Qualifié ».")
    project = Project.objects.get(title=PROJECT)
    assert stage_shown(page) == "Qualifié"
    history = page.locator("section[aria-labelledby=historique]").inner_text()
    assert "→ Qualifié" in history
    assert f"Par {officer_name}" in history
    assert "salon de l'industrie de Dax" in history

    # --- Diagnosis: axes, budget, a need; then a financing line; the dossier is ready.
    move(page, "Commencer le diagnostic", "Diagnostic")
    page.get_by_role("link", name="Modifier le diagnostic").click()
    page.get_by_label("Transformation numérique").check()
    page.get_by_label("Budget total (€ HT)").fill("180 000")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "Le diagnostic est à jour.")
    page.get_by_role("link", name="Ajouter un besoin").click()
    page.get_by_label("Axe").select_option(label=PROCESS)
    page.get_by_label("Besoin").fill("Robotiser le soudage des viroles")
    page.get_by_label("Pourquoi (constat du diagnostic)").fill("Deux soudeurs partent en retraite.")
    page.get_by_label("Priorité").select_option("high")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "Le besoin a été ajouté.")
    page.get_by_role("link", name="Ajouter une ligne").click()
    page.get_by_label("Autre source").fill("Région Nouvelle-Aquitaine")
    page.get_by_label("Nature").select_option("grant")
    page.get_by_label("Montant demandé (€)").fill("60 000")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "La ligne de financement a été ajoutée.")
    move(page, "Déclarer le dossier prêt", "Dossier prêt")
    assert blocking_violations(page) == []

    # --- First session: created a week ahead, the dossier on its agenda, then published.
    first = create_session(
        page, live_server, today + datetime.timedelta(days=7), officer_name, members
    )
    put_on_agenda(page, PROJECT, officer_name)
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Publier l'ordre du jour").click()
    flash(page, "L'ordre du jour est publié ; les dossiers y sont inscrits.")
    project.refresh_from_db()
    assert project.stage == Stage.ON_AGENDA

    # The members review, each in their own browser.
    for member, recommendation in zip(members, FIRST_RECOMMENDATIONS, strict=True):
        context = browser.new_context()
        member_page = context.new_page()
        try:
            log_in(member_page, live_server, member.email)
            review(member_page, live_server, first, PROJECT, recommendation)
        finally:
            context.close()
    assert Review.objects.filter(status=Review.Status.SUBMITTED).count() == 2

    # Time travel (database): the session's day has come and gone.
    Session.objects.filter(pk=first.pk).update(date=today - datetime.timedelta(days=14))
    first.refresh_from_db()

    # --- The chair records who attended, then defers the dossier with requests.
    record_attendance(page, live_server, first, members)
    open_decision(page, live_server, first, PROJECT)
    assert "2 avis transmis" in page.content()
    page.get_by_label("Ajourné", exact=True).check()
    page.get_by_label("Conditions ou demandes de la task force").fill("\n".join(REQUESTS))
    page.get_by_label("Motivation").fill("Le chiffrage du robot manque encore.")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer la décision").click()
    flash(page, "La décision est enregistrée.")

    # The project is back in preparation, with the requests listed.
    page.goto(live_server.url + project.get_absolute_url())
    assert stage_shown(page) == "Diagnostic"
    deferral = page.locator("#demandes-task-force").inner_text()
    for request in REQUESTS:
        assert request in deferral
    assert blocking_violations(page) == []

    # --- Prepared again: the dossier is ready for a later session.
    move(page, "Déclarer le dossier prêt", "Dossier prêt")

    # --- A later session, today: both dossiers on the agenda, published, reviewed.
    second = create_session(page, live_server, today, officer_name, members)
    put_on_agenda(page, PROJECT, officer_name)
    put_on_agenda(page, OTHER_PROJECT, officer_name)
    page.get_by_role("button", name="Publier l'ordre du jour").click()
    flash(page, "L'ordre du jour est publié ; les dossiers y sont inscrits.")
    context = browser.new_context()
    member_page = context.new_page()
    try:
        log_in(member_page, live_server, members[0].email)
        review(member_page, live_server, second, PROJECT, "Accorder sous conditions")
        review(member_page, live_server, second, OTHER_PROJECT, "Accorder")
    finally:
        context.close()

    # --- The chair: attendance, then approval with conditions and the amount granted.
    record_attendance(page, live_server, second, members[:1])
    open_decision(page, live_server, second, PROJECT)
    page.get_by_label("Accordé sous conditions", exact=True).check()
    page.get_by_label("Conditions ou demandes de la task force").fill(CONDITIONS)
    page.get_by_label("Motivation").fill("Les demandes de la séance précédente sont satisfaites.")
    page.get_by_label("Région Nouvelle-Aquitaine (Subvention").fill("50 000")
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("Nature").select_option("expertise")
    action.get_by_label("Intitulé").fill("Étude de la cellule de soudage robotisée")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer la décision").click()
    flash(page, "La décision est enregistrée.")
    # The other company's dossier, approved at the same session.
    open_decision(page, live_server, second, OTHER_PROJECT)
    page.get_by_label("Accordé", exact=True).check()
    page.get_by_label("Motivation").fill("Projet mûr.")
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("Nature").select_option("expertise")
    action.get_by_label("Intitulé").fill("Choix de la caméra de contrôle")
    page.get_by_role("button", name="Enregistrer la décision").click()
    flash(page, "La décision est enregistrée.")

    # --- Support starts, for both projects.
    for started in (other, project):
        page.goto(live_server.url + started.get_absolute_url())
        move(page, "Démarrer l'accompagnement", "En accompagnement")
    passages = page.locator("section[aria-labelledby=task-force]").inner_text()
    assert "Ajourné" in passages and "Accordé sous conditions" in passages
    assert CONDITIONS in passages
    assert blocking_violations(page) == []

    # --- A collective action shared by the two companies' projects.
    page.get_by_role("link", name="Toutes les actions collectives").click()
    page.get_by_role("link", name="Nouvelle action collective").click()
    page.get_by_label("Nature de l'action").select_option(label="Session de formation")
    page.get_by_label("Intitulé").fill("Former les soudeurs à la programmation robot")
    # The provider is typed: the script offers the partners matching, the officer takes one.
    provider = page.get_by_label("Prestataire")
    provider.fill("afpi")
    offered = page.locator("#id_provider-suggestions option").first
    offered.wait_for(state="attached")
    assert offered.get_attribute("value").endswith(" — AFPI Aquitaine")
    provider.fill(offered.get_attribute("value"))
    page.get_by_label("Début").fill(today.isoformat())
    page.get_by_label("Statut").select_option(label="En cours")
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "L'action collective est créée : ajoutez-y les entreprises.")
    for participant in (project, other):
        page.get_by_role("link", name="Ajouter une entreprise").click()
        # Typed: the script offers the granted projects matching, the officer takes the one.
        chosen = page.get_by_label("Entreprise et projet")
        chosen.fill(participant.company.name)
        offered = page.locator("#id_project-suggestions option").first
        offered.wait_for(state="attached")
        assert participant.title in offered.get_attribute("value")
        chosen.fill(offered.get_attribute("value"))
        page.get_by_role("button", name="Ajouter l'entreprise").click()
        flash(page, f"« {participant.company.name} » participe à l'action.")
    assert blocking_violations(page) == []

    # --- A CIFRE PhD placement on the project.
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name="Ajouter un stage ou contrat").click()
    page.get_by_label("Nature").select_option(label="Doctorat (CIFRE ou autre)")
    page.get_by_label("Nom de l'étudiant·e").fill("Inès Darrigrand")
    # The establishment is typed too: the script offers the schools and labs matching.
    institution = page.get_by_role("combobox", name=re.compile(r"^\s*Établissement"))
    institution.fill("bordeaux i2m")
    offered = page.locator("#id_institution-suggestions option").first
    offered.wait_for(state="attached")
    assert offered.get_attribute("value").endswith(" — Université de Bordeaux — laboratoire I2M")
    institution.fill(offered.get_attribute("value"))
    page.get_by_label("Niveau ou diplôme préparé").fill("Doctorat en robotique")
    page.get_by_label("Début").fill(today.isoformat())
    page.get_by_label(re.compile(r"^\s*Fin\b")).fill((today + relativedelta(years=3)).isoformat())
    page.get_by_label("Type de contrat").select_option(label="Convention CIFRE")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    flash(page, "L'étudiant·e est ajouté·e au projet.")
    support = page.locator("section[aria-labelledby=accompagnement]").inner_text()
    assert "Inès Darrigrand" in support
    assert "Former les soudeurs à la programmation robot" in support
    page.close()

    # --- Three months on (the survey job run for that day): the company gets its link.
    three_months = FollowUp.objects.get(project=project, months=3)
    follow_up_surveys_send(today=three_months.due_on)
    email = OutboundEmail.objects.get(key=follow_up_survey_key(three_months.pk))
    assert email.to == "helene.lasserre@chaudronnerie-landes.example"
    link = re.search(r"https?://\S+/projets/questionnaire/[^/\s]+/", email.body_text).group(0)
    company_page = browser.new_context().new_page()
    company_page.goto(live_server.url + link[link.index("/projets/") :])
    company_page.get_by_role("heading", level=1, name="Questionnaire de suivi à 3 mois").wait_for()
    assert blocking_violations(company_page) == []
    company_page.get_by_label("Combien d'emplois le projet a-t-il permis de créer ?").fill("2")
    company_page.get_by_label("Combien d'emplois le projet a-t-il permis de maintenir ?").fill("6")
    company_page.get_by_label("Hausse de 5 à 15 %").check()
    company_page.get_by_label("Oui", exact=True).check()
    company_page.get_by_label("4 — Satisfait·e").check()
    company_page.get_by_role("button", name="Envoyer mes réponses").click()
    flash(company_page, "Merci : vos réponses sont enregistrées.")
    company_page.context.close()
    three_months.refresh_from_db()
    assert three_months.jobs_created == 2 and three_months.answered_at is not None

    # --- The manager's dashboard for the year; each figure's list agrees with it.
    context = browser.new_context()
    board = context.new_page()
    try:
        log_in(board, live_server, manager.email)
        dashboard = live_server.url + reverse("projects:dashboard") + f"?annee={today.year}"
        board.goto(dashboard)
        assert blocking_violations(board) == []
        supported = figure_count(board, "[data-figure=supported] a")
        assert supported == 2
        # The "accompagnées" figure leads to the list of the companies, one row each.
        board.locator("[data-figure=supported] a").first.click()
        rows = board.locator("table[data-figure=supported] tbody tr")
        expect(rows).to_have_count(supported)
        assert COMPANY in rows.all_inner_texts()[0] + rows.all_inner_texts()[1]
        # Their projects entered in support: the project list the link opens.
        projects_figure = figure_count(board, "[data-figure=supported_projects] a")
        board.locator("[data-figure=supported_projects] a").click()
        board.wait_for_url(re.compile(r"/projets/\?"))
        assert projects_figure == 2
        expect(board.locator("table tbody tr")).to_have_count(projects_figure)

        board.goto(dashboard)
        reached = figure_count(board, "[data-figure=collective] [data-cell=companies] a")
        assert reached == 2
        board.locator("[data-figure=collective] [data-cell=companies] a").click()
        board.wait_for_url(re.compile(r"actions-collectives/"))
        assert figure_count(board, "[data-figure=collective-reach] [data-cell=companies]") == 2
        assert board.locator("#resultats").inner_text() == "1 action collective"
        assert blocking_violations(board) == []

        board.goto(dashboard)
        placements = figure_count(board, "[data-figure=placements-kind] [data-cell=phd] a")
        assert placements == 1
        board.locator("[data-figure=placements-kind] [data-total=placements] a").click()
        board.wait_for_url(re.compile(r"etudiants/"))
        assert board.locator("#resultats").inner_text() == "1 stage ou contrat"
        assert "Inès Darrigrand" in board.locator("table").inner_text()
        assert blocking_violations(board) == []

        board.goto(dashboard)
        assert figure_count(board, "[data-figure=outcomes] [data-cell=projects] a") == 1
        assert board.locator("[data-figure=outcomes] [data-cell=jobs_created]").inner_text() == "2"
    finally:
        context.close()

    # What the pages did, read back.
    project.refresh_from_db()
    assert project.stage == Stage.IN_SUPPORT
    items = AgendaItem.objects.filter(project=project).order_by("session__date")
    assert [item.outcome for item in items] == ["deferred", "approved_conditions"]
    assert items[0].requests == REQUESTS
    assert project.financing_lines.get().amount_granted == Decimal("50000")
    assert CollectiveAction.objects.get().participations.count() == 2
    placement = StudentPlacement.objects.get()
    assert placement.kind == "phd" and placement.contract_type == "cifre"
    company.refresh_from_db()
    assert company.prospecting_status == ProspectingStatus.SUPPORTED
