"""Loading the ecosystem directory and the demo projects' follow-through.

Called by `manage.py load_demo` once the projects exist. Like the rest of the demo it only adds
what is missing, from fixed seeds, so that a second run changes nothing:

- organisations by name and schemes by (organisation, name); a scheme's axes are set when it is
  created, never again (the manager may edit them during a demo);
- financing lines written as free text are linked to the scheme that fits the project;
- a project past intake with no resource at all gets its resources: the schemes behind its
  financing lines and its support actions, and the best of the portal's own suggestions
  (`suggest_schemes`), with a status that matches its stage;
- support actions without a provider get one; approved projects waiting to start get the support
  plan the task force granted;
- document requests by (project, label) and internal notes by (project, text).

Dates are computed from the project's plan (its stage moves), never from the clock.
"""

import datetime as dt
import random
from decimal import Decimal

from pmi_aqt.accounts.models import User
from projects.matching.ranking import suggest_schemes
from projects.models import (
    DocumentRequest,
    FinancingLine,
    PartnerOrganisation,
    Project,
    ProjectNote,
    Resource,
    SupportAction,
    SupportScheme,
)
from tooling.demo import account_data, project_data
from tooling.demo import directory_data as directory
from tooling.demo import pipeline_data as tables
from tooling.demo.context import Counts, DemoContext, Item, SchemeKey

APPROVED = {"approved", "approved_conditions"}
RECRUITMENT_KINDS = {"intern", "work_study", "phd"}
OPEN_RESOURCE_STATUSES = {"suggested", "contacted"}


def between(rng: random.Random, start: dt.datetime, end: dt.datetime, low: float, high: float):
    """A moment between `start` and `end`, `low` to `high` of the way, to the minute."""
    minutes = max(int((end - start).total_seconds() // 60), 0)
    return start + dt.timedelta(minutes=int(minutes * rng.uniform(low, high)))


# --- The projects' follow-through


class PipelineLoader:
    def __init__(self, context: DemoContext):
        self.users: dict[str, User] = context.users
        self.organisations: dict[str, PartnerOrganisation] = context.organisations
        self.schemes: dict[SchemeKey, SupportScheme] = context.schemes
        self.items = context.items
        self.specs = {(spec.organisation, spec.name): spec for spec in directory.SCHEMES}
        self.scheme_axes = {
            scheme.pk: {axis.pk for axis in scheme.axes.all()} for scheme in self.schemes.values()
        }
        self.today = context.today
        self.now = context.now
        self.counts: Counts = {}

    def load(self) -> Counts:
        items = self.items
        self.link_financing(items)
        self.plan_granted_support(items)
        self.retain_resources(items)
        self.assign_providers(items)
        self.load_document_requests(items)
        self.load_notes(items)
        return self.counts

    # --- Helpers

    def window(self, item: Item, stage: str) -> tuple[dt.datetime, dt.datetime, str | None]:
        """When the project entered `stage`, when it left it (or now), and for which stage."""
        if stage == "intake":
            start = item.plan.received_at
            following = item.plan.moves[0] if item.plan.moves else None
        else:
            index = next(i for i, m in enumerate(item.plan.moves) if m.to_stage == stage)
            start = item.plan.moves[index].changed_at
            following = item.plan.moves[index + 1] if index + 1 < len(item.plan.moves) else None
        if following is None:
            return start, max(self.now, start), None
        return start, following.changed_at, following.to_stage

    def fits(self, scheme: SupportScheme, project: Project) -> bool:
        wanted = {axis.pk for axis in project.axes.all()} | {
            need.axis_id for need in project.needs.all()
        }
        company = project.company
        return (
            scheme.is_active
            and bool(self.scheme_axes[scheme.pk] & wanted)
            and scheme.fits_headcount(company.headcount_band)
            and scheme.fits_department(company.department)
        )

    def suits(self, scheme: SupportScheme, item: Item) -> bool:
        """Whether a suggested scheme suits the company's trade, as an officer would judge."""
        spec = self.specs.get((scheme.organisation.name, scheme.name))
        return spec is None or spec.suits(item.company.spec.activity)

    def author(self, kind: str, project: Project) -> User:
        if kind == "finance":
            return self.users[account_data.FINANCE_EMAIL]
        if kind == "manager":
            return self.users[account_data.MANAGER_EMAIL]
        return project.officer or self.users[account_data.MANAGER_EMAIL]

    # --- Financing

    def link_financing(self, items: list[Item]) -> None:
        """Free-text financing sources become the scheme that fits the project, if one does."""
        by_pk = {item.project.pk: item.project for item in items}
        lines = FinancingLine.objects.filter(
            project_id__in=by_pk, scheme__isnull=True, source_label__in=tables.FINANCING_SCHEMES
        ).order_by("id")
        linked = []
        for line in lines:
            for key in tables.FINANCING_SCHEMES[line.source_label]:
                organisation, name, label = key
                scheme = self.schemes.get((organisation, name))
                if scheme and self.fits(scheme, by_pk[line.project_id]):
                    line.scheme, line.source_label = scheme, label
                    linked.append(line)
                    break
        FinancingLine.objects.bulk_update(linked, ["scheme", "source_label"])

    # --- Support plans granted but not started

    def plan_granted_support(self, items: list[Item]) -> None:
        """Projects approved by the task force and waiting to start have their planned actions."""
        waiting = [
            item
            for item in items
            if item.plan.stage == "decided" and item.plan.decision_outcome in APPROVED
        ]
        with_actions = set(
            SupportAction.objects.filter(
                project__in=[item.project for item in waiting]
            ).values_list("project_id", flat=True)
        )
        new_actions, created_at = [], []
        for item in waiting:
            if item.project.pk in with_actions:
                continue
            rng = item.rng("granted-support")
            decided = item.plan.moved_on("decided")
            for kind, title, days, months in rng.sample(project_data.SUPPORT_ACTIONS, k=2):
                starts_on = max(
                    decided + dt.timedelta(days=rng.randint(30, 75)),
                    self.today + dt.timedelta(days=rng.randint(7, 40)),
                )
                work = Decimal(days) + Decimal(rng.choice(["0", "0.5", "1"])) if days else None
                new_actions.append(
                    SupportAction(
                        project=item.project,
                        kind=kind,
                        title=title,
                        starts_on=starts_on,
                        ends_on=starts_on + dt.timedelta(days=months * 30),
                        days=work,
                        status=SupportAction.Status.PLANNED,
                    )
                )
                created_at.append(self.window(item, "decided")[0] + dt.timedelta(hours=20))
        SupportAction.objects.bulk_create(new_actions)
        # auto_now_add ignores the value given at creation: backdate afterwards.
        for action, moment in zip(new_actions, created_at, strict=True):
            action.created_at = moment
        SupportAction.objects.bulk_update(new_actions, ["created_at"])

    # --- Resources

    def retain_resources(self, items: list[Item]) -> None:
        projects = [item.project for item in items]
        with_resources = set(
            Resource.objects.filter(project__in=projects).values_list("project_id", flat=True)
        )
        lines: dict[int, list[FinancingLine]] = {}
        for line in (
            FinancingLine.objects.filter(project__in=projects, scheme__isnull=False)
            .select_related("scheme__organisation")
            .order_by("id")
        ):
            lines.setdefault(line.project_id, []).append(line)
        actions: dict[int, list[SupportAction]] = {}
        for action in SupportAction.objects.filter(project__in=projects).order_by(
            "starts_on", "id"
        ):
            actions.setdefault(action.project_id, []).append(action)

        written = 0
        # The qualified projects' resources come last: each is the portal's first suggestion
        # given everything the programme mobilised before (the matching reads that history).
        for qualified in (False, True):
            new, created_at = [], []
            for item in items:
                if item.plan.stage == "intake" or item.project.pk in with_resources:
                    continue
                if (item.plan.stage == "qualified") is not qualified:
                    continue
                for resource, moment in self.plan_resources(
                    item, lines.get(item.project.pk, []), actions.get(item.project.pk, [])
                ):
                    new.append(resource)
                    created_at.append(moment)
            Resource.objects.bulk_create(new)
            for resource, moment in zip(new, created_at, strict=True):
                resource.created_at = moment
            Resource.objects.bulk_update(new, ["created_at"])
            written += len(new)
        total = Resource.objects.filter(project__in=projects).count()
        self.counts["resources"] = (total, written)

    def plan_resources(self, item, lines, actions) -> list[tuple[Resource, dt.datetime]]:
        """The resources retained for one project, with when each was added."""
        rng = item.rng("resources")
        project, plan = item.project, item.plan
        closing = plan.moves[-1].changed_at if plan.stage in {"completed", "abandoned"} else None
        horizon = closing or self.now
        chosen: dict[int, tuple[SupportScheme, str, dt.datetime, dt.date | None]] = {}

        # The schemes behind the financing plan, as its lines stand.
        for line in lines:
            if line.scheme_id not in chosen:
                status = tables.RESOURCE_STATUS_OF_LINE[line.status]
                added = plan.financing_added_at or self.window(item, "diagnosis")[0]
                chosen[line.scheme_id] = (line.scheme, status, added, None)

        suggestions = [
            suggestion.scheme
            for suggestion in suggest_schemes(project, limit=100)
            if self.suits(suggestion.scheme, item)
        ]
        # The schemes behind the support actions: the best suggestion that delivers each kind.
        for action in actions:
            allowed = tables.ACTION_SCHEMES.get(action.kind, [])
            scheme = next(
                (
                    s
                    for s in suggestions
                    if (s.organisation.name, s.name) in allowed and s.pk not in chosen
                ),
                None,
            )
            if scheme is None:
                continue
            started = action.status in {"in_progress", "done"}
            decided_in = "decided" if "decided" in item.visited else plan.stage
            decided = self.window(item, decided_in)[0]
            changed = action.starts_on if started else decided.date()
            chosen[scheme.pk] = (
                scheme,
                "obtained" if started else "engaged",
                decided + dt.timedelta(hours=2),
                changed,
            )

        # And the best of the other suggestions.
        low, high = tables.RESOURCES_BY_STAGE[plan.stage]
        wanted = rng.randint(low, high)
        statuses = tables.RESOURCE_STATUSES[plan.stage]
        if plan.decision_outcome == "deferred":
            statuses = [tables.DEFERRED_RESOURCE_STATUS]
        retained_in = "qualified" if plan.stage == "qualified" else "diagnosis"
        start, end, _ = self.window(item, retained_in)
        others = [
            scheme
            for scheme in suggestions
            if scheme.pk not in chosen
            # The financing plan and the support plan already say which funding and which
            # students the project has.
            and not (lines and scheme.kind == "funding")
            and not (actions and scheme.kind in RECRUITMENT_KINDS)
        ]
        kinds = {scheme.kind for scheme, *_ in chosen.values()}
        picked = 0
        for scheme in others:
            if picked == wanted:
                break
            if scheme.kind in RECRUITMENT_KINDS and scheme.kind in kinds:
                continue  # one school or lab per kind of student is enough
            kinds.add(scheme.kind)
            added = between(rng, start, end, 0.1, 0.5)
            chosen[scheme.pk] = (scheme, statuses[picked % len(statuses)], added, None)
            picked += 1

        resources = []
        for scheme, status, added, changed_on in chosen.values():
            if changed_on is None:
                if status == "suggested":
                    changed_on = added.date()
                else:
                    changed_on = between(rng, added, max(horizon, added), 0.2, 0.8).date()
            changed_on = min(max(changed_on, added.date()), self.now.date())
            next_action_on = None
            if closing is None and status in OPEN_RESOURCE_STATUSES:
                next_action_on = changed_on + dt.timedelta(days=rng.randint(14, 60))
            note = rng.choice(tables.RESOURCE_NOTES[status])
            is_funding = scheme.kind == "funding"
            resources.append(
                (
                    Resource(
                        project=project,
                        scheme=scheme,
                        status=status,
                        status_changed_on=changed_on,
                        next_action_on=next_action_on,
                        notes=note.format(organisation=scheme.organisation.name),
                        added_by=self.author("finance" if is_funding else "officer", project),
                    ),
                    added,
                )
            )
        return resources

    # --- Providers of the support actions

    def assign_providers(self, items: list[Item]) -> None:
        by_pk = {item.project.pk: item for item in items}
        retained: dict[int, set[SchemeKey]] = {}
        for project_id, organisation, name in Resource.objects.filter(
            project_id__in=by_pk, scheme__isnull=False
        ).values_list("project_id", "scheme__organisation__name", "scheme__name"):
            retained.setdefault(project_id, set()).add((organisation, name))
        actions = SupportAction.objects.filter(project_id__in=by_pk, provider__isnull=True)
        assigned = []
        for action in actions.order_by("id"):
            item = by_pk[action.project_id]
            backing = next(
                (
                    key
                    for key in tables.ACTION_SCHEMES.get(action.kind, [])
                    if key in retained.get(action.project_id, set())
                ),
                None,
            )
            if backing:
                name = backing[0]
            else:
                south = item.company.spec.department in tables.SOUTH_DEPARTMENTS
                name = tables.ACTION_PROVIDERS[action.kind][south]
            action.provider = self.organisations[name]
            assigned.append(action)
        SupportAction.objects.bulk_update(assigned, ["provider"])

    # --- Documents asked of the companies

    def load_document_requests(self, items: list[Item]) -> None:
        projects = [item.project for item in items]
        existing = set(
            DocumentRequest.objects.filter(project__in=projects).values_list("project_id", "label")
        )
        planned = [request for item in items for request in self.plan_document_requests(item)]
        new = [r for r in planned if (r.project.pk, r.label) not in existing]
        DocumentRequest.objects.bulk_create(new)
        self.counts["document_requests"] = (
            DocumentRequest.objects.filter(project__in=projects).count(),
            len(new),
        )

    def plan_document_requests(self, item: Item) -> list[DocumentRequest]:
        rng = item.rng("documents")
        visited, plan = item.visited, item.plan
        requests = []
        for stage, kind, label, days, condition in tables.DOCUMENT_REQUESTS:
            if stage not in visited:
                continue
            if condition == "marketing" and "marketing" not in plan.spec.axes:
                continue
            if condition == "conditions" and plan.decision_outcome != "approved_conditions":
                continue
            start, end, left_for = self.window(item, stage)
            requested_at = between(rng, start, end, 0.05, 0.3)
            if left_for is not None and left_for != "abandoned":
                # The project could not have moved on without it.
                fulfilled_at = between(rng, requested_at, end, 0.3, 0.95)
            elif (
                left_for is None
                and self.now - requested_at > dt.timedelta(days=7)
                and rng.random() < 0.5
            ):
                fulfilled_at = between(rng, requested_at, self.now, 0.3, 0.9)
            else:
                fulfilled_at = None
            requests.append(
                DocumentRequest(
                    project=item.project,
                    kind=kind,
                    label=label,
                    requested_by=self.author(
                        "finance" if condition == "conditions" else "officer", item.project
                    ),
                    requested_at=requested_at,
                    due_on=requested_at.date() + dt.timedelta(days=days),
                    fulfilled_at=fulfilled_at,
                )
            )
        return requests

    # --- Internal notes

    def load_notes(self, items: list[Item]) -> None:
        projects = [item.project for item in items]
        existing = set(
            ProjectNote.objects.filter(project__in=projects).values_list("project_id", "text")
        )
        planned = [note for item in items for note in self.plan_notes(item)]
        new = [note for note in planned if (note.project.pk, note.text) not in existing]
        ProjectNote.objects.bulk_create(new)
        self.counts["notes"] = (ProjectNote.objects.filter(project__in=projects).count(), len(new))

    def plan_notes(self, item: Item) -> list[ProjectNote]:
        rng = item.rng("notes")
        head = item.company.contacts[0]
        visited = item.visited
        notes = []
        # Once per stage: a deferred dossier went through preparation twice.
        for stage in dict.fromkeys(visited):
            current = stage == visited[-1]
            chance = tables.CURRENT_STAGE_NOTE_CHANCE if current else tables.PAST_STAGE_NOTE_CHANCE
            if rng.random() >= chance:
                continue
            author, text = rng.choice(tables.PROJECT_NOTES[stage])
            start, end, _ = self.window(item, stage)
            notes.append(
                ProjectNote(
                    project=item.project,
                    author=self.author(author, item.project),
                    text=text.format(
                        contact=f"{head.first_name} {head.last_name}",
                        activity=item.company.spec.activity,
                    ),
                    created_at=between(rng, start, end, 0.15, 0.9),
                )
            )
        return notes
