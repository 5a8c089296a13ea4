"""Who may see or do what with projects: the one place every project page, service, list,
export, email recipient list and template asks.

One `can_*(person, object)` function per question, returning a `Decision` that is truthy when
allowed and otherwise says why (see pmi_aqt/accounts/permissions.py for how views answer a
refusal). Templates receive these decisions, never role names. The role sets are defined once,
in pmi_aqt/accounts/models.py.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import MANAGER_ROLES, OFFICER_ROLES, STAFF_ROLES, Role
from pmi_aqt.accounts.permissions import (
    ALLOWED,
    Decision,
    can_manage_programme,
    can_use_programme_pages,
    holds_role,
)

from .models import Document, FinancingLine, Project

_OFFICERS_ONLY = _(
    "Seuls les chargé·es de mission et le responsable du programme peuvent modifier cela."
)


def _officer(user) -> Decision:
    return holds_role(user, OFFICER_ROLES, _OFFICERS_ONLY)


# --- Seeing projects


def visible_projects(user, projects=None):
    """Of `projects` (all by default), those a person may see in staff pages: the programme's
    team sees them all, nobody else any."""
    projects = Project.objects.all() if projects is None else projects
    return projects if can_use_programme_pages(user) else projects.none()


def can_view_project(user, project: Project | None = None) -> Decision:
    return can_use_programme_pages(user)


def can_view_others_portfolios(user) -> Decision:
    """The manager follows each officer's portfolio; officers see their own."""
    return can_manage_programme(user)


def can_search_team(user) -> Decision:
    """Finding a person of the team by name (the fields choosing an officer, a finance officer,
    a session's chair or a presenter, and the lists' officer filter): the whole team, as the
    lists filtered by officer are; never the task force's members or the companies."""
    return can_use_programme_pages(user)


def can_view_team(user) -> Decision:
    """The team view: each person's portfolio in figures, the manager's landing page."""
    return holds_role(
        user,
        MANAGER_ROLES,
        _("Seul le responsable du programme suit l'activité de toute l'équipe."),
    )


def can_view_unassigned_requests(user) -> Decision:
    """The new requests no officer holds yet: those who may take one on, and the manager."""
    return holds_role(
        user,
        OFFICER_ROLES,
        _(
            "Seuls les chargé·es de mission et le responsable du programme suivent les nouvelles "
            "demandes à attribuer."
        ),
    )


def can_export_projects(user) -> Decision:
    return can_use_programme_pages(user)


def can_view_dashboard(user) -> Decision:
    return can_use_programme_pages(user)


def can_view_directory(user) -> Decision:
    return can_use_programme_pages(user)


def can_search_portal(user) -> Decision:
    """The header's search across companies, contacts, projects and the directory: the
    programme's team, who may open all of them (each group still asks its own question)."""
    return can_use_programme_pages(user)


def sees_every_financing_line(user) -> bool:
    """The programme's team sees every financing line, nobody else any."""
    return bool(can_use_programme_pages(user))


def visible_financing_lines(user, lines=None):
    """Of `lines` (all by default), those of the projects a person may see (as
    `visible_projects`): see `sees_every_financing_line`."""
    lines = FinancingLine.objects.all() if lines is None else lines
    return lines if sees_every_financing_line(user) else lines.none()


def can_view_financing_workspace(user) -> Decision:
    """Every financing line across projects, and the funders' coming dates: the finance
    officer's page, open to the whole team (officers and the manager follow the money too)."""
    return holds_role(
        user,
        STAFF_ROLES,
        _("Le suivi des financements est réservé à l'équipe du programme."),
    )


def can_export_financing(user) -> Decision:
    return can_view_financing_workspace(user)


# --- Opening and changing a project


def can_open_project(user, company=None) -> Decision:
    """Opening a project for a company met while prospecting: whoever may hold projects. The
    finance officer builds financing plans, not the pipeline."""
    return holds_role(
        user,
        OFFICER_ROLES,
        _(
            "Seuls les chargé·es de mission et le responsable du programme ouvrent un projet "
            "pour une entreprise : demandez-le à la personne chargée de mission qui la suit."
        ),
    )


def can_edit_diagnosis(user, project: Project | None = None) -> Decision:
    """The diagnosis, its needs, the axes and budget: officers and the manager."""
    return _officer(user)


def can_move_project(user, project: Project | None = None) -> Decision:
    """Whether the person may move projects at all; which moves the project allows is the
    workflow's business (projects/workflow.py)."""
    return holds_role(
        user,
        OFFICER_ROLES,
        _("Votre rôle ne permet pas de changer l'étape d'un projet."),
    )


def can_write_note(user, project: Project | None = None) -> Decision:
    return can_use_programme_pages(user)


def can_change_resources(user, project: Project | None = None) -> Decision:
    """Resources retained for a project (schemes, labs, schools): officers and the manager."""
    return _officer(user)


def can_edit_financing(user, project: Project | None = None) -> Decision:
    """The finance officer builds the plan; officers and the manager may too."""
    return holds_role(
        user,
        STAFF_ROLES,
        _("Seule l'équipe du programme modifie le plan de financement."),
    )


def can_edit_support(user, project: Project | None = None) -> Decision:
    """Officers run the support plan and the manager oversees it; the finance officer reads."""
    return _officer(user)


def can_edit_placements(user, project: Project | None = None) -> Decision:
    """The students placed in a company (interns, work-study, PhD): part of the support plan,
    run by officers and the manager; the finance officer reads them."""
    return _officer(user)


def can_manage_documents(user, project: Project | None = None) -> Decision:
    """Upload, delete, ask for and read any document of a project: the programme's team."""
    return holds_role(
        user, STAFF_ROLES, _("Seule l'équipe du programme gère les documents des projets.")
    )


def can_company_read_document(document: Document, *, company_id: int) -> Decision:
    """Through its secure link, a company reads back only what its own people sent."""
    if (
        document.project.company_id == company_id
        and document.uploaded_by_contact_id is not None
        and document.uploaded_by_contact.company_id == company_id
    ):
        return ALLOWED
    return Decision(False, str(_("Ce document n'a pas été envoyé par votre entreprise.")))


def can_send_company_link(user, project: Project | None = None) -> Decision:
    return holds_role(
        user,
        STAFF_ROLES,
        _("Seule l'équipe du programme envoie le lien de suivi à l'entreprise."),
    )


# --- Across projects: collective actions and student placements


def can_view_collective_actions(user, action=None) -> Decision:
    """The list and pages of collective actions: the programme's team."""
    return can_use_programme_pages(user)


def can_run_collective_actions(user, action=None) -> Decision:
    """Create and change collective actions, add and remove their participants: officers and
    the manager, as for each project's support plan."""
    return holds_role(
        user,
        OFFICER_ROLES,
        _(
            "Seuls les chargé·es de mission et le responsable du programme organisent les "
            "actions collectives."
        ),
    )


def can_view_placements(user) -> Decision:
    """The list of every project's student placements: the programme's team."""
    return can_use_programme_pages(user)


# --- The company's side


def can_use_company_space(user) -> Decision:
    """A company contact's own space, listing their company's projects."""
    return holds_role(
        user,
        frozenset({Role.COMPANY_CONTACT}),
        _("Cet espace est réservé aux contacts des entreprises accompagnées."),
    )


# --- The programme's reference data and figures


def can_edit_directory(user) -> Decision:
    return can_manage_programme(user)


def can_edit_targets(user) -> Decision:
    return can_manage_programme(user)


def can_delete_axis(user, axis=None) -> Decision:
    """Never: the axes are the programme's seeded reference data, which projects, needs and
    schemes point at (84,000 projects for one axis at national scale)."""
    return Decision(
        False,
        str(
            _(
                "Un axe d'intervention ne se supprime pas : projets, besoins et dispositifs y "
                "renvoient. Modifiez son libellé ou son ordre."
            )
        ),
    )


# --- People the portal writes to or offers in lists


def project_runners():
    """Active officers and managers: who is told of new requests, who may hold a project,
    chair a session or present a dossier."""
    return get_user_model().objects.with_any_role(OFFICER_ROLES)


def may_hold_projects(user) -> Decision:
    if user is not None and user.is_active and user.roles & OFFICER_ROLES:
        return ALLOWED
    return Decision(False, str(_("Cette personne n'est pas chargée de mission.")))


# --- Personal data (RGPD): erasure and export


def can_handle_personal_data(user, company=None) -> Decision:
    """Erasing or exporting what the portal holds about a company's people: the programme
    manager, and the officers who follow one of the company's projects."""
    if can_manage_programme(user):
        return ALLOWED
    refused = Decision(
        False,
        str(
            _(
                "Seuls le responsable du programme et les chargé·es de mission qui suivent un "
                "projet de l'entreprise traitent les demandes sur les données personnelles."
            )
        ),
    )
    if not holds_role(user, OFFICER_ROLES, ""):
        return refused
    if company is None:
        return ALLOWED  # the person may, for the companies they follow
    if Project.objects.filter(company=company, officer=user).exists():
        return ALLOWED
    return refused
