"""The permission matrix over every page of the portal.

Every URL pattern the resolver knows is listed here (`PAGES`), with the roles that may use it and
what a refusal looks like for everyone else. One fixture world (two companies, projects at
several stages, task-force sessions with agendas, reviews and a conflict, documents in a
temporary storage, every kind of secure link) lets each URL be reversed with real arguments.

For each role and each page:
- allowed: a GET answers 2xx or 3xx that is not a login redirect (a POST-only endpoint answers
  405 to the GET instead);
- refused: the stated refusal (anonymous → the login page on pages behind a login, 403 or 404
  otherwise), to a GET and, where the page takes a POST, to a POST that leaves the database
  exactly as it was; and the refused answer shows nothing of the dossiers.
A page missing from `PAGES` fails `test_every_url_is_declared`: new URLs must be declared.
`test_refused_posts_would_have_changed_something` shows that the refused POSTs are real ones:
the same POST by an allowed role does change the database.

Secure-link (token) pages: the token is the permission, whoever is logged in. The company's
contact holds the genuine link; the contact of another company holds its own genuine link
(which must not open this company's objects); everyone else holds a link with a broken
signature.
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from companies.models import HeadcountBand, Interaction
from pmi_aqt.accounts.models import CalendarFeed, Role
from pmi_aqt.jobs.models import Job
from pmi_aqt.mailing.models import EmailText, OutboundEmail
from projects.access import company_link_token
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    DecisionOutcome,
    DocumentKind,
    DocumentRequest,
    FinancingLine,
    FollowUp,
    IntakeDraft,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Resource,
    SchemeKind,
    Stage,
    StudentPlacement,
    SupportAction,
    SupportScheme,
    YearlyTarget,
)
from projects.reminders import survey_token
from projects.services.documents import detect_file_type, document_store
from taskforce.models import Session

from .factories import (
    CompanyFactory,
    ContactFactory,
    InteractionFactory,
    ProjectFactory,
    UserFactory,
    decided_project,
    make_siret,
)
from .test_documents_samples import PDF_BYTES, upload
from .test_taskforce_data import (
    SECRET_DESCRIPTION,
    SECRET_REQUEST,
    conflict,
    hold,
    make_member,
    make_session,
    put_on_agenda,
    submit_review,
)

pytestmark = pytest.mark.django_db

# --- The roles

ANONYMOUS = "anonymous"
COMPANY = "company_contact"  # a contact of company A, with an account; holds A's links
OTHER_COMPANY = "other_company_contact"  # a contact of company B, with an account
MEMBER = "member"  # sits in the session, not conflicted
OTHER_MEMBER = "other_member"  # sits in another session only
CONFLICTED = "conflicted_member"  # sits in the session, declared a conflict on its dossier
OFFICER = "officer"  # chairs the session, officer of the projects
FINANCE = "finance_officer"
MANAGER = "manager"

ROLES = (
    ANONYMOUS,
    COMPANY,
    OTHER_COMPANY,
    MEMBER,
    OTHER_MEMBER,
    CONFLICTED,
    OFFICER,
    FINANCE,
    MANAGER,
)
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
STAFF = frozenset({OFFICER, FINANCE, MANAGER})
# Officers and the manager: the pipeline, the task force's running, the support plan.
TEAM = frozenset({OFFICER, MANAGER})
MANAGER_ONLY = frozenset({MANAGER})
# Who may turn two-factor authentication on: the team and the task force's members.
TWO_FACTOR_USERS = STAFF | {MEMBER, OTHER_MEMBER, CONFLICTED}
NOBODY: frozenset[str] = frozenset()

# --- What a refusal looks like

LOGIN = "login"  # 302 to the login page, with ?next=
ADMIN_LOGIN = "admin login"  # 302 to the Django admin's own login page
FORBIDDEN = 403
NOT_FOUND = 404

# --- How a page is used

GET = "GET"  # a page to read: refused roles are tried with a GET
FORM = "GET+POST"  # a form: refused roles are tried with a GET and a POST
POST = "POST"  # an action: allowed roles get 405 to a GET; refused roles are tried with a POST

# Text that only those allowed to see the dossiers may read.
SECRETS = (SECRET_DESCRIPTION, SECRET_REQUEST, "Note interne confidentielle de la matrice")


@dataclass(frozen=True)
class Page:
    allowed: frozenset[str]
    url: Callable[[SimpleNamespace, str], str]
    method: str = GET
    # Per-role refusal where it differs from the default (anonymous → LOGIN, others → 403).
    refusal: Mapping[str, object] = field(default_factory=dict)
    # What a POST sends: enough to change something were it accepted.
    post: Callable[[SimpleNamespace], dict] | None = None
    # Run before an allowed role's GET (for pages that need something in the session).
    prepare: Callable[[object, SimpleNamespace], None] | None = None

    def refusal_for(self, role: str):
        if role in self.refusal:
            return self.refusal[role]
        return LOGIN if role == ANONYMOUS else FORBIDDEN


def prospect_file():
    """A one-line file, as the import pages receive it (read before any column is chosen)."""
    return SimpleUploadedFile("prospects.csv", b"Raison sociale;SIRET\r\nForges;73282932000074\r\n")


def to(name: str, *attrs: str, query: str = "") -> Callable[[SimpleNamespace, str], str]:
    """The URL of `name` with the world's objects named by `attrs` as arguments (their pk, or
    the value itself when it is not a model instance)."""

    def build(w: SimpleNamespace, role: str) -> str:
        args = []
        for attr in attrs:
            value = getattr(w, attr)
            args.append(getattr(value, "pk", value))
        return reverse(name, args=args) + query

    return build


def tampered(token: str) -> str:
    """The same link with its last character changed: a broken signature, or no such token."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def with_token(
    name: str, token_attr: str, *attrs: str, other_company_token: str | None = None
) -> Callable[[SimpleNamespace, str], str]:
    """A secure-link URL: the company's contact holds the genuine token; the other company's
    contact its own genuine token (when the URL also names objects of company A), everyone
    else a tampered one."""

    def build(w: SimpleNamespace, role: str) -> str:
        token = getattr(w, token_attr)
        if role == OTHER_COMPANY and other_company_token:
            token = getattr(w, other_company_token)
        elif role != COMPANY:
            token = tampered(token)
        args = [token, *(getattr(w, a).pk for a in attrs)]
        return reverse(name, args=args)

    return build


def feed_url(w: SimpleNamespace, role: str) -> str:
    """A private calendar feed: the member holds their genuine token, everyone else a
    tampered one (a token is the whole permission, whoever is logged in)."""
    token = w.feed_token if role == MEMBER else tampered(w.feed_token)
    return reverse("taskforce:calendar_feed", args=[token])


def download_url(w: SimpleNamespace, role: str) -> str:
    """The file the company sent, downloaded by the team (no link needed) or through a link."""
    token = {COMPANY: w.company_link, OTHER_COMPANY: w.other_company_link}.get(
        role, tampered(w.company_link)
    )
    path = reverse("projects:document_download", args=[w.project.pk, w.company_document.pk])
    return f"{path}?lien={token}"


def refused_everywhere_with(status) -> dict:
    return dict.fromkeys(ROLES, status)


def _store_preview(client, w: SimpleNamespace) -> None:
    from pmi_aqt.mailing.views import PREVIEW_SESSION_KEY

    session = client.session
    session[PREVIEW_SESSION_KEY] = {"kind": w.email_kind, "html": "<p>Aperçu</p>"}
    session.save()


def _pdf_file(name: str = "devis-signe.pdf"):
    return upload(name, PDF_BYTES)


# --- The table: every URL name of the project, who may use it, and how it refuses.

PAGES: dict[str, Page] = {
    # Public pages, the account pages and the landing redirect
    "home": Page(LOGGED_IN, to("home")),
    "privacy": Page(EVERYONE, to("privacy")),
    "accessibility": Page(EVERYONE, to("accessibility")),
    # Logged-in people are sent on to their landing page (redirect_authenticated_user).
    "accounts:login": Page(EVERYONE, to("accounts:login")),
    "accounts:logout": Page(LOGGED_IN, to("accounts:logout"), POST),
    "accounts:password_reset": Page(EVERYONE, to("accounts:password_reset"), FORM),
    "accounts:password_reset_done": Page(EVERYONE, to("accounts:password_reset_done")),
    # The emailed token is the permission: whoever holds it goes on to choose a password.
    "accounts:password_reset_confirm": Page(
        EVERYONE, to("accounts:password_reset_confirm", "reset_uid", "reset_token")
    ),
    "accounts:password_reset_complete": Page(EVERYONE, to("accounts:password_reset_complete")),
    # A page of plain explanations, the same for everyone logged in.
    # The company space lists the contact's own projects: company contacts only.
    "projects:company_home": Page(frozenset({COMPANY, OTHER_COMPANY}), to("projects:company_home")),
    "accounts:no_role": Page(LOGGED_IN, to("accounts:no_role")),
    # The second step of logging in: those who need no code are sent on (3xx).
    "accounts:two_factor_verify": Page(LOGGED_IN, to("accounts:two_factor_verify"), FORM),
    # One's own two-factor authentication: staff and task-force members, not companies.
    "accounts:security": Page(TWO_FACTOR_USERS, to("accounts:security")),
    "accounts:two_factor_setup": Page(TWO_FACTOR_USERS, to("accounts:two_factor_setup"), FORM),
    # Without codes just made, it sends on to the security page (3xx).
    "accounts:backup_codes": Page(TWO_FACTOR_USERS, to("accounts:backup_codes")),
    "accounts:two_factor_turn_off": Page(
        TWO_FACTOR_USERS, to("accounts:two_factor_turn_off"), POST
    ),
    "accounts:backup_codes_renew": Page(TWO_FACTOR_USERS, to("accounts:backup_codes_renew"), POST),
    # Ending one's other sessions: whoever has the account security page.
    "accounts:sessions_end_others": Page(
        TWO_FACTOR_USERS, to("accounts:sessions_end_others"), POST
    ),
    # One's private calendar feed: the task force's members and those who run sessions.
    "accounts:calendar_feed_renew": Page(
        TEAM | {MEMBER, OTHER_MEMBER, CONFLICTED}, to("accounts:calendar_feed_renew"), POST
    ),
    "accounts:calendar_feed_revoke": Page(
        TEAM | {MEMBER, OTHER_MEMBER, CONFLICTED}, to("accounts:calendar_feed_revoke"), POST
    ),
    # The programme manager requires it for staff, and resets a lost one.
    "accounts:security_policy": Page(
        MANAGER_ONLY,
        to("accounts:security_policy"),
        FORM,
        post=lambda w: {"two_factor_roles": ["officer"]},
    ),
    "accounts:two_factor_reset": Page(
        MANAGER_ONLY, to("accounts:two_factor_reset", "two_factor_person"), POST
    ),
    # The history of every change: the programme manager only.
    "audit:log": Page(MANAGER_ONLY, to("audit:log")),
    # The audit filter's search of authors: the manager's, as the page.
    "audit:people": Page(MANAGER_ONLY, to("audit:people", query="?q=officer")),
    # None of the cast is `is_staff`: the technical admin sends everyone to its own login.
    "admin:index": Page(NOBODY, to("admin:index"), refusal=refused_everywhere_with(ADMIN_LOGIN)),
    # --- Companies (the team's directory)
    "companies:list": Page(STAFF, to("companies:list")),
    "companies:contact_list": Page(STAFF, to("companies:contact_list", query="?q=example")),
    # The header's search across companies, contacts, projects and the directory: the team.
    "search:results": Page(STAFF, to("search:results", query="?q=projet")),
    "companies:create": Page(
        STAFF,
        to("companies:create"),
        FORM,
        post=lambda w: {
            "name": "Chaudronnerie des Landes",
            "siret": w.new_siret,
            "headcount_band": HeadcountBand.SMALL,
            "address": "1 rue du Port",
            "postcode": "40100",
            "city": "Dax",
        },
    ),
    "companies:export_csv": Page(STAFF, to("companies:export_csv"), FORM),
    "companies:export_xlsx": Page(STAFF, to("companies:export_xlsx"), FORM),
    # Prospect lists: the flow works on the person's own waiting import (none: back to the
    # upload page, a redirect).
    "companies:import_upload": Page(
        TEAM,
        to("companies:import_upload"),
        FORM,
        post=lambda w: {"file": prospect_file()},
    ),
    "companies:import_columns": Page(TEAM, to("companies:import_columns"), FORM),
    "companies:import_preview": Page(TEAM, to("companies:import_preview"), FORM),
    "companies:import_cancel": Page(TEAM, to("companies:import_cancel"), POST),
    "companies:detail": Page(STAFF, to("companies:detail", "company")),
    "companies:edit": Page(STAFF, to("companies:edit", "company"), FORM),
    "companies:contact_create": Page(
        STAFF,
        to("companies:contact_create", "company"),
        FORM,
        post=lambda w: {"first_name": "Jeanne", "last_name": "Larrieu", "email": "j@l.example"},
    ),
    "companies:contact_edit": Page(STAFF, to("companies:contact_edit", "company", "contact"), FORM),
    # Erasing a contact: the manager and the officer who follows one of the company's projects.
    "projects:contact_anonymise": Page(
        TEAM, to("projects:contact_anonymise", "company", "contact"), POST
    ),
    # Exports (RGPD): the manager and the officer who follows one of the company's projects;
    # a user's account from the manager's page only.
    "projects:company_data_export": Page(TEAM, to("projects:company_data_export", "company")),
    "projects:contact_data_export": Page(
        TEAM, to("projects:contact_data_export", "company", "contact")
    ),
    "projects:user_data_export": Page(
        MANAGER_ONLY, to("projects:user_data_export", "two_factor_person"), FORM
    ),
    "projects:contact_delete": Page(
        TEAM, to("projects:contact_delete", "company", "contact"), POST
    ),
    # Erasing a user's account: the manager, from their page (never their own account).
    "projects:user_anonymise": Page(
        MANAGER_ONLY, to("projects:user_anonymise", "two_factor_person"), POST
    ),
    "companies:interaction_create": Page(
        STAFF,
        to("companies:interaction_create", "company"),
        FORM,
        post=lambda w: {
            "kind": Interaction.Kind.CALL,
            "occurred_on": timezone.localdate().isoformat(),
            "notes": "Appel de suivi",
        },
    ),
    "companies:next_step_done": Page(
        STAFF, to("companies:next_step_done", "company", "interaction"), POST
    ),
    # --- The public intake form and its drafts
    "projects:intake": Page(EVERYONE, to("projects:intake"), FORM),
    "projects:intake_done": Page(EVERYONE, to("projects:intake_done")),
    "projects:intake_draft_saved": Page(EVERYONE, to("projects:intake_draft_saved")),
    "projects:intake_resume": Page(
        frozenset({COMPANY}),
        with_token("projects:intake_resume", "draft_token"),
        FORM,
        refusal=refused_everywhere_with(NOT_FOUND),
    ),
    # --- The team's workspace
    "projects:list": Page(STAFF, to("projects:list")),
    "projects:portfolio": Page(STAFF, to("projects:portfolio")),
    # The portfolio selector's search of the team: the manager's, who looks at others' portfolios.
    "projects:portfolio_people": Page(
        MANAGER_ONLY, to("projects:portfolio_people", query="?q=officer")
    ),
    # The search of the team behind the fields choosing a person (an officer, a finance officer,
    # a chair, a presenter) and the lists' officer filter: the whole team, which uses them.
    "projects:team_people": Page(
        STAFF,
        lambda w, role: reverse("projects:team_people", args=["filtre"]) + "?q=officer",
    ),
    # The team view, the manager's landing page: officers follow their own portfolio.
    "projects:team": Page(MANAGER_ONLY, to("projects:team")),
    "projects:export_csv": Page(STAFF, to("projects:export_csv"), FORM),
    "projects:export_xlsx": Page(STAFF, to("projects:export_xlsx"), FORM),
    # --- The project page and the pipeline
    "projects:detail": Page(STAFF, to("projects:detail", "project")),
    # The finance officer reaches the view (staff) but the workflow refuses the move: 403.
    "projects:move": Page(
        TEAM,
        to("projects:move", "project"),
        POST,
        post=lambda w: {"target": Stage.DIAGNOSIS, "comment": "On commence"},
    ),
    "projects:diagnosis": Page(TEAM, to("projects:diagnosis", "project"), FORM),
    "projects:need_create": Page(
        TEAM,
        to("projects:need_create", "project"),
        FORM,
        post=lambda w: {"axis": w.axis.pk, "title": "Former l'équipe", "priority": "high"},
    ),
    "projects:need_edit": Page(TEAM, to("projects:need_edit", "project", "need"), FORM),
    "projects:need_delete": Page(TEAM, to("projects:need_delete", "project", "need"), POST),
    "projects:note_create": Page(
        STAFF,
        to("projects:note_create", "project"),
        POST,
        post=lambda w: {"text": "Une note de plus"},
    ),
    # From prospecting to a project: officers and the manager open one from a company's page;
    # the finance officer is refused (403, saying who does it).
    "projects:project_open": Page(
        TEAM,
        to("projects:project_open", "company"),
        FORM,
        post=lambda w: {
            "title": "Cellule de soudure robotisée",
            "description": "Rencontrée au salon : automatiser la soudure des châssis.",
            "axes": [w.axis.pk],
            "officer": w.users[OFFICER].pk,
        },
    ),
    # --- The ecosystem directory and the resources to mobilise
    "projects:organisation_list": Page(STAFF, to("projects:organisation_list")),
    "projects:directory_export_csv": Page(MANAGER_ONLY, to("projects:directory_export_csv"), FORM),
    "projects:directory_export_xlsx": Page(
        MANAGER_ONLY, to("projects:directory_export_xlsx"), FORM
    ),
    "projects:directory_import_upload": Page(
        MANAGER_ONLY,
        to("projects:directory_import_upload"),
        FORM,
        post=lambda w: {"file": prospect_file()},
    ),
    "projects:directory_import_columns": Page(
        MANAGER_ONLY, to("projects:directory_import_columns"), FORM
    ),
    "projects:directory_import_preview": Page(
        MANAGER_ONLY, to("projects:directory_import_preview"), FORM
    ),
    "projects:directory_import_cancel": Page(
        MANAGER_ONLY, to("projects:directory_import_cancel"), POST
    ),
    "projects:organisation_create": Page(
        MANAGER_ONLY,
        to("projects:organisation_create"),
        FORM,
        post=lambda w: {"name": "Cluster Aerospace Valley", "kind": "cluster"},
    ),
    "projects:organisation_detail": Page(STAFF, to("projects:organisation_detail", "organisation")),
    "projects:organisation_edit": Page(
        MANAGER_ONLY, to("projects:organisation_edit", "organisation"), FORM
    ),
    "projects:organisation_deactivate": Page(
        MANAGER_ONLY, to("projects:organisation_deactivate", "organisation"), POST
    ),
    # The suggestions of the fields choosing an organisation by typing (a scheme's funder, an
    # action's provider, the lists' filters): the directory's readers.
    "projects:organisation_suggestions": Page(
        STAFF,
        lambda w, role: reverse("projects:organisation_suggestions", args=["actives"]) + "?q=ad",
    ),
    "projects:scheme_list": Page(STAFF, to("projects:scheme_list")),
    "projects:scheme_create": Page(MANAGER_ONLY, to("projects:scheme_create"), FORM),
    "projects:scheme_detail": Page(STAFF, to("projects:scheme_detail", "scheme")),
    "projects:scheme_edit": Page(MANAGER_ONLY, to("projects:scheme_edit", "scheme"), FORM),
    "projects:scheme_deactivate": Page(
        MANAGER_ONLY, to("projects:scheme_deactivate", "scheme"), POST
    ),
    "projects:resource_confirm": Page(
        TEAM,
        to("projects:resource_confirm", "project"),
        POST,
        post=lambda w: {"scheme": w.free_scheme.pk},
    ),
    "projects:resource_add": Page(
        TEAM,
        to("projects:resource_add", "project"),
        FORM,
        post=lambda w: {"ressource-label": "Un expert en vision industrielle"},
    ),
    "projects:resource_edit": Page(TEAM, to("projects:resource_edit", "project", "resource"), FORM),
    "projects:suggestion_dismiss": Page(
        TEAM,
        to("projects:suggestion_dismiss", "project", "free_scheme"),
        FORM,
        post=lambda w: {"reason": "Hors de la filière de l'entreprise"},
    ),
    # --- The financing plan (the finance officer's own)
    "projects:financing_schemes": Page(
        STAFF, to("projects:financing_schemes", "project", query="?q=region")
    ),
    "projects:financing_line_create": Page(
        STAFF,
        to("projects:financing_line_create", "project"),
        FORM,
        post=lambda w: {
            "source_label": "Banque de l'entreprise",
            "kind": FinancingLine.Kind.LOAN,
            "amount_asked": "20000",
            "status": FinancingLine.Status.PLANNED,
        },
    ),
    "projects:financing_line_edit": Page(
        STAFF, to("projects:financing_line_edit", "project", "line"), FORM
    ),
    "projects:financing_line_delete": Page(
        STAFF, to("projects:financing_line_delete", "project", "line"), POST
    ),
    # The finance officer's workspace across projects, and its export: the whole team.
    "projects:financing_workspace": Page(STAFF, to("projects:financing_workspace")),
    # The workspace's scheme filter, typed: its suggestions, to the same team.
    "projects:financing_workspace_schemes": Page(
        STAFF, to("projects:financing_workspace_schemes", query="?q=region")
    ),
    "projects:financing_export_csv": Page(STAFF, to("projects:financing_export_csv"), FORM),
    # --- Documents
    "projects:document_upload": Page(
        STAFF,
        to("projects:document_upload", "project"),
        FORM,
        post=lambda w: {"file": _pdf_file(), "kind": DocumentKind.QUOTE},
    ),
    # The team downloads any document; a company, through its link, what its people sent.
    # Without a genuine link of this very project, everyone is refused with a 403 (anonymous
    # included: the page takes no login, the link is the permission).
    "projects:document_download": Page(
        STAFF | {COMPANY}, download_url, refusal=refused_everywhere_with(FORBIDDEN)
    ),
    "projects:document_delete": Page(
        STAFF, to("projects:document_delete", "project", "staff_document"), POST
    ),
    "projects:document_request_create": Page(
        STAFF,
        to("projects:document_request_create", "project"),
        FORM,
        post=lambda w: {"kind": DocumentKind.BUSINESS_PLAN, "label": "Plan d'affaires"},
    ),
    "projects:document_request_delete": Page(
        STAFF, to("projects:document_request_delete", "project", "doc_request"), POST
    ),
    # --- The support plan
    "projects:support_action_create": Page(
        TEAM,
        to("projects:support_action_create", "project"),
        FORM,
        post=lambda w: {
            "kind": SupportAction.Kind.TRAINING,
            "title": "Formation au pilotage",
            "status": SupportAction.Status.PLANNED,
        },
    ),
    "projects:support_action_edit": Page(
        TEAM, to("projects:support_action_edit", "project", "action"), FORM
    ),
    "projects:support_action_delete": Page(
        TEAM, to("projects:support_action_delete", "project", "action"), POST
    ),
    "projects:follow_up_answer": Page(
        TEAM, to("projects:follow_up_answer", "project", "follow_up"), FORM
    ),
    # --- Student placements: officers and the manager run them, the whole team reads them
    "projects:placement_list": Page(STAFF, to("projects:placement_list")),
    "projects:placement_create": Page(
        TEAM,
        to("projects:placement_create", "project"),
        FORM,
        post=lambda w: {
            "kind": StudentPlacement.Kind.WORK_STUDY,
            "institution": w.school.pk,
            "student_name": "Inès Duboscq",
            "degree": "Diplôme d'ingénieur, 4e année",
            "starts_on": "2026-09-01",
            "ends_on": "2028-08-31",
            "contract_type": StudentPlacement.Contract.APPRENTICESHIP,
        },
    ),
    "projects:placement_edit": Page(
        TEAM,
        to("projects:placement_edit", "project", "placement"),
        FORM,
        post=lambda w: {
            "kind": StudentPlacement.Kind.INTERN,
            "institution": w.school.pk,
            "student_name": "Léa Etcheverry (modifié)",
            "degree": "Master 2",
            "starts_on": "2026-03-02",
            "ends_on": "2026-08-28",
            "contract_type": StudentPlacement.Contract.INTERNSHIP_AGREEMENT,
        },
    ),
    "projects:placement_delete": Page(
        TEAM, to("projects:placement_delete", "project", "placement"), POST
    ),
    # --- Collective actions: the team reads them, officers and the manager run them
    "projects:collective_action_list": Page(STAFF, to("projects:collective_action_list")),
    "projects:collective_action_create": Page(
        TEAM,
        to("projects:collective_action_create"),
        FORM,
        post=lambda w: {
            "kind": CollectiveAction.Kind.TRADE_FAIR,
            "title": "Salon Global Industrie",
            "starts_on": "2026-03-10",
            "status": CollectiveAction.Status.PLANNED,
        },
    ),
    "projects:collective_action_detail": Page(
        STAFF, to("projects:collective_action_detail", "collective_action")
    ),
    "projects:collective_action_edit": Page(
        TEAM,
        to("projects:collective_action_edit", "collective_action"),
        FORM,
        post=lambda w: {
            "kind": CollectiveAction.Kind.TRAINING,
            "title": "Formation lean (reportée)",
            "starts_on": "2026-05-04",
            "status": CollectiveAction.Status.PLANNED,
        },
    ),
    "projects:collective_participant_add": Page(
        TEAM,
        to("projects:collective_participant_add", "collective_action"),
        FORM,
        post=lambda w: {"project": w.other_project.pk, "days": "2", "cost_share": "1500"},
    ),
    # The participant form's search of granted projects: who may add participants.
    "projects:collective_participant_search": Page(
        TEAM, to("projects:collective_participant_search", "collective_action", query="?q=a")
    ),
    "projects:collective_participant_edit": Page(
        TEAM,
        to("projects:collective_participant_edit", "collective_action", "participation"),
        FORM,
        post=lambda w: {"days": "3,5", "cost_share": "900"},
    ),
    "projects:collective_participant_remove": Page(
        TEAM,
        to("projects:collective_participant_remove", "collective_action", "participation"),
        POST,
    ),
    # --- The company's side: secure links
    "projects:company_view": Page(
        frozenset({COMPANY}),
        with_token("projects:company_view", "company_link"),
        refusal=refused_everywhere_with(FORBIDDEN),
    ),
    # Another company's genuine link does not reach company A's request: 404.
    "projects:company_upload": Page(
        frozenset({COMPANY}),
        with_token(
            "projects:company_upload",
            "company_link",
            "doc_request",
            other_company_token="other_company_link",
        ),
        POST,
        refusal={**refused_everywhere_with(FORBIDDEN), OTHER_COMPANY: NOT_FOUND},
        post=lambda w: {f"demande-{w.doc_request.pk}-file": _pdf_file()},
    ),
    "projects:send_company_link": Page(STAFF, to("projects:send_company_link", "project"), POST),
    "projects:survey": Page(
        frozenset({COMPANY}),
        with_token("projects:survey", "survey_token"),
        FORM,
        refusal=refused_everywhere_with(NOT_FOUND),
        post=lambda w: {
            "jobs_created": "1",
            "jobs_kept": "3",
            "turnover_effect": FollowUp.TurnoverEffect.SMALL,
            "product_launched": "oui",
            "satisfaction": "4",
        },
    ),
    # --- Dashboard, report, targets
    "projects:dashboard": Page(STAFF, to("projects:dashboard")),
    "projects:report_pdf": Page(STAFF, to("projects:report_pdf"), FORM),
    "projects:supported_export_csv": Page(STAFF, to("projects:supported_export_csv"), FORM),
    "projects:supported_export_xlsx": Page(STAFF, to("projects:supported_export_xlsx"), FORM),
    "projects:target_list": Page(MANAGER_ONLY, to("projects:target_list")),
    "projects:target_create": Page(
        MANAGER_ONLY,
        to("projects:target_create"),
        FORM,
        post=lambda w: {"year": "2099", "companies_target": "30"},
    ),
    "projects:target_edit": Page(MANAGER_ONLY, to("projects:target_edit", "target_year"), FORM),
    # --- The task force
    # Members' workspace, and the manager who oversees them; officers use the session list.
    "taskforce:workspace": Page(
        frozenset({MEMBER, OTHER_MEMBER, CONFLICTED, MANAGER}), to("taskforce:workspace")
    ),
    "taskforce:session_list": Page(TEAM, to("taskforce:session_list")),
    "taskforce:session_create": Page(TEAM, to("taskforce:session_create"), FORM),
    # The session form's search of members: who may call them.
    "taskforce:member_search": Page(TEAM, to("taskforce:member_search", query="?q=membre")),
    # A conflicted member still sees the session (the dossier by its title only).
    "taskforce:session_detail": Page(
        TEAM | {MEMBER, CONFLICTED}, to("taskforce:session_detail", "session")
    ),
    "taskforce:session_edit": Page(TEAM, to("taskforce:session_edit", "session"), FORM),
    "taskforce:session_publish": Page(TEAM, to("taskforce:session_publish", "draft_session"), POST),
    "taskforce:session_cancel": Page(TEAM, to("taskforce:session_cancel", "session"), POST),
    # A token page: the feed's secret is the whole permission, without logging in.
    "taskforce:calendar_feed": Page(
        frozenset({MEMBER}), feed_url, refusal=refused_everywhere_with(NOT_FOUND)
    ),
    "taskforce:session_aggregate": Page(TEAM, to("taskforce:session_aggregate", "session")),
    # The session is today: staff take attendance.
    "taskforce:session_attendance": Page(TEAM, to("taskforce:session_attendance", "session"), FORM),
    # Published, not yet held: members do not read the minutes yet.
    "taskforce:minutes_pdf": Page(TEAM, to("taskforce:minutes_pdf", "session"), FORM),
    "taskforce:agenda_item_add": Page(TEAM, to("taskforce:agenda_item_add", "session"), FORM),
    "taskforce:agenda_candidates": Page(
        TEAM, to("taskforce:agenda_candidates", "session", query="?q=usine")
    ),
    "taskforce:dossier": Page(TEAM | {MEMBER}, to("taskforce:dossier", "item")),
    "taskforce:dossier_pdf": Page(TEAM | {MEMBER}, to("taskforce:dossier_pdf", "item")),
    "taskforce:agenda_item_edit": Page(TEAM, to("taskforce:agenda_item_edit", "item"), FORM),
    "taskforce:agenda_item_remove": Page(
        TEAM, to("taskforce:agenda_item_remove", "draft_item"), POST
    ),
    "taskforce:conflict_declare": Page(
        TEAM | {MEMBER},
        to("taskforce:conflict_declare", "item"),
        FORM,
        post=lambda w: {"kind": "personal", "member": w.users[MEMBER].pk},
    ),
    # Only the members of the session who are not conflicted give a review.
    "taskforce:review": Page(
        frozenset({MEMBER}),
        to("taskforce:review", "item"),
        FORM,
        post=lambda w: {"recommendation": "approve", "comments_for_taskforce": "Avis"},
    ),
    # The chair (the officer) or the programme manager.
    # The chair (the officer) or the manager, once the session is held.
    "taskforce:decision": Page(TEAM, to("taskforce:decision", "held_item"), FORM),
    "taskforce:consultation_open": Page(
        TEAM,
        to("taskforce:consultation_open", "item"),
        FORM,
        post=lambda w: {"closes_on": (timezone.localdate() + timedelta(days=7)).isoformat()},
    ),
    # --- Emails
    # Background exports: one's own list for whoever is logged in; a job, its status and its
    # file for the person who asked alone (here the manager).
    "jobs:list": Page(LOGGED_IN, to("jobs:list")),
    "jobs:detail": Page(MANAGER_ONLY, to("jobs:detail", "job")),
    "jobs:status": Page(MANAGER_ONLY, to("jobs:status", "job")),
    "jobs:download": Page(MANAGER_ONLY, to("jobs:download", "job")),
    "mailing:list": Page(STAFF, to("mailing:list")),
    "mailing:detail": Page(STAFF, to("mailing:detail", "email")),
    "mailing:retry": Page(STAFF, to("mailing:retry", "email"), POST),
    "mailing:unsubscribe": Page(
        frozenset({COMPANY}),
        with_token("mailing:unsubscribe", "unsubscribe_token"),
        FORM,
        refusal=refused_everywhere_with(NOT_FOUND),
        post=lambda w: {},
    ),
    "mailing:text_list": Page(MANAGER_ONLY, to("mailing:text_list")),
    "mailing:text_edit": Page(MANAGER_ONLY, to("mailing:text_edit", "email_kind"), FORM),
    "mailing:text_reset": Page(MANAGER_ONLY, to("mailing:text_reset", "email_kind"), POST),
    "mailing:text_preview_html": Page(
        MANAGER_ONLY, to("mailing:text_preview_html", "email_kind"), prepare=_store_preview
    ),
}


# --- The URL configuration, walked


def _walk(patterns, namespace: str = "", route: str = ""):
    for pattern in patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner, here)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {here}>"
            yield (f"{namespace}:{name}" if namespace else name), here


def project_url_names() -> set[str]:
    """Every URL name of the project; of Django's admin only its index, no static files."""
    names = set()
    static_prefix = settings.STATIC_URL.lstrip("/")
    for name, route in _walk(get_resolver().url_patterns):
        if route.startswith(static_prefix):
            continue
        if name.startswith("admin:") and name != "admin:index":
            continue
        names.add(name)
    return names


def test_every_url_is_declared():
    missing = sorted(project_url_names() - PAGES.keys())
    assert not missing, (
        "These URLs have no entry in the permission matrix (tests/test_permission_matrix.py, "
        f"PAGES): {missing}. Declare who may use each one."
    )


def test_no_declared_page_is_gone():
    stale = sorted(PAGES.keys() - project_url_names())
    assert not stale, f"PAGES declares URLs the project no longer has: {stale}"


def test_the_matrix_has_as_many_refusals_as_it_has_accesses():
    """Negative cases matter as much as positive ones: most (role, page) pairs are refusals."""
    allowed = sum(len(page.allowed) for page in PAGES.values())
    refused = len(PAGES) * len(ROLES) - allowed
    assert refused >= allowed


# --- The world


def _user(email: str, *roles: str):
    return UserFactory(email=email, roles=list(roles))


def build_world(tmp_path) -> SimpleNamespace:
    w = SimpleNamespace()
    today = timezone.localdate()
    officer = _user("officer@pmi-aqt.test", Role.OFFICER)
    finance = _user("finance@pmi-aqt.test", Role.FINANCE_OFFICER)
    manager = _user("manager@pmi-aqt.test", Role.MANAGER)
    company_user = _user("dirigeante@fonderie.test", Role.COMPANY_CONTACT)
    other_company_user = _user("patron@autre.test", Role.COMPANY_CONTACT)
    member = make_member("member@partner.test")
    other_member = make_member("other@partner.test")
    conflicted_member = make_member("conflicted@partner.test")
    colleague = make_member("colleague@partner.test")
    w.users = {
        ANONYMOUS: None,
        COMPANY: company_user,
        OTHER_COMPANY: other_company_user,
        MEMBER: member,
        OTHER_MEMBER: other_member,
        CONFLICTED: conflicted_member,
        OFFICER: officer,
        FINANCE: finance,
        MANAGER: manager,
    }

    # Company A, its contact (with an account) and its project, at the qualification stage.
    w.company = CompanyFactory(name="Fonderie du Médoc")
    w.contact = ContactFactory(company=w.company, user=company_user, email=company_user.email)
    w.axis = InterventionAxis.objects.get(code="digital")
    w.project = ProjectFactory(
        company=w.company,
        submitted_by=w.contact,
        officer=officer,
        finance_officer=finance,
        stage=Stage.QUALIFIED,
        description=SECRET_DESCRIPTION,
        task_force_request=SECRET_REQUEST,
        axis_codes=["digital"],
    )
    w.project.notes.create(author=officer, text=SECRETS[2])
    # Company B, its contact and its own project: its genuine links must not open A's.
    w.other_company = CompanyFactory(name="Ateliers de l'Adour")
    w.other_contact = ContactFactory(
        company=w.other_company, user=other_company_user, email=other_company_user.email
    )
    w.other_project = decided_project(
        DecisionOutcome.APPROVED,  # it may join a collective action
        company=w.other_company,
        submitted_by=w.other_contact,
        stage=Stage.IN_SUPPORT,
    )

    w.interaction = InteractionFactory(
        company=w.company,
        officer=officer,
        contact=w.contact,
        next_step="Envoyer le devis",
        next_step_due=today + timedelta(days=7),
    )
    w.need = Need.objects.create(project=w.project, axis=w.axis, title="Piloter la découpe")
    w.organisation = PartnerOrganisation.objects.create(
        name="Agence régionale de test", kind=PartnerOrganisation.Kind.AGENCY
    )
    w.scheme = SupportScheme.objects.create(
        organisation=w.organisation, name="Chèque innovation", kind=SchemeKind.FUNDING
    )
    w.free_scheme = SupportScheme.objects.create(
        organisation=w.organisation, name="Diagnostic numérique", kind=SchemeKind.EXPERTISE
    )
    w.resource = Resource.objects.create(project=w.project, scheme=w.scheme, added_by=officer)
    w.line = FinancingLine.objects.create(
        project=w.project,
        source_label="Région Nouvelle-Aquitaine",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("40000"),
    )
    w.doc_request = DocumentRequest.objects.create(
        project=w.project, kind=DocumentKind.QUOTE, label="Devis signé", requested_by=officer
    )
    file = upload("bilan.pdf", PDF_BYTES)
    w.company_document = document_store(
        project=w.project,
        file=file,
        file_type=detect_file_type(file),
        kind=DocumentKind.FINANCIAL_STATEMENT,
        uploaded_by_contact=w.contact,
    )
    file = upload("compte-rendu.pdf", PDF_BYTES)
    w.staff_document = document_store(
        project=w.project,
        file=file,
        file_type=detect_file_type(file),
        kind=DocumentKind.OTHER,
        uploaded_by=officer,
    )
    w.action = SupportAction.objects.create(
        project=w.project, kind=SupportAction.Kind.EXPERTISE, title="Audit de la ligne"
    )
    w.follow_up = FollowUp.objects.create(project=w.project, months=3, due_on=today)
    w.school = PartnerOrganisation.objects.create(
        name="École d'ingénieurs de test", kind=PartnerOrganisation.Kind.SCHOOL
    )
    w.placement = StudentPlacement.objects.create(
        project=w.project,
        kind=StudentPlacement.Kind.INTERN,
        institution=w.school,
        student_name="Léa Etcheverry",
        degree="Master 2",
        starts_on=today,
        ends_on=today + timedelta(days=150),
        contract_type=StudentPlacement.Contract.INTERNSHIP_AGREEMENT,
    )
    w.collective_action = CollectiveAction.objects.create(
        kind=CollectiveAction.Kind.TRAINING,
        title="Formation lean",
        starts_on=today,
        total_cost=Decimal("6000"),
    )
    w.participation = CollectiveParticipation.objects.create(
        action=w.collective_action, project=w.project, company=w.company, days=Decimal("2")
    )
    w.target_year = YearlyTarget.objects.get_or_create(
        year=2098, defaults={"companies_target": 12}
    )[0].year

    # The task force: a session today (published, chaired by the officer) whose dossier has a
    # conflict and a colleague's submitted review; a session held yesterday (attendance
    # recorded), whose dossier may be decided; another session; a draft session.
    w.session = make_session(
        members=[member, colleague, conflicted_member], chair=officer, days_ahead=0
    )
    w.item = put_on_agenda(w.session, title="Découpe laser connectée", officer=officer)
    conflict(w.item, conflicted_member)
    submit_review(w.item, colleague)
    w.held_session = make_session(members=[member, colleague], chair=officer, days_ahead=-1)
    w.held_item = put_on_agenda(w.held_session, title="Presse connectée", officer=officer)
    submit_review(w.held_item, colleague)
    hold(w.held_session, present=[member, colleague], day=today - timedelta(days=1))
    w.other_session = make_session(members=[other_member], days_ahead=30)
    put_on_agenda(w.other_session, title="Soudure robotisée", officer=officer)
    w.draft_session = make_session(
        members=[member], status=Session.Status.DRAFT, days_ahead=20, chair=officer
    )
    w.draft_item = put_on_agenda(
        w.draft_session, title="Usinage 5 axes", officer=officer, stage=Stage.DOSSIER_READY
    )

    # Someone outside the cast whose phone was lost: the manager resets their second factor.
    w.two_factor_person = colleague
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=colleague, name="Téléphone", confirmed=True)

    # Emails: a failed one to retry, and a kind of email whose text the manager rewrote.
    w.email = OutboundEmail.objects.create(
        key="matrix:failed",
        kind="company_link",
        to=w.contact.email,
        subject="Votre lien de suivi",
        body_text="Bonjour",
        status=OutboundEmail.Status.FAILED,
        attempts=3,
    )
    w.email_kind = _editable_email_kind()
    EmailText.objects.create(
        kind=w.email_kind, subject="Objet réécrit", body="Texte réécrit", updated_by=manager
    )

    # A background export the manager asked for, ready to download.
    w.job = Job.objects.create(
        kind="projects.list_csv",
        title="Export des projets (CSV)",
        requested_by=manager,
        fingerprint="matrix",
        status=Job.Status.DONE,
        done=1,
        total=1,
        filename="projets.csv",
        content_type="text/csv; charset=utf-8",
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    w.job.file.save("projets.csv", ContentFile(b"Projet\r\n" + SECRETS[0].encode()))

    # The secure links.
    w.company_link = company_link_token(contact_id=w.contact.pk, project_id=w.project.pk)
    w.other_company_link = company_link_token(
        contact_id=w.other_contact.pk, project_id=w.other_project.pk
    )
    w.survey_token = survey_token(follow_up_id=w.follow_up.pk)
    from pmi_aqt.mailing.unsubscribe import unsubscribe_url

    w.unsubscribe_token = unsubscribe_url(w.contact.email).rstrip("/").rsplit("/", 1)[-1]
    w.draft_token = IntakeDraft.objects.create(
        email=w.contact.email, data={"email": w.contact.email, "title": "Projet à finir"}
    ).token
    w.reset_uid = urlsafe_base64_encode(force_bytes(company_user.pk))
    w.reset_token = default_token_generator.make_token(company_user)
    w.new_siret = make_siret(777777)
    w.feed_token = CalendarFeed.objects.create(user=member, token="matrix-feed-token-0123").token
    CalendarFeed.objects.create(user=officer, token="matrix-officer-feed-4567")  # to revoke
    return w


def _editable_email_kind() -> str:
    """A kind of email whose text the manager may rewrite (as the edit page itself decides)."""
    from pmi_aqt.mailing import kinds

    return next(kind.code for kind in kinds.registered() if kind.editable)


@pytest.fixture
def world(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return build_world(tmp_path)


# --- What the database holds, to prove a refused POST changed nothing

# Sessions change with every login, the cache with every page and the abuse counters with every
# attempt: none of them is the programme's data.
_NOT_FINGERPRINTED = {"django_session", "pmi_cache", "pmi_limits"}


def database_fingerprint() -> str:
    """A digest of every row of every table (a few milliseconds on the world above)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in _NOT_FINGERPRINTED:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            digest.update(table.encode())
            digest.update(repr(sorted(map(repr, cursor.fetchall()))).encode())
    return digest.hexdigest()


# --- Checking one answer


def _login_path() -> str:
    return reverse("accounts:login")


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.split("?")[0] in {
        _login_path(),
        reverse("admin:login"),
    }


def check_refusal(response, expected) -> str | None:
    """Why the response is not the expected refusal, or None."""
    status = response.status_code
    if expected == LOGIN:
        if status != 302 or response.url.split("?")[0] != _login_path():
            return f"expected a redirect to the login page, got {status} {_where(response)}"
        if "next=" not in response.url:
            return f"the login redirect forgets where to come back: {response.url}"
    elif expected == ADMIN_LOGIN:
        if status != 302 or response.url.split("?")[0] != reverse("admin:login"):
            return f"expected a redirect to the admin login, got {status} {_where(response)}"
    elif status != expected:
        return f"expected {expected}, got {status} {_where(response)}"
    body = _body(response)
    leaked = [secret for secret in SECRETS if secret in body]
    if leaked:
        return f"the refusal shows {leaked}"
    return None


def check_allowed(response, method: str) -> str | None:
    status = response.status_code
    if method == POST:
        return None if status == 405 else f"expected 405 to a GET of a POST-only URL, got {status}"
    if not 200 <= status < 400:
        return f"expected 2xx/3xx, got {status} {_where(response)}"
    if is_login_redirect(response):
        return f"allowed, but sent to log in: {response.url}"
    return None


def _where(response) -> str:
    return f"→ {response.url}" if response.status_code in (301, 302, 303) else ""


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", errors="replace")


def _client_for(client, w: SimpleNamespace, role: str):
    user = w.users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    """Every page of the project, as this role: allowed where declared, refused elsewhere, and
    a refused POST changes nothing."""
    w = world
    _client_for(client, w, role)
    names = project_url_names()
    failures = []
    checked = 0
    for name, page in PAGES.items():
        if name not in names:
            continue  # test_no_declared_page_is_gone says so
        url = page.url(w, role)
        if role in page.allowed:
            if page.prepare and page.method != POST:
                page.prepare(client, w)
            response = client.get(url)
            problem = check_allowed(response, page.method)
            if problem:
                failures.append(f"{name} [{role} may use it] GET {url}: {problem}")
            checked += 1
            continue
        expected = page.refusal_for(role)
        if page.method in (GET, FORM):
            problem = check_refusal(client.get(url), expected)
            if problem:
                failures.append(f"{name} [{role} refused] GET {url}: {problem}")
            checked += 1
        if page.method in (FORM, POST):
            before = database_fingerprint()
            # Rolled back, so that a POST wrongly accepted does not spoil the pages after it.
            with transaction.atomic():
                response = client.post(url, page.post(w) if page.post else {})
                changed = database_fingerprint() != before
                transaction.set_rollback(True)
            problem = check_refusal(response, expected)
            if changed:
                problem = (problem + "; " if problem else "") + "the database changed"
            if problem:
                failures.append(f"{name} [{role} refused] POST {url}: {problem}")
            checked += 1
        if role != ANONYMOUS and w.users[role] is not None:
            # A refusal must not log anyone out (the next pages are asked as the same person).
            assert "_auth_user_id" in client.session, f"{name} logged {role} out"
    assert checked
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)


# The role whose POST shows that a refused POST would have done something.
_PREFERRED_ACTOR = (OFFICER, MANAGER, COMPANY, FINANCE, MEMBER)
# Logging out changes only the session table, which the fingerprint leaves out; turning one's
# second factor off or renewing one's backup codes needs a code from one's phone; abandoning an
# import needs one's own import waiting (tests/test_imports_prospects.py).
_NO_DATA_CHANGE = {
    "accounts:logout",
    "companies:import_cancel",
    "projects:directory_import_cancel",
    "accounts:two_factor_turn_off",
    "accounts:backup_codes_renew",
}


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, page in PAGES.items()
        if page.method == POST or (page.method == FORM and page.post is not None)
        if page.allowed != EVERYONE and name not in _NO_DATA_CHANGE
    ),
)
def test_refused_posts_would_have_changed_something(client, world, name):
    """The POST the matrix sends to refused roles, sent by an allowed role, changes the
    database: the refusals above are tested with requests that matter."""
    if name not in project_url_names():
        pytest.skip(f"{name} is not in the URL configuration")
    page = PAGES[name]
    role = next(r for r in _PREFERRED_ACTOR if r in page.allowed)
    _client_for(client, world, role)
    url = page.url(world, role)
    before = database_fingerprint()
    with transaction.atomic():
        response = client.post(url, page.post(world) if page.post else {})
        changed = database_fingerprint() != before
        transaction.set_rollback(True)
    assert response.status_code < 400, f"{name} as {role}: {response.status_code}"
    assert changed, f"{name}: the POST sent by {role} changed nothing"
