"""The task force in a real headless Chromium: a member reviews, the chair decides.

A member logs in, opens their workspace, reads a dossier, scores it with the keyboard and the
radio labels, submits their review and only then reads their colleague's; the chair, refused
before the session's day, records the attendance on the day and then the decision with the
amount granted, and the project moves to "decided". Every page on the way passes axe-core.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from pmi_aqt.accounts.models import Role
from projects.models import (
    FinancingLine,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Stage,
    StageChange,
    SupportAction,
)
from taskforce.models import (
    AgendaItem,
    Review,
    ReviewCriterion,
    ReviewScore,
    Session,
    SessionMember,
    TaskforceMembership,
)

from .browser import blocking_violations
from .factories import ProjectFactory, UserFactory

# live_server needs a transactional database; the serialized rollback puts back the axes,
# roles and review criteria seeded by migrations, which the flush after another transactional
# test would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COLLEAGUE_COMMENT = "Le plan de financement mérite d'être consolidé avant le démarrage."
MY_COMMENT = "Projet solide : la direction est impliquée et le besoin bien identifié."


def log_in(page, live_server, email: str) -> None:
    """Through the login form, with the keyboard: the email field has the focus on arrival."""
    page.goto(live_server.url + reverse("accounts:login"))
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("motdepasse-de-test")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sit_for(user, name: str, kind: str) -> None:
    organisation, _ = PartnerOrganisation.objects.get_or_create(name=name, defaults={"kind": kind})
    TaskforceMembership.objects.create(user=user, organisation=organisation)


@pytest.fixture
def colleague(db):
    user = UserFactory(
        email="colleague@partner.test",
        first_name="Olivier",
        last_name="Garnier",
        roles=[Role.TASKFORCE_MEMBER],
    )
    sit_for(user, "Bpifrance Bordeaux", PartnerOrganisation.Kind.BANK)
    return user


@pytest.fixture
def item(officer, member, colleague):
    """A complete dossier on the agenda of a published session chaired by the officer, already
    reviewed by the member's colleague."""
    sit_for(member, "ADI Nouvelle-Aquitaine", PartnerOrganisation.Kind.AGENCY)
    digital = InterventionAxis.objects.get(code="digital")
    project = ProjectFactory(
        title="Découpe laser connectée",
        description="Piloter la découpe laser depuis l'atelier et suivre chaque pièce.",
        officer=officer,
        primary_axis=digital,
        budget=Decimal("150000"),
        task_force_request="Une aide à l'innovation et un stage ingénieur de six mois.",
        axis_codes=["digital"],
    )
    Need.objects.create(project=project, axis=digital, title="Connecter la machine au MES")
    FinancingLine.objects.create(
        project=project,
        source_label="Région Nouvelle-Aquitaine",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("50000"),
    )
    project.stage = Stage.ON_AGENDA
    project.save(update_fields=["stage"])
    StageChange.objects.create(
        project=project,
        from_stage=Stage.DOSSIER_READY,
        to_stage=Stage.ON_AGENDA,
        changed_by=officer,
    )
    session = Session.objects.create(
        date=timezone.localdate() + datetime.timedelta(days=7),
        starts_at=datetime.time(9, 30),
        place="UIMM Aquitaine — Mérignac",
        chair=officer,
        status=Session.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    for user in (member, colleague):
        SessionMember.objects.create(session=session, user=user)
    item = AgendaItem.objects.create(
        session=session, project=project, position=1, presenter=officer
    )
    review = Review.objects.create(
        agenda_item=item,
        member=colleague,
        recommendation="approve_conditions",
        comments_for_taskforce=COLLEAGUE_COMMENT,
        status=Review.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for criterion in ReviewCriterion.objects.filter(is_active=True):
        ReviewScore.objects.create(review=review, criterion=criterion, score=3)
    return item


def test_a_member_reviews_a_dossier_and_the_chair_records_the_decision(
    live_server, page, browser, member, officer, item
):
    criteria = list(ReviewCriterion.objects.filter(is_active=True))
    assert len(criteria) >= 3
    project = item.project

    # The member's workspace: one dossier to review.
    log_in(page, live_server, member.email)
    page.goto(live_server.url + reverse("taskforce:workspace"))
    assert page.locator("#a-faire").inner_text() == "1 à faire"
    assert blocking_violations(page) == []

    # The session, then the dossier: the colleague's review stays hidden for now.
    page.get_by_role("link", name=str(item.session)).first.click()
    page.get_by_role("heading", level=1, name=str(item.session)).wait_for()
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Lire le dossier Découpe laser connectée").click()
    page.get_by_role("heading", level=1, name="Découpe laser connectée").wait_for()
    assert "Connecter la machine au MES" in page.content()
    reviews = page.locator("section[aria-labelledby=avis]")
    assert "après avoir transmis le vôtre" in reviews.inner_text()
    assert COLLEAGUE_COMMENT not in page.content()
    assert blocking_violations(page) == []

    # The review form: each criterion a labelled 1–5 scale.
    page.get_by_role("link", name="Donner mon avis").click()
    page.get_by_role("heading", level=1, name="Mon avis sur « Découpe laser connectée »").wait_for()
    assert blocking_violations(page) == []
    # Submitted incomplete first: the errors say what is missing, and pass axe too.
    page.get_by_role("button", name="Transmettre mon avis").click()
    page.get_by_role("alert").wait_for()
    assert "Notez ce critère avant de transmettre." in page.content()
    assert blocking_violations(page) == []

    # The first criterion with the keyboard: into the group, then along it with the arrows.
    first = page.get_by_role("group", name=criteria[0].label)
    first.get_by_label("1 — insuffisant").focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(first.get_by_label("4 — bon")).to_be_checked()
    # The others by their labels.
    chosen = {criteria[0].pk: 4}
    for index, criterion in enumerate(criteria[1:]):
        score = [5, 4, 3][index % 3]
        label = dict(ReviewScore.SCALE)[score]
        page.get_by_role("group", name=criterion.label).get_by_label(str(label)).check()
        chosen[criterion.pk] = score
    page.get_by_role("group", name="Recommandation").get_by_label("Accorder", exact=True).check()
    page.get_by_label("Commentaires pour la task force").fill(MY_COMMENT)
    page.get_by_label("Commentaires que le chargé de mission peut transmettre").fill(
        "Pensez à associer vos opérateurs dès le début."
    )
    page.get_by_role("button", name="Transmettre mon avis").click()

    # Submitted: now the member reads the others' reviews.
    page.get_by_text("Votre avis est transmis.").wait_for()
    assert COLLEAGUE_COMMENT in reviews.inner_text()
    assert MY_COMMENT in reviews.inner_text()
    assert blocking_violations(page) == []
    review = Review.objects.get(agenda_item=item, member=member)
    assert review.is_submitted and review.recommendation == "approve"
    assert {score.criterion_id: score.score for score in review.scores.all()} == chosen
    page.goto(live_server.url + reverse("taskforce:workspace"))
    assert page.locator("#a-faire").inner_text() == "0 à faire"

    # The chair, in their own browser session.
    chair_context = browser.new_context()
    chair = chair_context.new_page()
    try:
        log_in(chair, live_server, officer.email)
        chair.goto(live_server.url + item.session.get_absolute_url())
        assert blocking_violations(chair) == []
        chair.goto(live_server.url + reverse("taskforce:session_aggregate", args=[item.session.pk]))
        assert blocking_violations(chair) == []
        # Before the session's day the decision cannot be recorded, and the dossier says why.
        chair.goto(live_server.url + item.get_absolute_url())
        waiting = chair.locator("section[aria-labelledby=decision]").inner_text()
        assert f"La séance a lieu le {item.session.date:%d/%m/%Y}" in waiting
        assert chair.get_by_role("link", name="Enregistrer la décision").count() == 0
        assert blocking_violations(chair) == []

        # The session's day: the chair records who attended, then the decision.
        Session.objects.filter(pk=item.session.pk).update(date=timezone.localdate())
        chair.goto(live_server.url + item.session.get_absolute_url())
        chair.get_by_role("link", name="Relever les présences").click()
        chair.get_by_label(re.compile("ADI Nouvelle-Aquitaine")).check()
        chair.get_by_label("Olivier Garnier — Bpifrance Bordeaux").check()
        assert blocking_violations(chair) == []
        chair.get_by_role("button", name="Enregistrer les présences").click()
        chair.get_by_text("Les présences sont enregistrées ; la séance est tenue.").wait_for()
        chair.goto(live_server.url + item.get_absolute_url())
        chair.get_by_role("link", name="Enregistrer la décision").click()
        chair.get_by_role(
            "heading", level=1, name="Décision sur « Découpe laser connectée »"
        ).wait_for()
        assert "2 avis transmis" in chair.content()
        assert blocking_violations(chair) == []

        chair.get_by_label("Accordé", exact=True).check()
        chair.get_by_label("Motivation").fill(
            "Projet innovant et bien préparé ; avis favorables des membres."
        )
        chair.get_by_label("Région Nouvelle-Aquitaine (Subvention").fill("45 000")
        action = chair.get_by_role("group", name="Action 1")
        action.get_by_label("Nature").select_option("intern")
        action.get_by_label("Intitulé").fill("Stage ingénieur : connexion de la découpe laser")
        # The provider is typed: the script offers the partners matching, the chair takes one.
        provider = action.get_by_label("Prestataire")
        provider.fill("adi nouv")
        offered = chair.locator("#id_actions-0-provider-suggestions option").first
        offered.wait_for(state="attached")
        provider.fill(offered.get_attribute("value"))
        chair.get_by_role("button", name="Enregistrer la décision").click()

        chair.get_by_text("La décision est enregistrée.").wait_for()
        decision = chair.locator("section[aria-labelledby=decision]").inner_text()
        assert "Décision de la task force : Accordé" in decision
        assert blocking_violations(chair) == []

        # The project page tells the new stage, the passage and the amount granted.
        chair.goto(live_server.url + project.get_absolute_url())
        assert "Décidé" in chair.locator("section[aria-labelledby=etape]").inner_text()
        passages = chair.locator("section[aria-labelledby=task-force]").inner_text()
        assert "Accordé" in passages and "En séance" in passages
        assert "45" in chair.locator("[data-total=granted]").inner_text()
        assert blocking_violations(chair) == []
    finally:
        chair_context.close()

    project.refresh_from_db()
    assert project.stage == Stage.DECIDED
    assert project.latest_decision.outcome == "approved"
    assert project.financing_lines.get().amount_granted == Decimal("45000")
    assert project.support_actions.get().provider.name == "ADI Nouvelle-Aquitaine"
    change = project.stage_changes.get(to_stage=Stage.DECIDED)
    assert change.changed_by == officer and change.from_stage == Stage.ON_AGENDA
    item.refresh_from_db()
    assert item.outcome == "approved" and item.decided_by == officer
    (action,) = SupportAction.objects.filter(project=project)
    assert action.kind == "intern"

    # The member sees the decision on the dossier.
    page.goto(live_server.url + item.get_absolute_url())
    assert "Décision de la task force : Accordé" in page.content()
    assert blocking_violations(page) == []


def test_a_member_declares_a_conflict_and_then_sees_only_the_title(
    live_server, page, colleague, item
):
    log_in(page, live_server, colleague.email)
    page.goto(live_server.url + item.get_absolute_url())
    page.get_by_role("link", name="Déclarer un conflit d'intérêts").click()
    # The click does not wait for the form: axe would read the dossier, or lose it mid-run.
    expect(page.get_by_label("Collaboration avec l'entreprise")).to_be_visible()
    assert blocking_violations(page) == []
    page.get_by_label("Collaboration avec l'entreprise").check()
    page.get_by_label("Précisions (facultatif)").fill("Nous accompagnons déjà l'entreprise.")
    page.get_by_role("button", name="Enregistrer le conflit").click()
    page.get_by_text("Le conflit d'intérêts est enregistré.").wait_for()
    # Back on the session: the dossier's title, and nothing else of it.
    assert "Vous avez déclaré un conflit d'intérêts" in page.content()
    assert page.get_by_role("link", name="Lire le dossier Découpe laser connectée").count() == 0
    assert blocking_violations(page) == []

    response = page.goto(live_server.url + item.get_absolute_url())
    assert response.status == 403
    assert page.get_by_role("heading", level=1, name="Découpe laser connectée").is_visible()
    assert "Connecter la machine au MES" not in page.content()
    assert COLLEAGUE_COMMENT not in page.content()
    assert blocking_violations(page) == []
    # Their review no longer counts.
    assert not Review.objects.filter(agenda_item=item, member=colleague).exists()
    page.goto(live_server.url + reverse("taskforce:workspace"))
    assert page.locator("#a-faire").inner_text() == "0 à faire"
    assert blocking_violations(page) == []


def test_the_chair_opens_a_written_consultation_from_the_dossier(live_server, page, officer, item):
    closes_on = timezone.localdate() + datetime.timedelta(days=5)
    log_in(page, live_server, officer.email)
    page.goto(live_server.url + item.get_absolute_url())
    # The session is next week: the dossier says when the decision may come.
    assert "La séance a lieu le" in page.locator("section[aria-labelledby=decision]").inner_text()
    page.get_by_role("link", name="Décider par consultation écrite").click()
    page.get_by_role(
        "heading", level=1, name="Consultation écrite sur « Découpe laser connectée »"
    ).wait_for()
    assert blocking_violations(page) == []
    # A date already past: refused, in French, and the page still passes axe.
    page.get_by_label("Date de clôture de la consultation écrite").fill("2020-01-01")
    page.get_by_role("button", name="Ouvrir la consultation écrite").click()
    page.get_by_text("La date de clôture ne peut pas être passée.").first.wait_for()
    assert blocking_violations(page) == []

    page.get_by_label("Date de clôture de la consultation écrite").fill(closes_on.isoformat())
    page.get_by_role("button", name="Ouvrir la consultation écrite").click()

    page.get_by_text("La consultation écrite est ouverte ; les membres").wait_for()
    decision = page.locator("section[aria-labelledby=decision]").inner_text()
    assert f"les membres répondent jusqu'au {closes_on:%d/%m/%Y} inclus" in decision
    assert blocking_violations(page) == []
    item.refresh_from_db()
    assert item.consultation_closes_on == closes_on and item.consultation_opened_by == officer
