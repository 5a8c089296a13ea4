"""Who may do what with companies beyond reading them (every page of the programme's team
reads them: `pmi_aqt.accounts.permissions.staff_required`)."""

from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.models import OFFICER_ROLES
from pmi_aqt.accounts.permissions import Decision, holds_role


def can_import_prospects(user) -> Decision:
    """Prospect lists are the officers' and the manager's work (they prospect companies); the
    finance officer reads companies, and does not bring new ones in."""
    return holds_role(
        user,
        OFFICER_ROLES,
        _(
            "Seuls les chargé·es de mission et le responsable du programme importent des listes "
            "de prospects."
        ),
    )
