"""What the project page reads: the timeline of everything that happened, and the stage texts.

The timeline merges nine kinds of events. Each kind is one bounded query (the newest
TIMELINE_LIMIT_PER_KIND rows), merged and sorted in Python, so the page costs the same number
of queries whether a project has three events or three thousand. The documents and the
collective actions joined are not read again when the page passes the rows its own sections
read (all of them, few per project).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Interaction
from pmi_aqt.audit.display import entries_for_project
from pmi_aqt.mailing.models import OutboundEmail

from ..models import CollectiveParticipation, Document, Need, Project, Stage

TIMELINE_LIMIT_PER_KIND = 100

# What each stage means, in the words an officer would use with a colleague.
STAGE_EXPLANATIONS = {
    Stage.INTAKE: _(
        "L'entreprise a déposé une demande. Il faut vérifier qu'elle relève du programme "
        "et désigner le ou la chargé·e de mission qui la suivra."
    ),
    Stage.QUALIFIED: _(
        "La demande relève du programme. Prochaine étape : le diagnostic des besoins avec "
        "l'entreprise."
    ),
    Stage.DIAGNOSIS: _(
        "Le diagnostic est en cours : axes d'intervention, besoins, budget et plan de "
        "financement se construisent avec l'entreprise."
    ),
    Stage.DOSSIER_READY: _(
        "Le dossier est complet. Il attend d'être inscrit à l'ordre du jour d'une task force, "
        "depuis l'espace task force."
    ),
    Stage.ON_AGENDA: _(
        "Le dossier est à l'ordre du jour d'une task force, qui l'examinera et rendra sa "
        "décision. Le passage à l'étape suivante se fait depuis l'espace task force."
    ),
    Stage.DECIDED: _(
        "La task force a rendu sa décision. Si le projet est accordé, l'accompagnement "
        "démarre dès que le plan d'accompagnement compte au moins une action. Un dossier "
        "ajourné retourne en préparation, puis à l'ordre du jour d'une séance suivante."
    ),
    Stage.IN_SUPPORT: _(
        "L'entreprise est accompagnée : les actions du plan se déroulent et les suivis à 3, "
        "6 et 12 mois sont programmés."
    ),
    Stage.COMPLETED: _("Le projet est clos : l'accompagnement est terminé."),
    Stage.ABANDONED: _("Le projet est clos : il a été abandonné."),
}

PRIORITY_RANK = {Need.Priority.HIGH: 0, Need.Priority.MEDIUM: 1, Need.Priority.LOW: 2}


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the project's timeline; `item` is the row the template shows."""

    # "intake", "stage", "interaction", "note", "document", "financing", "email", "collective"
    # or "audit" (a change to the project or one of its rows, field by field: pmi_aqt/audit)
    kind: str
    at: datetime.datetime
    item: Any


def _interaction_time(interaction: Interaction) -> datetime.datetime:
    # An exchange has a day, not a time. Logged the same day, it takes the time it was typed;
    # logged later, it sits at noon of its day, among that day's other events.
    if timezone.localdate(interaction.created_at) == interaction.occurred_on:
        return interaction.created_at
    return timezone.make_aware(
        datetime.datetime.combine(interaction.occurred_on, datetime.time(12))
    )


def project_timeline(
    project: Project,
    *,
    limit_per_kind: int = TIMELINE_LIMIT_PER_KIND,
    documents: list[Document] | None = None,
    participations: list[CollectiveParticipation] | None = None,
) -> list[TimelineEntry]:
    """Everything that happened to a project, newest first, in nine queries; seven when the
    page gives the project's documents (with their depositors) and collective participations
    (with their action and who added them), which its other sections read in full anyway."""
    stage_changes = project.stage_changes.select_related("changed_by")[:limit_per_kind]
    interactions = (
        Interaction.objects.filter(company_id=project.company_id)
        .select_related("officer", "contact")
        .order_by("-occurred_on", "-id")[:limit_per_kind]
    )
    notes = project.notes.select_related("author")[:limit_per_kind]
    if documents is None:
        documents = Document.objects.filter(project=project).select_related(
            "uploaded_by", "uploaded_by_contact"
        )[:limit_per_kind]
    else:
        documents = sorted(documents, key=lambda d: (d.uploaded_at, d.pk), reverse=True)
        documents = documents[:limit_per_kind]
    financing_changes = project.financing_changes.select_related("changed_by")[:limit_per_kind]
    emails = OutboundEmail.objects.regarding(project).only(
        "id", "created_at", "sent_at", "kind", "to", "subject", "status"
    )[:limit_per_kind]
    # The company joining a collective action: the action is on the project's plan from then.
    if participations is None:
        joined = (
            CollectiveParticipation.objects.filter(project=project)
            .select_related("action", "added_by")
            .order_by("-created_at", "-id")[:limit_per_kind]
        )
    else:
        joined = sorted(participations, key=lambda p: (p.created_at, p.pk), reverse=True)
        joined = joined[:limit_per_kind]
    changes = entries_for_project(project.pk, limit_per_kind)

    entries = [TimelineEntry("intake", project.created_at, project)]
    entries += [TimelineEntry("stage", change.changed_at, change) for change in stage_changes]
    entries += [TimelineEntry("interaction", _interaction_time(i), i) for i in interactions]
    entries += [TimelineEntry("note", note.created_at, note) for note in notes]
    entries += [TimelineEntry("document", doc.uploaded_at, doc) for doc in documents]
    entries += [
        TimelineEntry("financing", change.changed_at, change) for change in financing_changes
    ]
    entries += [TimelineEntry("email", email.created_at, email) for email in emails]
    entries += [TimelineEntry("collective", p.created_at, p) for p in joined]
    entries += [TimelineEntry("audit", record.at, record) for record in changes]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def taskforce_passages(project: Project) -> list:
    """The project's passages before the task force, oldest first, with their decisions (one
    query); the project's latest decision is set from them rather than asked again.

    Read through the reverse relation of the task force's agenda items: projects never imports
    the task force. A project goes a few times at most (deferred, then presented again).
    """
    passages = list(
        project.agenda_items.select_related("session", "presenter", "decided_by").order_by(
            "session__date", "pk"
        )
    )
    decided = [passage for passage in passages if passage.outcome]
    project.latest_decision = max(
        decided, key=lambda passage: (passage.decided_at, passage.pk), default=None
    )
    return passages


def needs_by_axis(project: Project) -> list[Need]:
    """The project's needs, grouped by axis in the programme's order, most pressing first."""
    needs = list(project.needs.select_related("axis"))
    needs.sort(
        key=lambda need: (need.axis.position, need.axis.code, PRIORITY_RANK[need.priority], need.pk)
    )
    return needs
