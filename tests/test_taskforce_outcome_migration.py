"""The data migration that stores each decision's outcome once, on its agenda item: existing
projects keep what was decided, and a deferred dossier waiting at "decided" goes back to
preparation. Run on a database taken back to before the change, then forward again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("projects", "0018_scheme_search_and_terms"),
    ("taskforce", "0003_agenda_item_consultation_no_review_reason_amount_granted"),
]
AFTER = [
    ("projects", "0019_remove_project_decision_outcome"),
    ("taskforce", "0004_decision_outcome_stored_on_agenda_items"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_existing_outcomes_move_to_the_agenda_items_and_back(old_apps):
    Company = old_apps.get_model("companies", "Company")
    Project = old_apps.get_model("projects", "Project")
    StageChange = old_apps.get_model("projects", "StageChange")
    Session = old_apps.get_model("taskforce", "Session")
    AgendaItem = old_apps.get_model("taskforce", "AgendaItem")
    now = timezone.now()
    company = Company.objects.create(
        name="Fonderie",
        siret="73282932000074",
        postcode="33000",
        city="Bordeaux",
        department="33",
    )
    session = Session.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=5),
        starts_at=datetime.time(14),
        place="Bordeaux",
        status="held",
        published_at=now,
    )

    def project(title, stage, outcome):
        return Project.objects.create(
            company=company, title=title, description="-", stage=stage, decision_outcome=outcome
        )

    def item(project, outcome="", **fields):
        return AgendaItem.objects.create(
            session=session,
            project=project,
            outcome=outcome,
            decided_at=now if outcome else None,
            **fields,
        )

    # Recorded through the portal: both say the same.
    approved = project("Accordé", "decided", "approved")
    item(approved, "approved", rationale="Solide")
    # Deferred and waiting at "decided": goes back to preparation.
    deferred = project("Ajourné", "decided", "deferred")
    item(deferred, "deferred", conditions="Le devis")
    # Edited by hand on the project since: the project's value wins.
    edited = project("Corrigé", "decided", "approved_conditions")
    item(edited, "rejected", rationale="Refusé d'abord")
    # A value on the project, its agenda item undecided.
    on_item = project("Sans décision sur l'item", "decided", "rejected")
    StageChange.objects.create(
        project=on_item, from_stage="on_agenda", to_stage="decided", changed_at=now
    )
    undecided_item = item(on_item)
    # A value and no agenda item at all.
    orphan = project("Avant le portail", "in_support", "approved")
    untouched = project("En diagnostic", "diagnosis", "")

    new_apps = migrate(AFTER)
    NewItem = new_apps.get_model("taskforce", "AgendaItem")
    NewProject = new_apps.get_model("projects", "Project")
    NewChange = new_apps.get_model("projects", "StageChange")

    def latest(project):
        return (
            NewItem.objects.filter(project_id=project.pk)
            .exclude(outcome="")
            .latest("decided_at", "pk")
        )

    assert latest(approved).outcome == "approved"
    assert latest(approved).rationale == "Solide"
    assert latest(deferred).outcome == "deferred"
    assert NewProject.objects.get(pk=deferred.pk).stage == "diagnosis"
    back = NewChange.objects.get(project_id=deferred.pk)
    assert (back.from_stage, back.to_stage) == ("decided", "diagnosis")
    assert NewProject.objects.get(pk=approved.pk).stage == "decided"
    assert latest(edited).outcome == "approved_conditions"
    assert "corrigée" in latest(edited).rationale
    assert latest(on_item).pk == undecided_item.pk
    assert latest(on_item).outcome == "rejected"
    orphan_item = latest(orphan)
    assert orphan_item.outcome == "approved"
    assert orphan_item.session.place == "Décision antérieure au portail (reprise des données)"
    assert not NewItem.objects.filter(project_id=untouched.pk).exists()

    back_apps = migrate(BEFORE)
    OldProject = back_apps.get_model("projects", "Project")
    outcomes = dict(OldProject.objects.values_list("title", "decision_outcome"))
    assert outcomes == {
        "Accordé": "approved",
        "Ajourné": "deferred",
        "Corrigé": "approved_conditions",
        "Sans décision sur l'item": "rejected",
        "Avant le portail": "approved",
        "En diagnostic": "",
    }
    assert OldProject.objects.get(pk=deferred.pk).stage == "decided"
    OldSession = back_apps.get_model("taskforce", "Session")
    assert not OldSession.objects.filter(place__startswith="Décision antérieure").exists()
