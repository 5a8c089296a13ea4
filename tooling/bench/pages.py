"""The key pages, who looks at them, and their server time measured in-process.

Each page is requested through django.test.Client (the whole middleware stack, DEBUG off, the
cached template loader) as the person who uses it: once with the queries counted, then
`repeat` times timed. POSTs run inside a transaction that is rolled back, so the data set is the
same after the bench and no email is delivered.
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from companies.models import HeadcountBand
from pmi_aqt.accounts.models import Role, User
from projects.models import InterventionAxis, Project, Stage
from projects.stats.cache import forget_figures
from taskforce.models import Review, Session, SessionMember

from .generate.tables import make_siret
from .measure import count_queries, rolled_back, summary_ms, timed
from .urls import TRIVIAL_PATH

PER_PAGE = 25  # the project list's page size (projects.views.workspace.PROJECTS_PER_PAGE)


@dataclass
class Page:
    name: str
    who: str  # a key of Subjects.users, or "" for anonymous
    path: str
    method: str = "get"
    data: dict = field(default_factory=dict)
    expect: int = 200
    # Puts the data in the state the page is measured in, before each request (timed with it:
    # keep it to a cache write).
    before: Callable[[], None] | None = None


@dataclass
class Subjects:
    users: dict[str, User]
    notes: dict[str, str]


def pick_subjects() -> Subjects:
    """The people and objects the pages are measured on, chosen as typical, not tiny."""
    notes = {}
    # The officer whose open portfolio is the median one.
    open_counts = list(
        Project.objects.open()
        .filter(officer__isnull=False)
        .values("officer")
        .annotate(n=Count("id"))
        .order_by("n", "officer")
        .values_list("officer", "n")
    )
    officer_id, open_count = open_counts[len(open_counts) // 2]
    notes["officer_open_projects"] = open_count
    manager = User.objects.with_role(Role.MANAGER).order_by("pk").first()
    # A member of the published session in 7 days (or the next coming one).
    coming = (
        Session.objects.filter(status=Session.Status.PUBLISHED, date__gte=timezone.localdate())
        .order_by("date")
        .last()
    )
    member_id = (
        SessionMember.objects.filter(session=coming)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    ).first()
    notes["member_sessions"] = SessionMember.objects.filter(user_id=member_id).count()
    return Subjects(
        users={
            "officer": User.objects.get(pk=officer_id),
            "manager": manager,
            "member": User.objects.get(pk=member_id),
        },
        notes=notes,
    )


def page_list(subjects: Subjects) -> list[Page]:
    total = Project.objects.count()
    deep = max(1, math.ceil(total / PER_PAGE) * 4 // 5)
    project = (
        Project.objects.filter(stage=Stage.IN_SUPPORT)
        .annotate(lines=Count("financing_lines", distinct=True))
        .filter(lines__gte=2)
        .order_by("pk")
        .first()
    ) or Project.objects.order_by("pk").first()
    session_id = (
        Review.objects.filter(status=Review.Status.SUBMITTED)
        .values("agenda_item__session")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("agenda_item__session", flat=True)
        .first()
    )
    coming_id = (
        Session.objects.filter(status=Session.Status.PUBLISHED)
        .filter(Q(session_members__user=subjects.users["member"]))
        .order_by("-date")
        .values_list("pk", flat=True)
        .first()
    )
    subjects.notes.update(
        {"projects": total, "deep_page": deep, "project": project.pk, "session": session_id}
    )
    axis = InterventionAxis.objects.order_by("position").first()
    return [
        Page("trivial view", "officer", TRIVIAL_PATH),
        Page("officer portfolio", "officer", reverse("projects:portfolio")),
        Page("project list", "officer", reverse("projects:list")),
        Page(
            "project list filtered",
            "officer",
            reverse("projects:list") + f"?etape=diagnosis&departement=33&axe={axis.code}",
        ),
        Page("project list sorted", "officer", reverse("projects:list") + "?tri=entreprise"),
        Page(f"project list page {deep}", "officer", reverse("projects:list") + f"?page={deep}"),
        Page("project page", "officer", reverse("projects:detail", args=[project.pk])),
        Page("company search", "officer", reverse("companies:list") + "?q=lafitte"),
        Page(
            "session page (staff)",
            "manager",
            reverse("taskforce:session_detail", args=[session_id]),
        ),
        Page(
            "session aggregates",
            "manager",
            reverse("taskforce:session_aggregate", args=[session_id]),
        ),
        Page("member workspace", "member", reverse("taskforce:workspace")),
        Page(
            "member session page",
            "member",
            reverse("taskforce:session_detail", args=[coming_id]),
        ),
        Page("programme dashboard", "manager", reverse("projects:dashboard")),
        Page(
            "programme dashboard after a write",
            "manager",
            reverse("projects:dashboard"),
            before=forget_figures,
        ),
        Page("intake form GET", "", reverse("projects:intake")),
        Page("intake form POST", "", reverse("projects:intake"), "post", intake_data(), 302),
    ]


def intake_data() -> dict:
    """A complete, valid request from a company the data set does not hold."""
    siret = make_siret(50_000_000)
    axes = list(InterventionAxis.objects.order_by("position").values_list("pk", flat=True)[:2])
    return {
        "siret": siret,
        "company_name": "Forges de Bayonne",
        "address": "4 rue des Forgerons",
        "postcode": "64100",
        "city": "Bayonne",
        "headcount_band": HeadcountBand.SMALL,
        "first_name": "Maïté",
        "last_name": "Etcheverry",
        "job_title": "Directrice industrielle",
        "email": "maite.etcheverry@forges-bayonne.example",
        "phone": "05 59 00 00 00",
        "title": "Capteurs connectés sur la presse",
        "description": "Suivre l'usure des outils en temps réel pour réduire les arrêts.",
        "axes": [str(pk) for pk in axes],
        "timing": "6m",
        "data_consent": "on",
    }


def clients_for(subjects: Subjects) -> dict[str, Client]:
    clients = {"": Client()}
    for key, user in subjects.users.items():
        client = Client()
        client.force_login(user)
        clients[key] = client
    return clients


def _request(client: Client, page: Page):
    if page.before is not None:
        page.before()
    if page.method == "post":
        with rolled_back():
            return getattr(client, page.method)(page.path, page.data)
    return client.get(page.path)


@override_settings(ROOT_URLCONF="tooling.bench.urls", INTAKE_RATE_LIMIT="1000000/h")
def measure_pages(subjects: Subjects, *, repeat: int, warmup: int = 2) -> list[dict]:
    clients = clients_for(subjects)
    results = []
    for page in page_list(subjects):
        client = clients[page.who]
        for _n in range(warmup):
            _request(client, page)
        queries, response = count_queries(lambda c=client, p=page: _request(c, p))
        times = []
        for _n in range(repeat):
            seconds, response = timed(lambda c=client, p=page: _request(c, p))
            times.append(seconds)
        results.append(
            {
                "page": page.name,
                "as": page.who or "anonymous",
                "path": page.path,
                "status": response.status_code,
                "ok": response.status_code == page.expect,
                "queries": queries,
                "bytes": len(response.content),
                **summary_ms(times),
            }
        )
    trivial = results[0]["median_ms"] or 0.001
    for row in results:
        row["x_trivial"] = round(row["median_ms"] / trivial, 1)
    return results


def session_cookie(user: User) -> str:
    """A session for the load test (gunicorn reads the same database)."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def load_paths(subjects: Subjects) -> dict[str, str]:
    # The load test replays paths only: a page needing a state set before it is left out.
    return {
        page.name: page.path
        for page in page_list(subjects)
        if page.name != "trivial view" and page.before is None
    }


def working_day(day: dt.date) -> dt.date:
    from projects.reminders import is_working_day

    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
