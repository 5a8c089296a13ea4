"""From prospecting to a project: an officer opens a project for a company they met."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from companies.models import Company, ProspectingStatus
from pmi_aqt.accounts.models import User
from pmi_aqt.accounts.permissions import ensure

from ..models import InterventionAxis, Project, Stage
from ..permissions import can_open_project, may_hold_projects
from ..workflow import project_move


@transaction.atomic
def project_open(
    *,
    company: Company,
    title: str,
    description: str,
    axes: Sequence[InterventionAxis],
    primary_axis: InterventionAxis,
    officer: User,
    by: User,
    comment: str = "",
) -> Project:
    """Open a project for `company` directly at the "qualified" stage.

    The project needs no qualifying: the officer who met the company vouches for it. Its
    history still starts as every project's does, with the move from intake to qualified made
    by the workflow, which records who opened it and why; the company's prospecting status
    becomes "project opened".
    """
    ensure(can_open_project(by, company))
    ensure(may_hold_projects(officer))
    if not axes or primary_axis not in axes:
        raise ValueError("A project opened while prospecting needs its primary axis in its axes.")
    project = Project.objects.create(
        company=company,
        title=title,
        description=description,
        primary_axis=primary_axis,
        officer=officer,
        stage=Stage.INTAKE,
    )
    project.axes.set(axes)
    if officer == by:
        why = _("Projet ouvert par %(by)s lors de la prospection.") % {"by": by}
    else:
        why = _("Projet ouvert par %(by)s lors de la prospection, confié à %(officer)s.") % {
            "by": by,
            "officer": officer,
        }
    if comment.strip():
        why = f"{why}\n{comment.strip()}"
    change = project_move(project=project, target=Stage.QUALIFIED, by=by, comment=why)
    company.reach_prospecting_status(ProspectingStatus.PROJECT_OPENED)
    return change.project
