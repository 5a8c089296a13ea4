"""Fill the database with a programme at national scale, or any fraction of it.

At `scale=1`: 100,000 companies, 250,000 projects, 1,000,000 interactions, 5,000 task-force
sessions and 50,000 reviews, with everything around them (contacts, stage history, needs,
resources, financing lines, support actions, follow-ups, agendas, seats, conflicts, scores,
emails, intake drafts, and the people: officers, finance officers, managers, members).

Everything comes from one `random.Random(seed)`: the same seed and scale give the same data.
Rows are written in chunks by `writer.TableWriter` (COPY on PostgreSQL) with ids chosen here,
inside one transaction, then the tables are analysed so the planner knows their new sizes.
"""

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from companies.models import Company, Contact, Interaction
from companies.validators import luhn_is_valid
from pmi_aqt.accounts.models import Role, User
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import (
    FinancingLine,
    FollowUp,
    IntakeDraft,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Project,
    ProjectNote,
    Resource,
    StageChange,
    SupportAction,
    SupportScheme,
)
from projects.models.project import DecisionOutcome, Stage
from projects.stats import forget_figures
from taskforce.models import (
    AgendaItem,
    ConflictDeclaration,
    Recommendation,
    Review,
    ReviewCriterion,
    ReviewScore,
    Session,
    SessionMember,
    TaskforceMembership,
)

from .writer import TableWriter, is_postgresql, next_id, reset_sequences

# The volumes at scale 1 (issue 7).
FULL_SCALE = {
    "companies": 100_000,
    "projects": 250_000,
    "interactions": 1_000_000,
    "sessions": 5_000,
    "reviews": 50_000,
}
# The people, at scale 1, and the fewest of each at any scale.
PEOPLE = {
    Role.OFFICER: (500, 2),
    Role.FINANCE_OFFICER: (100, 1),
    Role.MANAGER: (10, 1),
    Role.TASKFORCE_MEMBER: (1_000, 4),
}
EMAIL_DOMAIN = "scale.example"
PASSWORD = "bench-scale-password"  # noqa: S105 - a generated data set's, documented
SEATS_PER_SESSION = 8
MIN_SESSIONS = 3
HISTORY_DAYS = 6 * 365

# Where projects are now: share of all projects (closed ones included, six years of history).
STAGE_WEIGHTS = {
    Stage.INTAKE: 5,
    Stage.QUALIFIED: 5,
    Stage.DIAGNOSIS: 9,
    Stage.DOSSIER_READY: 5,
    Stage.ON_AGENDA: 3,
    Stage.DECIDED: 5,
    Stage.IN_SUPPORT: 20,
    Stage.COMPLETED: 33,
    Stage.ABANDONED: 15,
}
PATH = [
    Stage.INTAKE,
    Stage.QUALIFIED,
    Stage.DIAGNOSIS,
    Stage.DOSSIER_READY,
    Stage.ON_AGENDA,
    Stage.DECIDED,
    Stage.IN_SUPPORT,
    Stage.COMPLETED,
]
AGENDA_STAGES = {Stage.ON_AGENDA, Stage.DECIDED, Stage.IN_SUPPORT, Stage.COMPLETED}
DEPARTMENT_WEIGHTS = {"33": 45, "64": 22, "24": 11, "40": 11, "47": 11}
CITIES = {
    "33": [
        ("33000", "Bordeaux"),
        ("33700", "Mérignac"),
        ("33600", "Pessac"),
        ("33500", "Libourne"),
    ],
    "64": [("64100", "Bayonne"), ("64000", "Pau"), ("64200", "Biarritz"), ("64300", "Orthez")],
    "24": [("24000", "Périgueux"), ("24100", "Bergerac"), ("24200", "Sarlat-la-Canéda")],
    "40": [("40000", "Mont-de-Marsan"), ("40100", "Dax"), ("40200", "Mimizan")],
    "47": [("47000", "Agen"), ("47300", "Villeneuve-sur-Lot"), ("47200", "Marmande")],
}
HEADCOUNT_WEIGHTS = {"1-9": 25, "10-49": 40, "50-249": 25, "250-499": 7, "500+": 3}
TURNOVER_BY_HEADCOUNT = {
    "1-9": "<2M",
    "10-49": "2-10M",
    "50-249": "10-50M",
    "250-499": ">50M",
    "500+": ">50M",
}
NAF_CODES = [
    "25.62B", "25.11Z", "28.41Z", "25.73A", "29.32Z", "30.30Z", "33.12Z", "24.51Z",
    "25.50B", "22.29A", "26.51B", "27.12Z", "28.29B", "28.92Z",
]  # fmt: skip
TRADES = [
    "Mécanique", "Usinage", "Forges", "Chaudronnerie", "Fonderie", "Décolletage", "Tôlerie",
    "Aéro-Composites", "Électronique", "Robotique", "Traitements de surface", "Outillage",
    "Précision", "Hydraulique",
]  # fmt: skip
SURNAMES = [
    "Dupont", "Etcheverry", "Lafitte", "Garnier", "Laborde", "Marchand", "Duprat", "Lacoste",
    "Bordenave", "Castaing", "Darrigade", "Fourcade", "Larrieu", "Pujol", "Sallaberry",
    "Ithurralde", "Bernadet", "Cazenave", "Dufau", "Lalanne", "Mendiboure", "Ospital",
    "Peyrelongue", "Soubiran", "Tastet", "Urruty", "Vignau", "Arrieta", "Bidart", "Haristoy",
]  # fmt: skip
FIRST_NAMES = [
    "Maïté", "Jean", "Hélène", "Olivier", "Sophie", "Pierre", "Claire", "Mathieu", "Amaia",
    "Julien", "Nathalie", "Xavier", "Élodie", "Thomas", "Isabelle", "Peio", "Camille", "Laurent",
]  # fmt: skip
LEGAL_FORMS = ["SAS", "SARL", "SA", "Industries", "et Fils", "Groupe"]
PROJECT_TOPICS = [
    "Capteurs connectés sur la presse", "Robotisation du poste de soudure",
    "Nouveau procédé de traitement thermique", "Jumeau numérique de la ligne d'usinage",
    "Lancement d'une gamme de pièces composites", "Réorganisation lean de l'atelier",
    "Maintenance prédictive des machines", "Export vers le marché espagnol",
    "Recrutement d'un ingénieur R&D en alternance", "Fabrication additive métal",
    "Démarche RSE et qualité de vie au travail", "ERP et traçabilité des lots",
    "Contrôle qualité par vision industrielle", "Réduction de la consommation d'énergie",
    "Nouveau produit pour l'aéronautique", "Marketing digital et site de vente B2B",
]  # fmt: skip
INTERACTION_NEXT_STEPS = [
    "Envoyer la plaquette du programme", "Planifier la visite de l'atelier",
    "Relancer pour le devis", "Préparer le diagnostic", "Présenter le dossier à la task force",
    "Transmettre le plan de financement", "Rappeler le dirigeant",
]  # fmt: skip
ORG_KINDS = [kind for kind, _label in PartnerOrganisation.Kind.choices]
SCHEME_KINDS = ["funding", "expertise", "training", "research", "intern", "work_study", "phd"]
ACTION_KINDS = [kind for kind, _label in SupportAction.Kind.choices]
FINANCING_KINDS = [kind for kind, _label in FinancingLine.Kind.choices]
INTERACTION_KINDS = [kind for kind, _label in Interaction.Kind.choices]
CONFLICT_KINDS = [kind for kind, _label in ConflictDeclaration.Kind.choices]
LOREM = (
    "L'entreprise souhaite moderniser son outil de production et développer de nouveaux "
    "marchés. Le diagnostic a identifié des besoins en organisation, en compétences et en "
    "financement ; le projet mobilise les partenaires du programme."
)


def volumes(scale: float) -> dict[str, int]:
    return {name: max(1, round(count * scale)) for name, count in FULL_SCALE.items()}


def people_counts(scale: float) -> dict[str, int]:
    return {role: max(least, round(full * scale)) for role, (full, least) in PEOPLE.items()}


def check_digit(digits: str) -> str:
    """The digit that makes `digits + it` pass the Luhn check."""
    return next(str(d) for d in range(10) if luhn_is_valid(digits + str(d)))


def make_siret(number: int) -> str:
    """A valid SIRET (SIREN and SIRET Luhn keys) whose SIREN is unique per `number`."""
    base = f"{10_000_000 + number * 7 % 89_999_999:08d}"  # 8 digits, one per number
    siren = base + check_digit(base)
    nic = "0001"
    return siren + nic + check_digit(siren + nic)


@dataclass
class Generated:
    counts: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)


class ScaleDataGenerator:
    """Writes a whole data set; `run()` returns the rows written per table and the timings."""

    def __init__(self, *, scale: float, seed: int = 20150101, today: dt.date | None = None):
        self.scale = scale
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.today = today or timezone.localdate()
        self.volumes = volumes(scale)
        self.result = Generated()
        self.ids = {}

    # --- helpers

    def _id(self, model) -> int:
        value = self.ids.get(model) or next_id(model)
        self.ids[model] = value + 1
        return value

    def _writer(self, model, fields) -> TableWriter:
        return TableWriter(model, ["id", *fields] if "id" not in fields else fields)

    def _done(self, name: str, writer_or_count, started: float) -> None:
        count = writer_or_count.close() if isinstance(writer_or_count, TableWriter) else 0
        self.result.counts[name] += count
        self.result.seconds[name] = round(
            self.result.seconds.get(name, 0) + time.perf_counter() - started, 2
        )

    def _moment(self, days_ago_max: int, days_ago_min: int = 0) -> dt.datetime:
        seconds = self.rng.randint(days_ago_min * 86400, max(days_ago_min, days_ago_max) * 86400)
        return self.now - dt.timedelta(seconds=seconds)

    def _weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    # --- the run

    def run(self) -> Generated:
        started = time.perf_counter()
        with transaction.atomic():
            self.reference()
            self.people()
            self.directory()
            self.companies()
            self.interactions()
            self.sessions()
            self.projects()
            self.taskforce()
            self.intake_drafts()
            reset_sequences(list(self.ids))
        forget_figures()  # Committed; rows went in by COPY, which sends no signal.
        if is_postgresql():
            step = time.perf_counter()
            with connection.cursor() as cursor:
                # VACUUM too: rows loaded by COPY leave the visibility map empty (every
                # index-only scan would read the table) and GIN indexes with a pending list,
                # which a production server's autovacuum would have cleared long ago.
                cursor.execute("VACUUM ANALYZE")
            self.result.seconds["analyze"] = round(time.perf_counter() - step, 2)
        self.result.seconds["total"] = round(time.perf_counter() - started, 2)
        return self.result

    def reference(self) -> None:
        self.axes = list(InterventionAxis.objects.values_list("pk", flat=True))
        self.criteria = list(
            ReviewCriterion.objects.filter(is_active=True).values_list("pk", flat=True)
        )
        self.groups = dict(Group.objects.values_list("name", "pk"))
        if not self.axes or not self.criteria or set(Role.values) - set(self.groups):
            raise RuntimeError("Reference data missing: run `manage.py migrate` first.")

    def people(self) -> None:
        started = time.perf_counter()
        password = make_password(PASSWORD)
        users = self._writer(
            User,
            [
                "email",
                "first_name",
                "last_name",
                "password",
                "is_staff",
                "is_superuser",
                "is_active",
                "date_joined",
                "phone",
            ],
        )
        user_groups = TableWriter(User.groups.through, ["user", "group"])
        self.people_ids: dict[str, list[int]] = {}
        for role, count in people_counts(self.scale).items():
            ids = []
            for n in range(count):
                pk = self._id(User)
                ids.append(pk)
                users.add(
                    (
                        pk,
                        f"{role.replace('_', '-')}-{n + 1}@{EMAIL_DOMAIN}",
                        self.rng.choice(FIRST_NAMES),
                        self.rng.choice(SURNAMES),
                        password,
                        False,
                        False,
                        True,
                        self._moment(HISTORY_DAYS, 200),
                        "",
                    )
                )
                user_groups.add((pk, self.groups[role]))
            self.people_ids[role] = ids
        self._done("users", users, started)
        self._done("user_groups", user_groups, time.perf_counter())
        self.officers = self.people_ids[Role.OFFICER]
        self.finance_officers = self.people_ids[Role.FINANCE_OFFICER]
        self.managers = self.people_ids[Role.MANAGER]
        self.members = self.people_ids[Role.TASKFORCE_MEMBER]

    def directory(self) -> None:
        started = time.perf_counter()
        organisations = self._writer(
            PartnerOrganisation,
            [
                "name",
                "kind",
                "description",
                "website",
                "contact_name",
                "contact_email",
                "contact_phone",
                "is_active",
            ],
        )
        schemes = self._writer(
            SupportScheme,
            [
                "organisation",
                "name",
                "kind",
                "description",
                "headcount_bands",
                "departments",
                "contact_name",
                "contact_email",
                "url",
                "is_active",
            ],
        )
        scheme_axes = TableWriter(SupportScheme.axes.through, ["supportscheme", "interventionaxis"])
        memberships = self._writer(TaskforceMembership, ["user", "organisation", "is_active"])
        count = min(400, max(8, round(400 * self.scale)))
        self.organisations, self.schemes = [], []
        for n in range(count):
            pk = self._id(PartnerOrganisation)
            self.organisations.append(pk)
            organisations.add(
                (
                    pk,
                    f"Partenaire {n + 1} — {self.rng.choice(SURNAMES)}",
                    ORG_KINDS[n % 9],
                    LOREM[:120],
                    "",
                    "",
                    "",
                    "",
                    True,
                )
            )
            for s in range(3):
                scheme = self._id(SupportScheme)
                self.schemes.append(scheme)
                bands = self.rng.sample(list(HEADCOUNT_WEIGHTS), self.rng.randint(0, 3))
                departments = self.rng.sample(list(DEPARTMENT_WEIGHTS), self.rng.randint(0, 2))
                schemes.add(
                    (
                        scheme,
                        pk,
                        f"Dispositif {s + 1}",
                        SCHEME_KINDS[(n + s) % 7],
                        LOREM[:200],
                        bands,
                        departments,
                        "",
                        "",
                        "",
                        True,
                    )
                )
                for axis in self.rng.sample(self.axes, self.rng.randint(1, 3)):
                    scheme_axes.add((scheme, axis))
        for member in self.members:
            memberships.add(
                (self._id(TaskforceMembership), member, self.rng.choice(self.organisations), True)
            )
        self._done("organisations", organisations, started)
        self._done("schemes", schemes, time.perf_counter())
        self._done("scheme_axes", scheme_axes, time.perf_counter())
        self._done("memberships", memberships, time.perf_counter())

    def companies(self) -> None:
        started = time.perf_counter()
        companies = self._writer(
            Company,
            [
                "name",
                "siret",
                "naf_code",
                "headcount_band",
                "turnover_band",
                "address",
                "postcode",
                "city",
                "department",
                "website",
                "federation_member",
                "created_at",
                "updated_at",
            ],
        )
        contacts = self._writer(
            Contact,
            [
                "company",
                "first_name",
                "last_name",
                "job_title",
                "email",
                "phone",
                "data_consent_at",
                "contact_consent",
                "contact_consent_at",
                "user",
                "created_at",
            ],
        )
        self.company_ids: list[int] = []
        self.company_contacts: dict[int, list[int]] = {}
        self.company_band: dict[int, str] = {}
        offset = next_id(Company)
        for n in range(self.volumes["companies"]):
            pk = self._id(Company)
            department = self._weighted(DEPARTMENT_WEIGHTS)
            postcode, city = self.rng.choice(CITIES[department])
            band = self._weighted(HEADCOUNT_WEIGHTS)
            surname = self.rng.choice(SURNAMES)
            name = f"{self.rng.choice(TRADES)} {surname} {self.rng.choice(LEGAL_FORMS)}"
            created = self._moment(HISTORY_DAYS + 365, 30)
            companies.add(
                (
                    pk,
                    name,
                    make_siret(offset + n),
                    self.rng.choice(NAF_CODES),
                    band,
                    TURNOVER_BY_HEADCOUNT[band],
                    f"{self.rng.randint(1, 120)} rue de l'Industrie",
                    postcode,
                    city,
                    department,
                    "",
                    self.rng.random() < 0.4,
                    created,
                    created,
                )
            )
            self.company_ids.append(pk)
            self.company_band[pk] = band
            ids = []
            for c in range(1 if self.rng.random() < 0.6 else 2):
                contact = self._id(Contact)
                ids.append(contact)
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
                email = f"contact{c + 1}.{pk}@{surname.lower()}-{pk}.example"
                contacts.add(
                    (
                        contact,
                        pk,
                        first,
                        last,
                        "Dirigeant·e" if c == 0 else "Responsable R&D",
                        email,
                        "05 56 00 00 00",
                        created,
                        self.rng.random() < 0.5,
                        None,
                        None,
                        created,
                    )
                )
            self.company_contacts[pk] = ids
        self._done("companies", companies, started)
        self._done("contacts", contacts, time.perf_counter())

    def interactions(self) -> None:
        started = time.perf_counter()
        rows = self._writer(
            Interaction,
            [
                "company",
                "kind",
                "occurred_on",
                "officer",
                "contact",
                "notes",
                "next_step",
                "next_step_due",
                "next_step_done_at",
                "created_at",
            ],
        )
        rng = self.rng
        for _n in range(self.volumes["interactions"]):
            company = rng.choice(self.company_ids)
            moment = self._moment(HISTORY_DAYS)
            occurred = timezone.localdate(moment)
            next_step, due, done = "", None, None
            if rng.random() < 0.3:
                next_step = rng.choice(INTERACTION_NEXT_STEPS)
                due = occurred + dt.timedelta(days=rng.randint(3, 45))
                # Most steps past due were done; a few stay open (the overdue ones).
                if due < self.today and rng.random() < 0.97:
                    done = moment + dt.timedelta(days=rng.randint(1, 40))
            rows.add(
                (
                    self._id(Interaction),
                    company,
                    rng.choice(INTERACTION_KINDS),
                    occurred,
                    rng.choice(self.officers),
                    rng.choice(self.company_contacts[company]),
                    "Échange avec le dirigeant sur le projet et les aides possibles.",
                    next_step,
                    due,
                    done,
                    moment,
                )
            )
        self._done("interactions", rows, started)

    def sessions(self) -> None:
        """Past sessions (held), a few coming ones (published, two of them in 2 and 7 days for
        the review reminders) and one draft."""
        started = time.perf_counter()
        rows = self._writer(
            Session,
            [
                "date",
                "starts_at",
                "place",
                "video_link",
                "chair",
                "status",
                "published_at",
                "created_at",
            ],
        )
        seats = self._writer(SessionMember, ["session", "user", "attended"])
        # At least two coming sessions (in 2 and 7 days) and one past one, at any scale.
        count = max(MIN_SESSIONS, self.volumes["sessions"])
        coming = max(2, round(count * 0.02))
        self.past_sessions, self.coming_sessions = [], []
        self.session_date: dict[int, dt.date] = {}
        self.session_seats: dict[int, list[int]] = {}
        for n in range(count):
            pk = self._id(Session)
            if n < coming:
                days = {0: 2, 1: 7}.get(n, self.rng.randint(1, 60))
                day = self.today + dt.timedelta(days=days)
                status = Session.Status.DRAFT if n == coming - 1 and coming > 2 else "published"
                self.coming_sessions.append(pk)
            else:
                day = self.today - dt.timedelta(days=self.rng.randint(1, HISTORY_DAYS - 60))
                status = Session.Status.HELD
                self.past_sessions.append(pk)
            published = (
                None
                if status == Session.Status.DRAFT
                else dt.datetime.combine(day - dt.timedelta(days=14), dt.time(9), dt.UTC)
            )
            created = dt.datetime.combine(day - dt.timedelta(days=30), dt.time(9), dt.UTC)
            rows.add(
                (
                    pk,
                    day,
                    dt.time(9, 0),
                    f"Salle du conseil, {self.rng.choice(CITIES['33'])[1]}",
                    "",
                    self.rng.choice(self.managers),
                    status,
                    published,
                    min(created, self.now),
                )
            )
            self.session_date[pk] = day
            members = self.rng.sample(self.members, min(SEATS_PER_SESSION, len(self.members)))
            self.session_seats[pk] = members
            for member in members:
                attended = (self.rng.random() < 0.85) if status == Session.Status.HELD else None
                seats.add((self._id(SessionMember), pk, member, attended))
        draft = self.coming_sessions[-1] if coming > 2 else None
        self.published_coming = [pk for pk in self.coming_sessions if pk != draft]
        self.session_items: dict[int, list[int]] = defaultdict(list)
        self._done("sessions", rows, started)
        self._done("session_members", seats, time.perf_counter())

    def projects(self) -> None:  # noqa: C901, PLR0912, PLR0915 - one pass writes a project's rows
        started = time.perf_counter()
        rng = self.rng
        projects = self._writer(
            Project,
            [
                "company",
                "title",
                "description",
                "primary_axis",
                "stage",
                "stage_changed_at",
                "timing",
                "budget",
                "starts_on",
                "ends_on",
                "task_force_request",
                "decision_outcome",
                "submitted_by",
                "officer",
                "finance_officer",
                "support_started_on",
                "created_at",
                "updated_at",
            ],
        )
        project_axes = TableWriter(Project.axes.through, ["project", "interventionaxis"])
        changes = self._writer(
            StageChange,
            ["project", "from_stage", "to_stage", "changed_by", "changed_at", "comment"],
        )
        needs = self._writer(
            Need, ["project", "axis", "title", "rationale", "priority", "created_at"]
        )
        notes = self._writer(ProjectNote, ["project", "author", "text", "created_at"])
        resources = self._writer(
            Resource,
            [
                "project",
                "scheme",
                "label",
                "status",
                "status_changed_on",
                "next_action_on",
                "notes",
                "added_by",
                "created_at",
            ],
        )
        financing = self._writer(
            FinancingLine,
            [
                "project",
                "scheme",
                "source_label",
                "kind",
                "amount_asked",
                "amount_obtained",
                "status",
                "created_at",
            ],
        )
        actions = self._writer(
            SupportAction,
            [
                "project",
                "kind",
                "title",
                "provider",
                "starts_on",
                "ends_on",
                "days",
                "status",
                "created_at",
            ],
        )
        follow_ups = self._writer(
            FollowUp,
            [
                "project",
                "months",
                "due_on",
                "answered_at",
                "jobs_created",
                "jobs_kept",
                "turnover_effect",
                "product_launched",
                "satisfaction",
                "comment",
            ],
        )
        agenda = self._writer(
            AgendaItem,
            [
                "session",
                "project",
                "position",
                "presenter",
                "starts_at",
                "outcome",
                "conditions",
                "rationale",
                "decided_at",
                "decided_by",
            ],
        )
        emails = self._writer(
            OutboundEmail,
            [
                "key",
                "kind",
                "to",
                "subject",
                "body_text",
                "body_html",
                "status",
                "attempts",
                "last_error",
                "created_at",
                "claimed_at",
                "sent_at",
                "regarding_type",
                "regarding_id",
                "recipient_user",
            ],
        )
        # The emails regard their project (OutboundEmail.regarding).
        project_type = ContentType.objects.get_for_model(Project).pk
        self.agenda_items: list[tuple[int, int, int]] = []  # (item, session, project)
        position = Counter()
        body_html = "<p>" + LOREM + "</p>"
        for _n in range(self.volumes["projects"]):
            pk = self._id(Project)
            company = rng.choice(self.company_ids)
            contact = self.company_contacts[company][0]
            stage = self._weighted(STAGE_WEIGHTS)
            officer = rng.choice(self.officers)
            # The path taken: up to the stage reached; abandoned projects stop anywhere before
            # the support starts.
            if stage == Stage.ABANDONED:
                reached = rng.randint(0, 5)
                path = [*PATH[: reached + 1], Stage.ABANDONED]
            else:
                path = PATH[: PATH.index(stage) + 1]
            session = None
            outcome = ""
            if Stage.ON_AGENDA in path:
                if stage == Stage.ON_AGENDA:
                    session = rng.choice(self.published_coming)
                else:
                    session = rng.choice(self.past_sessions)
                session_day = self.session_date[session]
                on_agenda_at = dt.datetime.combine(
                    min(session_day, self.today) - dt.timedelta(days=rng.randint(7, 25)),
                    dt.time(10),
                    dt.UTC,
                )
                created = on_agenda_at - dt.timedelta(days=rng.randint(40, 240))
                if Stage.DECIDED in path:
                    if stage in (Stage.IN_SUPPORT, Stage.COMPLETED):
                        outcome = rng.choice(
                            [DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CONDITIONS]
                        )
                    elif stage == Stage.ABANDONED:
                        outcome = DecisionOutcome.REJECTED
                    else:
                        outcome = rng.choice(DecisionOutcome.values)
            else:
                created = self._moment(
                    min(HISTORY_DAYS, 720) if stage != Stage.ABANDONED else HISTORY_DAYS, 1
                )
                on_agenda_at = None
            # When each move happened: evenly between creation and now (or the session).
            moments = [created]
            end = on_agenda_at or self.now
            for index in range(1, len(path)):
                target = path[index]
                if target == Stage.ON_AGENDA:
                    moments.append(on_agenda_at)
                elif target == Stage.DECIDED:
                    moments.append(dt.datetime.combine(session_day, dt.time(12), dt.UTC))
                elif on_agenda_at and index > path.index(Stage.ON_AGENDA):
                    last = moments[-1]
                    span = max(1, (self.now - last).days)
                    moments.append(last + dt.timedelta(days=rng.randint(1, min(span, 400))))
                else:
                    last = moments[-1]
                    span = max(1, (end - last).total_seconds() / 86400 / (len(path) - index + 1))
                    moments.append(last + dt.timedelta(days=rng.uniform(0.5, span)))
            moments = [min(moment, self.now) for moment in moments]
            support_started = None
            if Stage.IN_SUPPORT in path:
                support_started = timezone.localdate(moments[path.index(Stage.IN_SUPPORT)])
            axes = rng.sample(self.axes, rng.randint(1, 3))
            budget = Decimal(rng.randrange(20_000, 2_000_000, 1_000))
            starts_on = timezone.localdate(created) + dt.timedelta(days=rng.randint(30, 200))
            finance_officer = (
                rng.choice(self.finance_officers) if Stage.DOSSIER_READY in path else None
            )
            projects.add(
                (
                    pk,
                    company,
                    f"{rng.choice(PROJECT_TOPICS)}",
                    LOREM,
                    axes[0],
                    stage,
                    moments[-1],
                    rng.choice(["now", "6m", "12m", "later"]),
                    budget,
                    starts_on,
                    starts_on + dt.timedelta(days=rng.randint(90, 900)),
                    "Cofinancement et mise en relation avec un laboratoire." if session else "",
                    outcome,
                    contact,
                    officer,
                    finance_officer,
                    support_started,
                    created,
                    moments[-1],
                )
            )
            for axis in axes:
                project_axes.add((pk, axis))
            for index in range(1, len(path)):
                changes.add(
                    (
                        self._id(StageChange),
                        pk,
                        path[index - 1],
                        path[index],
                        officer,
                        moments[index],
                        "",
                    )
                )
            if Stage.DIAGNOSIS in path:
                when = moments[path.index(Stage.DIAGNOSIS)]
                for axis in axes[: rng.randint(1, len(axes))]:
                    needs.add(
                        (
                            self._id(Need),
                            pk,
                            axis,
                            "Structurer la démarche",
                            LOREM[:150],
                            rng.choice(["high", "medium", "low"]),
                            when,
                        )
                    )
                for scheme in rng.sample(self.schemes, rng.randint(0, 2)):
                    resources.add(
                        (
                            self._id(Resource),
                            pk,
                            scheme,
                            "",
                            rng.choice(["suggested", "contacted", "engaged", "obtained"]),
                            timezone.localdate(when),
                            None,
                            "",
                            officer,
                            when,
                        )
                    )
                if rng.random() < 0.3:
                    notes.add((self._id(ProjectNote), pk, officer, LOREM[:200], when))
            if Stage.DOSSIER_READY in path:
                when = moments[path.index(Stage.DOSSIER_READY)]
                approved = outcome in (
                    DecisionOutcome.APPROVED,
                    DecisionOutcome.APPROVED_WITH_CONDITIONS,
                )
                for _line in range(rng.randint(1, 4)):
                    asked = Decimal(rng.randrange(5_000, 500_000, 500))
                    scheme = rng.choice(self.schemes) if rng.random() < 0.6 else None
                    status = (
                        rng.choice(["granted", "granted", "refused"])
                        if approved
                        else (rng.choice(["planned", "requested"]))
                    )
                    financing.add(
                        (
                            self._id(FinancingLine),
                            pk,
                            scheme,
                            "" if scheme else "Banque partenaire",
                            rng.choice(FINANCING_KINDS),
                            asked,
                            asked if status == "granted" else None,
                            status,
                            when,
                        )
                    )
            if session:
                item = self._id(AgendaItem)
                position[session] += 1
                decided_at = moments[path.index(Stage.DECIDED)] if outcome else None
                agenda.add(
                    (
                        item,
                        session,
                        pk,
                        position[session],
                        officer,
                        None,
                        outcome,
                        "Sous réserve du plan de financement."
                        if outcome == DecisionOutcome.APPROVED_WITH_CONDITIONS
                        else "",
                        "Projet structurant pour l'entreprise." if outcome else "",
                        decided_at,
                        rng.choice(self.managers) if outcome else None,
                    )
                )
                self.agenda_items.append((item, session, pk))
                if outcome:
                    emails.add(
                        (
                            self._id(OutboundEmail),
                            f"decision:{pk}",
                            "decision",
                            f"contact1.{company}@entreprise.example",
                            "Décision de la task force",
                            LOREM,
                            body_html,
                            "sent",
                            1,
                            "",
                            decided_at,
                            decided_at,
                            decided_at,
                            project_type,
                            pk,
                            None,
                        )
                    )
            if support_started:
                for _action in range(rng.randint(1, 4)):
                    begins = support_started + dt.timedelta(days=rng.randint(0, 120))
                    ends = begins + dt.timedelta(days=rng.randint(20, 300))
                    if stage == Stage.COMPLETED:
                        status = rng.choice(["done", "done", "done", "cancelled"])
                    else:
                        status = "in_progress" if begins <= self.today else "planned"
                    actions.add(
                        (
                            self._id(SupportAction),
                            pk,
                            rng.choice(ACTION_KINDS),
                            "Accompagnement individuel",
                            rng.choice(self.organisations),
                            begins,
                            ends,
                            Decimal(rng.randint(2, 40)),
                            status,
                            moments[path.index(Stage.IN_SUPPORT)],
                        )
                    )
                for months in FollowUp.MONTHS:
                    due = support_started + dt.timedelta(days=round(months * 30.4))
                    answered = due < self.today - dt.timedelta(days=20) and rng.random() < 0.7
                    answered_at = (
                        dt.datetime.combine(
                            due + dt.timedelta(days=rng.randint(1, 20)), dt.time(11), dt.UTC
                        )
                        if answered
                        else None
                    )
                    follow_ups.add(
                        (
                            self._id(FollowUp),
                            pk,
                            months,
                            due,
                            answered_at,
                            rng.randint(0, 5) if answered else None,
                            rng.randint(0, 50) if answered else None,
                            rng.choice(["none", "small", "medium", "large"]) if answered else "",
                            rng.random() < 0.5 if answered else None,
                            rng.randint(3, 5) if answered else None,
                            "",
                        )
                    )
            emails.add(
                (
                    self._id(OutboundEmail),
                    f"intake-confirmation:{pk}",
                    "intake_confirmation",
                    f"contact1.{company}@entreprise.example",
                    "Votre demande a bien été reçue",
                    LOREM,
                    body_html,
                    "sent",
                    1,
                    "",
                    created,
                    created,
                    created,
                    project_type,
                    pk,
                    None,
                )
            )
        for name, writer in [
            ("projects", projects),
            ("project_axes", project_axes),
            ("stage_changes", changes),
            ("needs", needs),
            ("notes", notes),
            ("resources", resources),
            ("financing_lines", financing),
            ("support_actions", actions),
            ("follow_ups", follow_ups),
            ("agenda_items", agenda),
            ("emails", emails),
        ]:
            self._done(name, writer, started)
            started = time.perf_counter()

    def taskforce(self) -> None:
        """Conflicts, reviews and scores: the coming sessions' dossiers first (reviews in
        progress), then past ones, until the number of reviews is reached."""
        started = time.perf_counter()
        rng = self.rng
        conflicts = self._writer(
            ConflictDeclaration,
            ["project", "agenda_item", "member", "kind", "comment", "declared_by", "created_at"],
        )
        reviews = self._writer(
            Review,
            [
                "agenda_item",
                "member",
                "recommendation",
                "comments_for_taskforce",
                "comments_for_company",
                "status",
                "submitted_at",
                "updated_at",
            ],
        )
        scores = self._writer(ReviewScore, ["review", "criterion", "score"])
        coming = set(self.coming_sessions)
        items = [i for i in self.agenda_items if i[1] in coming]
        past = [i for i in self.agenda_items if i[1] not in coming]
        rng.shuffle(past)
        budget = self.volumes["reviews"]
        conflicted_pairs = set()
        for item, session, project in items + past:
            seats = self.session_seats[session]
            day = self.session_date[session]
            conflicted = None
            if rng.random() < 0.08:
                conflicted = rng.choice(seats)
                if (project, conflicted) not in conflicted_pairs:
                    conflicted_pairs.add((project, conflicted))
                    conflicts.add(
                        (
                            self._id(ConflictDeclaration),
                            project,
                            item,
                            conflicted,
                            rng.choice(CONFLICT_KINDS),
                            "",
                            conflicted,
                            dt.datetime.combine(day - dt.timedelta(days=10), dt.time(9), dt.UTC),
                        )
                    )
            if budget <= 0:
                continue
            reviewers = [m for m in seats if m != conflicted]
            for member in rng.sample(reviewers, min(len(reviewers), rng.randint(2, 6), budget)):
                submitted = session not in coming or rng.random() < 0.5
                moment = min(
                    self.now,
                    dt.datetime.combine(
                        day - dt.timedelta(days=rng.randint(1, 10)), dt.time(15), dt.UTC
                    ),
                )
                review = self._id(Review)
                reviews.add(
                    (
                        review,
                        item,
                        member,
                        rng.choice(Recommendation.values) if submitted else "",
                        "Dossier solide, plan de financement à consolider.",
                        "",
                        "submitted" if submitted else "draft",
                        moment if submitted else None,
                        moment,
                    )
                )
                if submitted:
                    for criterion in self.criteria:
                        scores.add(
                            (
                                self._id(ReviewScore),
                                review,
                                criterion,
                                rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 5, 3])[0],
                            )
                        )
                budget -= 1
        self._done("conflicts", conflicts, started)
        self._done("reviews", reviews, time.perf_counter())
        self._done("review_scores", scores, time.perf_counter())

    def intake_drafts(self) -> None:
        started = time.perf_counter()
        rows = self._writer(
            IntakeDraft,
            [
                "token",
                "email",
                "data",
                "created_at",
                "updated_at",
                "reminded_at",
                "completed_at",
                "project",
            ],
        )
        for n in range(max(5, round(5_000 * self.scale))):
            updated = self._moment(40)
            completed = updated if self.rng.random() < 0.3 else None
            rows.add(
                (
                    self._id(IntakeDraft),
                    f"scale-draft-{n}-{self.rng.getrandbits(64):x}",
                    f"brouillon{n}@entreprise.example",
                    {"company_name": "Atelier " + self.rng.choice(SURNAMES), "title": "Projet"},
                    updated - dt.timedelta(hours=1),
                    updated,
                    None,
                    completed,
                    None,
                )
            )
        self._done("intake_drafts", rows, started)


# --- Is the data there already, and emptying it


DATA_MODELS = [
    Company,
    Project,
    Interaction,
    Session,
    OutboundEmail,
    IntakeDraft,
    PartnerOrganisation,
]


def existing_counts() -> dict[str, int]:
    return {
        "companies": Company.objects.count(),
        "projects": Project.objects.count(),
        "interactions": Interaction.objects.count(),
        "sessions": Session.objects.count(),
        "reviews": Review.objects.count(),
    }


def reset_data() -> None:
    """Empty every table the generator fills (all their rows, not only generated ones: the
    bench database is its own) and remove the generated people."""
    generated_users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    if is_postgresql():
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in DATA_MODELS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            ids = list(generated_users.values_list("pk", flat=True))
            User.groups.through.objects.filter(user_id__in=ids).delete()
            generated_users._raw_delete(generated_users.db)
        return
    with transaction.atomic():
        for model in [
            Project.axes.through,
            SupportScheme.axes.through,
            ReviewScore,
            Review,
            ConflictDeclaration,
            AgendaItem,
            SessionMember,
            Session,
            OutboundEmail,
            FollowUp,
            SupportAction,
            FinancingLine,
            Resource,
            ProjectNote,
            Need,
            StageChange,
            IntakeDraft,
            Project,
            Interaction,
            Contact,
            Company,
            TaskforceMembership,
            SupportScheme,
            PartnerOrganisation,
        ]:
            model._default_manager.all()._raw_delete(connection.alias)
        User.groups.through.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").delete()
        generated_users._raw_delete(generated_users.db)
