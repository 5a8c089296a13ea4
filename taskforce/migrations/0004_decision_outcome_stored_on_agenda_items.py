# The decision's outcome was stored twice: on the project (Project.decision_outcome) and on the
# agenda item where it was taken. From now on only the agenda item holds it; the project reads
# its latest decision. This moves every project's value over before projects' 0014 drops the
# field:
# - a project whose latest decided agenda item says the same: nothing to do (every decision
#   recorded through the portal);
# - a project whose latest decided item says otherwise (its field was edited by hand since):
#   the project's value is what the portal acted on, so the item takes it, with a note;
# - a project with a value and no decided item: its latest agenda item of a published session
#   takes the decision (dated by the project's move to "decided"); without any agenda item, the
#   decision is kept on a session created for it, marked as taken before the portal.
# Then a deferred project still waiting at "decided" goes back to preparation, as a deferral
# now does, so that it can come to a later agenda.
# Backwards, the projects get their latest decision's outcome back, the moves back to
# preparation made here are undone and the sessions created here are removed.

from django.db import migrations
from django.utils import timezone

DECIDED, DIAGNOSIS, DEFERRED = "decided", "diagnosis", "deferred"
BACK_TO_PREPARATION = (
    "Dossier ajourné par la task force : retour en préparation, pour un passage à une "
    "séance suivante (reprise des données)."
)
HAND_EDITED = "Décision corrigée sur la fiche du projet, reprise ici lors de la mise à jour."
TAKEN_FROM_PROJECT = "Décision reprise de la fiche du projet lors de la mise à jour."
BEFORE_THE_PORTAL = "Décision antérieure au portail (reprise des données)"


def _latest_decided(AgendaItem) -> dict[int, tuple]:
    """Per project: (item id, outcome) of its latest decided agenda item."""
    latest: dict[int, tuple] = {}
    rows = (
        AgendaItem.objects.exclude(outcome="")
        .order_by("project_id", "decided_at", "pk")
        .values_list("project_id", "pk", "outcome")
    )
    for project_id, pk, outcome in rows.iterator(chunk_size=2000):
        latest[project_id] = (pk, outcome)
    return latest


def _decided_moves(StageChange, project_ids) -> dict[int, tuple]:
    """Per project: (changed_at, changed_by_id) of its latest move to "decided"."""
    moves: dict[int, tuple] = {}
    rows = (
        StageChange.objects.filter(project_id__in=project_ids, to_stage=DECIDED)
        .order_by("project_id", "changed_at", "pk")
        .values_list("project_id", "changed_at", "changed_by_id")
    )
    for project_id, changed_at, changed_by_id in rows:
        moves[project_id] = (changed_at, changed_by_id)
    return moves


def outcomes_to_agenda_items(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    StageChange = apps.get_model("projects", "StageChange")
    AgendaItem = apps.get_model("taskforce", "AgendaItem")
    Session = apps.get_model("taskforce", "Session")
    latest = _latest_decided(AgendaItem)
    undecided = []  # (project id, outcome, stage_changed_at)
    for project_id, outcome, stage_changed_at in (
        Project.objects.exclude(decision_outcome="")
        .values_list("pk", "decision_outcome", "stage_changed_at")
        .iterator(chunk_size=2000)
    ):
        known = latest.get(project_id)
        if known is None:
            undecided.append((project_id, outcome, stage_changed_at))
        elif known[1] != outcome:
            item = AgendaItem.objects.get(pk=known[0])
            item.outcome = outcome
            item.rationale = f"{item.rationale}\n\n{HAND_EDITED}".strip()
            item.save(update_fields=["outcome", "rationale"])
    moves = _decided_moves(StageChange, [project_id for project_id, *_rest in undecided])
    sessions_by_day: dict = {}
    for project_id, outcome, stage_changed_at in undecided:
        decided_at, decided_by_id = moves.get(project_id, (stage_changed_at, None))
        item = (
            AgendaItem.objects.filter(project_id=project_id, outcome="")
            .exclude(session__status="draft")
            .order_by("-session__date", "-pk")
            .first()
        )
        if item is None:
            day = timezone.localdate(decided_at)
            session = sessions_by_day.get(day)
            if session is None:
                session = Session.objects.create(
                    date=day,
                    starts_at=timezone.localtime(decided_at).time().replace(microsecond=0),
                    place=BEFORE_THE_PORTAL,
                    status="held",
                    published_at=decided_at,
                )
                sessions_by_day[day] = session
            item = AgendaItem(session=session, project_id=project_id)
        item.outcome = outcome
        item.rationale = f"{item.rationale}\n\n{TAKEN_FROM_PROJECT}".strip()
        item.decided_at = decided_at
        item.decided_by_id = decided_by_id
        item.save()

    # A deferred dossier waiting at "decided" goes back to preparation.
    latest = _latest_decided(AgendaItem)
    now = timezone.now()
    deferred_ids = [
        project_id
        for project_id in Project.objects.filter(stage=DECIDED).values_list("pk", flat=True)
        if latest.get(project_id, (None, ""))[1] == DEFERRED
    ]
    StageChange.objects.bulk_create(
        StageChange(
            project_id=project_id,
            from_stage=DECIDED,
            to_stage=DIAGNOSIS,
            changed_at=now,
            comment=BACK_TO_PREPARATION,
        )
        for project_id in deferred_ids
    )
    Project.objects.filter(pk__in=deferred_ids).update(
        stage=DIAGNOSIS, stage_changed_at=now, updated_at=now
    )


def outcomes_back_to_projects(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    StageChange = apps.get_model("projects", "StageChange")
    AgendaItem = apps.get_model("taskforce", "AgendaItem")
    Session = apps.get_model("taskforce", "Session")
    for change in StageChange.objects.filter(
        comment=BACK_TO_PREPARATION, project__stage=DIAGNOSIS
    ).select_related("project"):
        project = change.project
        previous = (
            StageChange.objects.filter(project=project, to_stage=DECIDED)
            .order_by("-changed_at", "-pk")
            .values_list("changed_at", flat=True)
            .first()
        )
        project.stage = DECIDED
        project.stage_changed_at = previous or change.changed_at
        project.save(update_fields=["stage", "stage_changed_at"])
        change.delete()
    latest = _latest_decided(AgendaItem)
    for project_id, (_pk, outcome) in latest.items():
        Project.objects.filter(pk=project_id).update(decision_outcome=outcome)
    Session.objects.filter(place=BEFORE_THE_PORTAL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0018_scheme_search_and_terms"),
        ("taskforce", "0003_agenda_item_consultation_no_review_reason_amount_granted"),
    ]

    operations = [migrations.RunPython(outcomes_to_agenda_items, outcomes_back_to_projects)]
