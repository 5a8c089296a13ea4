"""The officers' digest reminds them of student placements about to end ("stages et contrats se
terminant"), with the same bounds and the same fixed number of queries as its other sections."""

from datetime import timedelta

import pytest
from freezegun import freeze_time

from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail
from projects import reminders
from projects.email_kinds import OFFICER_DIGEST
from projects.models import PartnerOrganisation, Stage, StudentPlacement

from .factories import CompanyFactory, ProjectFactory, UserFactory
from .test_reminders_digest import TODAY, TUESDAY, count_queries, days_ago, populate, run_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    return lambda: run_digest(django_capture_on_commit_callbacks)


def ending_placement(officer, ends_in_days=10, stage=Stage.IN_SUPPORT, **fields):
    school = PartnerOrganisation.objects.get_or_create(
        name="ENSAM Bordeaux", defaults={"kind": "school"}
    )[0]
    project = ProjectFactory(
        officer=officer,
        stage=stage,
        stage_changed_at=days_ago(2),
        title=fields.pop("project_title", "Capteurs connectés"),
        company=CompanyFactory(name="Forges de l'Adour"),
    )
    values = {
        "kind": StudentPlacement.Kind.WORK_STUDY,
        "student_name": "Inès Duboscq",
        "degree": "Diplôme d'ingénieur",
        "starts_on": TODAY - timedelta(days=700),
        "ends_on": TODAY + timedelta(days=ends_in_days),
        "contract_type": StudentPlacement.Contract.APPRENTICESHIP,
        **fields,
    }
    return StudentPlacement.objects.create(project=project, institution=school, **values)


def digest() -> OutboundEmail:
    return OutboundEmail.objects.get(kind=OFFICER_DIGEST.code)


@freeze_time(TUESDAY)
def test_a_placement_ending_within_a_month_is_in_the_digest(run, officer, mailoutbox):
    placement = ending_placement(officer, ends_in_days=10)

    assert run() == 1

    email = digest()
    assert email.to == officer.email
    assert "STAGE OU CONTRAT SE TERMINANT (1)" in email.body_text
    assert (
        "- Inès Duboscq — Alternance ingénieur — Capteurs connectés (Forges de l'Adour) — "
        "fin le 20/03/2026, dans 10 jours"
    ) in email.body_text
    link = f"/projets/{placement.project_id}/#accompagnement-etudiants"
    assert link in email.body_text
    assert "STAGE OU CONTRAT SE TERMINANT (1)" in email.body_html
    assert link in email.body_html
    assert len(mailoutbox) == 1


@freeze_time(TUESDAY)
def test_a_placement_ending_today_says_so(run, officer):
    ending_placement(officer, ends_in_days=0)
    assert run() == 1
    assert "fin aujourd'hui, le 10/03/2026" in digest().body_text


@freeze_time(TUESDAY)
@pytest.mark.parametrize(
    ("ends_in_days", "stage", "listed"),
    [
        (30, Stage.IN_SUPPORT, True),
        (31, Stage.IN_SUPPORT, False),  # not yet
        (-1, Stage.IN_SUPPORT, False),  # already over
        (5, Stage.COMPLETED, False),  # a closed project is history
        (5, Stage.DECIDED, True),  # a placement may start before support does
    ],
)
def test_which_placements_are_listed(officer, ends_in_days, stage, listed):
    ending_placement(officer, ends_in_days=ends_in_days, stage=stage)

    (mine,) = reminders.officer_digests_collect(today=TODAY)

    assert bool(mine.ending_placements) is listed
    assert mine.is_empty is not listed


@freeze_time(TUESDAY)
def test_each_officer_reads_only_the_placements_of_their_own_projects(officer, other_officer):
    ending_placement(officer, student_name="Pour moi")
    ending_placement(other_officer, student_name="Pour l'autre")

    digests = {d.officer.pk: d for d in reminders.officer_digests_collect(today=TODAY)}

    assert [line.title for line in digests[officer.pk].ending_placements] == [
        "Pour moi — Alternance ingénieur"
    ]
    assert [line.title for line in digests[other_officer.pk].ending_placements] == [
        "Pour l'autre — Alternance ingénieur"
    ]


@freeze_time(TUESDAY)
def test_the_section_lists_the_soonest_ends_first_and_says_how_many_more(run, officer):
    shown = reminders.DIGEST_LINES_PER_SECTION
    for n in range(shown + 2):
        ending_placement(officer, ends_in_days=n + 1, student_name=f"Étudiant·e {n:02d}")

    (mine,) = reminders.officer_digests_collect(today=TODAY)
    assert len(mine.ending_placements) == shown
    assert mine.totals["ending_placements"] == shown + 2
    assert mine.ending_placements[0].title.startswith("Étudiant·e 00")
    assert mine.context()["ending_placements_more"] == 2

    assert run() == 1
    assert "… et 2 autres, dans votre portefeuille." in digest().body_text


@freeze_time(TUESDAY)
def test_a_rewritten_digest_text_lists_the_placements_too(run, officer, manager):
    from pmi_aqt.mailing.models import EmailText

    EmailText.objects.create(
        kind=OFFICER_DIGEST.code,
        subject="Synthèse",
        body="Bonjour {prenom},\n\n{details}",
        updated_by=manager,
    )
    ending_placement(officer)

    assert run() == 1
    assert "STAGE OU CONTRAT SE TERMINANT (1)" in digest().body_text


@freeze_time(TUESDAY)
def test_collecting_the_digests_with_placements_takes_the_same_queries_for_few_and_many():
    def placements_for_everyone():
        for officer in reminders.project_runners():
            ending_placement(officer)

    populate(officer_count=1, projects_each=1)
    placements_for_everyone()
    few = count_queries(lambda: reminders.officer_digests_collect(today=TODAY))

    populate(officer_count=4, projects_each=3)
    placements_for_everyone()
    for _ in range(3):
        ending_placement(UserFactory(roles=[Role.OFFICER]))
    many = count_queries(lambda: reminders.officer_digests_collect(today=TODAY))

    # The calls for applications fitting open projects: one more; the lines' project titles
    # and company names, read after the windows: one more.
    assert few == many == 9
    collected = reminders.officer_digests_collect(today=TODAY)
    assert sum(d.totals["ending_placements"] for d in collected) == 1 + 5 + 3
