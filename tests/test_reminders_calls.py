"""Calls for applications in the officer's digest: a call that opened since the last digest,
or closes within two weeks, is listed when its scheme fits one of the officer's open projects
(the suggestions' axes and eligibility rules), once a day."""

import datetime
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail
from projects import reminders
from projects.matching import alerts, naf, text
from projects.matching.alerts import fitting_calls
from projects.matching.eligibility import Candidate, ProjectProfile, judge
from projects.models import InterventionAxis, Need, Project, Resource, SchemeCall, Stage
from projects.services.directory import suggestion_dismiss

from .factories import CompanyFactory, ProjectFactory, UserFactory
from .test_matching import scheme
from .test_reminders_digest import TODAY, TUESDAY, days_ago

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def open_project(officer, title="Four à induction", axes=("process",), **company):
    return ProjectFactory(
        officer=officer,
        title=title,
        company=CompanyFactory(**company),
        stage=Stage.QUALIFIED,
        stage_changed_at=days_ago(1),
        axis_codes=list(axes),
    )


def with_call(name, opens_on, closes_on, recurs=False, **fields):
    created = scheme(name, **fields)
    SchemeCall.objects.create(
        scheme=created, opens_on=opens_on, closes_on=closes_on, recurs_yearly=recurs
    )
    return created


def calls_of(officer) -> list:
    digest = next(d for d in reminders.officer_digests_collect(today=TODAY) if d.officer == officer)
    return digest.fitting_calls


@freeze_time(TUESDAY)
def test_calls_just_opened_or_closing_soon_that_fit_an_open_project_are_listed(officer):
    open_project(officer, title="Four à induction")
    with_call("Ouvert aujourd'hui", TODAY, TODAY + 60 * DAY)
    with_call("Clôture proche", TODAY - 30 * DAY, TODAY + 5 * DAY)
    with_call("Ouvert hier", TODAY - DAY, TODAY + 60 * DAY)  # in yesterday's digest
    with_call("Clôture lointaine", TODAY - 30 * DAY, TODAY + 40 * DAY)
    with_call("Clos", TODAY - 60 * DAY, TODAY - DAY)
    with_call("Annuel", datetime.date(2020, 3, 10), datetime.date(2020, 4, 30), recurs=True)

    lines = calls_of(officer)

    assert [line.title for line in lines] == [
        "Annuel — ADI Nouvelle-Aquitaine",
        "Ouvert aujourd'hui — ADI Nouvelle-Aquitaine",
        "Clôture proche — ADI Nouvelle-Aquitaine",
    ]
    assert [line.opened for line in lines] == [True, True, False]
    assert lines[2].days == 5 and lines[2].detail == "Four à induction"
    assert "/projets/annuaire/dispositifs/" in lines[2].url


@freeze_time(TUESDAY)
def test_a_call_is_not_listed_for_projects_it_does_not_fit(officer, manager):
    open_project(officer, title="Projet girondin", department="33", headcount_band="10-49")
    closed = open_project(officer, title="Projet abandonné")
    closed.stage = Stage.ABANDONED
    closed.save()
    with_call("Landes seulement", TODAY, TODAY + 60 * DAY, departments=["40"])
    with_call("Grandes entreprises", TODAY, TODAY + 60 * DAY, headcount_bands=["500+"])
    with_call("Autre axe", TODAY, TODAY + 60 * DAY, axes=("digital",))
    with_call("Filière bois", TODAY, TODAY + 60 * DAY, trades="bois, menuiserie")
    retained = with_call("Déjà retenu", TODAY, TODAY + 60 * DAY)
    dismissed = with_call("Écarté", TODAY, TODAY + 60 * DAY)
    project = open_project(officer, title="Projet suivi")
    Resource.objects.create(project=project, scheme=retained)
    suggestion_dismiss(project=project, scheme=dismissed, reason="Hors sujet", by=manager)

    titles = {line.title.split(" — ")[0]: line.detail for line in calls_of(officer)}

    assert titles == {"Déjà retenu": "Projet girondin", "Écarté": "Projet girondin"}


@freeze_time(TUESDAY)
def test_each_officer_reads_the_calls_for_their_own_projects(officer, other_officer):
    open_project(officer, title="Le mien")
    open_project(other_officer, title="Le sien", axes=("digital",))
    with_call("Pour le procédé", TODAY, TODAY + 60 * DAY)

    assert [line.detail for line in calls_of(officer)] == ["Le mien"]
    assert calls_of(other_officer) == []


@freeze_time(TUESDAY)
def test_a_fitting_call_alone_sends_the_digest_once_a_day(
    officer, django_capture_on_commit_callbacks
):
    open_project(officer, title="Four à induction")
    with_call("Diagnostic énergie", TODAY - 30 * DAY, TODAY + 3 * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.officer_digests_send(today=TODAY) == 1
        assert reminders.officer_digests_send(today=TODAY) == 0

    email = OutboundEmail.objects.get(kind="officer_digest")
    assert "APPEL À CANDIDATURES POUR VOS DOSSIERS (1)" in email.body_text
    assert "Diagnostic énergie — ADI Nouvelle-Aquitaine" in email.body_text
    assert "clôture le 13/03/2026, dans 3 jours — pour Four à induction" in email.body_text


@freeze_time(TUESDAY)
def test_the_calls_take_a_fixed_number_of_queries(officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            reminders.officer_digests_collect(today=TODAY)
        return len(captured)

    open_project(officer)
    with_call("Appel 0", TODAY, TODAY + 60 * DAY)
    few = count()
    for index in range(1, 8):
        open_project(officer, title=f"Projet {index}")
        open_project(UserFactory(roles=[Role.OFFICER]), title=f"Autre projet {index}")
        with_call(f"Appel {index}", TODAY - 20 * DAY, TODAY + index * DAY)
    assert count() == few
    assert len(calls_of(officer)) == 8


# --- Which pairs are judged: a labelled directory where every rule excludes someone


def labelled_directory(officer, manager):
    """Open projects and schemes with calls opened today, chosen so that each rule of
    eligibility (axes, size, territory, excluded and reserved activities, trades in words,
    budget) lets some pairs through and keeps others out."""
    projects = {
        "four": open_project(officer, "Four à induction", naf_code="25.62B"),
        "menuiserie": open_project(
            officer,
            "Menuiserie connectée",
            axes=("process", "digital"),
            department="40",
            headcount_band="1-9",
            naf_code="16.23Z",
        ),
        "abattoir": open_project(
            officer, "Abattoir", department="64", headcount_band="50-249", naf_code="10.11Z"
        ),
        "inconnue": open_project(officer, "Atelier sans fiche", headcount_band="", naf_code=""),
        "machines": open_project(
            officer, "Ligne robotisée", department="40", headcount_band="250-499", naf_code="28.30Z"
        ),
        "numerique": open_project(officer, "Portail client", axes=("digital",)),
        "besoin": open_project(officer, "Étude de marché", axes=("marketing",)),
    }
    projects["machines"].budget = Decimal("900000")
    projects["machines"].save()
    projects["four"].budget = Decimal("40000")
    projects["four"].save()
    Need.objects.create(
        project=projects["besoin"],
        axis=InterventionAxis.objects.get(code="crossover"),
        title="Croiser bois et composites",
    )
    opens, closes = TODAY, TODAY + 60 * DAY
    schemes = {
        "libre": with_call("Sans condition", opens, closes),
        "pme": with_call("PME", opens, closes, headcount_bands=["10-49", "50-249"]),
        "landes": with_call("Landes", opens, closes, departments=["40"]),
        "non_agro": with_call("Hors agroalimentaire", opens, closes, naf_excluded=["10"]),
        "bois_naf": with_call("Industrie du bois", opens, closes, naf_included=["16"]),
        "bois_mots": with_call("Filière bois", opens, closes, trades="bois, menuiserie"),
        "metal_ou_bois": with_call(
            "Métal ou bois", opens, closes, naf_included=["25"], trades="bois"
        ),
        "industrie": with_call("Industrie", opens, closes, naf_included=["C"]),
        "petit_budget": with_call("Petits budgets", opens, closes, budget_max=Decimal("100000")),
        "numerique": with_call("Numérique", opens, closes, axes=("digital",)),
        "metissage": with_call(
            "Métissage bois", opens, closes, axes=("crossover",), trades="composites"
        ),
    }
    Resource.objects.create(project=projects["four"], scheme=schemes["libre"])
    suggestion_dismiss(
        project=projects["abattoir"], scheme=schemes["libre"], reason="Hors sujet", by=manager
    )
    return projects, schemes


def candidate_of(directory_scheme) -> Candidate:
    return Candidate(
        pk=directory_scheme.pk,
        name=directory_scheme.name,
        organisation="",
        kind=directory_scheme.kind,
        headcount_bands=directory_scheme.headcount_bands,
        departments=directory_scheme.departments,
        naf_included=directory_scheme.naf_included,
        naf_excluded=directory_scheme.naf_excluded,
        trades=directory_scheme.trades,
        budget_min=directory_scheme.budget_min,
        budget_max=directory_scheme.budget_max,
    )


def fitting_pairs() -> set[tuple[str, str]]:
    calls = fitting_calls(Project.objects.open(), today=TODAY, since=TODAY - DAY, closing_within=14)
    return {
        (call.scheme_name, project.title)
        for call in calls
        for projects in call.projects_by_officer.values()
        for project in projects
    }


def words_of(project) -> set[str]:
    """Every term of the project's words and its company's activity, as the suggestions read
    them."""
    sources = [project.title, project.description, naf.activity_text(project.company.naf_code)]
    sources += [need.title for need in project.needs.all()]
    return {term for source in sources for term in text.terms(source)}


@freeze_time(TUESDAY)
def test_the_calls_list_every_pair_the_rules_accept_and_no_other(officer, manager):
    projects, schemes = labelled_directory(officer, manager)
    accepted = set()
    for directory_scheme in schemes.values():
        scheme_axes = {axis.pk for axis in directory_scheme.axes.all()}
        candidate = candidate_of(directory_scheme)
        for project in projects.values():
            project_axes = {axis.pk for axis in project.axes.all()}
            project_axes |= {need.axis_id for need in project.needs.all()}
            profile = ProjectProfile(
                headcount_band=project.company.headcount_band,
                department=project.company.department,
                naf_code=project.company.naf_code,
                budget=project.budget,
                terms=words_of(project),
                today=TODAY,
            )
            if scheme_axes & project_axes and judge(candidate, profile, calls=False).eligible:
                accepted.add((directory_scheme.name, project.title))

    assert fitting_pairs() == accepted - {
        ("Sans condition", "Four à induction"),  # retained
        ("Sans condition", "Abattoir"),  # dismissed
    }
    # The labels, by hand.
    assert {title for name, title in accepted if name == "Filière bois"} == {"Menuiserie connectée"}
    assert {title for name, title in accepted if name == "Métal ou bois"} == {
        "Four à induction",
        "Menuiserie connectée",
    }
    assert {title for name, title in accepted if name == "Métissage bois"} == {"Étude de marché"}
    assert ("Petits budgets", "Ligne robotisée") not in accepted
    assert ("Petits budgets", "Four à induction") in accepted
    assert ("PME", "Atelier sans fiche") in accepted  # an unknown size is not ruled out
    assert ("Industrie", "Atelier sans fiche") not in accepted  # nor is an unknown code in
    assert ("Hors agroalimentaire", "Abattoir") not in accepted
    assert ("Landes", "Menuiserie connectée") in accepted
    assert ("Landes", "Four à induction") not in accepted


@freeze_time(TUESDAY)
def test_one_project_of_each_kind_is_judged_for_all_those_alike(officer, manager, monkeypatch):
    labelled_directory(officer, manager)
    judged = defaultdict(list)

    def counting_judge(candidate, profile, **options):
        judged[candidate.name].append((profile.naf_code, profile.department))
        return judge(candidate, profile, **options)

    monkeypatch.setattr(alerts, "judge", counting_judge)
    fitting_pairs()
    before = {name: len(verdicts) for name, verdicts in judged.items()}
    for index in range(5):  # alike "Four à induction" but for its budget (none)
        open_project(officer, f"Four {index}", naf_code="25.62B")
    judged.clear()
    pairs = fitting_pairs()

    # Five kinds of companies on the procédés axis, each judged once whatever its projects.
    assert len(judged["Sans condition"]) == len(judged["Landes"]) == 5
    # Holding a trade's words or not: the menuiserie does, no other company of its kind.
    assert sorted(judged["Filière bois"]) == [
        ("", "33"),
        ("10.11Z", "64"),
        ("16.23Z", "40"),
        ("25.62B", "33"),
        ("28.30Z", "40"),
    ]
    # A scheme bounding budgets tells 40,000 € from no budget: one more kind.
    assert {name: len(verdicts) for name, verdicts in judged.items()} == {
        **before,
        "Petits budgets": before["Petits budgets"] + 1,
    }
    assert sum(before.values()) < 11 * 7 * 2 / 3  # of 11 calls and 7 projects
    # Yet each new project is listed where its like is, and where its like is retained.
    listed_for = defaultdict(set)
    for name, title in pairs:
        listed_for[title].add(name)
    assert listed_for["Four 0"] == listed_for["Four à induction"] | {"Sans condition"}
    assert listed_for["Four 0"] == listed_for["Four 4"]


@freeze_time(TUESDAY)
def test_a_call_names_three_of_the_officers_projects_and_says_there_are_more(officer):
    for title in ("Premier", "Deuxième", "Troisième", "Quatrième"):
        open_project(officer, title=title)
    with_call("Diagnostic énergie", TODAY, TODAY + 60 * DAY)

    [line] = calls_of(officer)

    assert line.detail == "Premier, Deuxième, Troisième …"


@freeze_time(TUESDAY)
def test_schemes_of_the_same_rules_are_matched_once_yet_each_keeps_out_its_own_projects(
    officer, manager, monkeypatch
):
    first = open_project(officer, title="Premier")
    open_project(officer, title="Second")
    retained = with_call("Retenu", TODAY, TODAY + 60 * DAY)
    dismissed = with_call("Écarté", TODAY, TODAY + 60 * DAY)
    with_call("Libre", TODAY, TODAY + 60 * DAY)
    with_call("Landes", TODAY, TODAY + 60 * DAY, departments=["40"])
    Resource.objects.create(project=first, scheme=retained)
    suggestion_dismiss(project=first, scheme=dismissed, reason="Hors sujet", by=manager)
    matched = []
    fitting = alerts.OpenProjects.fitting

    def counting_fitting(self, candidate, axes):
        matched.append(candidate.name)
        return fitting(self, candidate, axes)

    monkeypatch.setattr(alerts.OpenProjects, "fitting", counting_fitting)
    details = {line.title.split(" — ")[0]: line.detail for line in calls_of(officer)}

    # Three schemes alike but for their names and calls: one matching for them, one for Landes.
    assert len(matched) == 2
    assert details == {"Retenu": "Second", "Écarté": "Second", "Libre": "Premier, Second"}
