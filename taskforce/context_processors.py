from pmi_aqt.accounts.context_processors import navigating_user

from .permissions import can_manage_session, can_view_workspace


def rights(request):
    """The task force's entries in the navigation, as decisions."""
    user = navigating_user(request)
    return {
        "taskforce_rights": {
            "sessions": bool(user and can_manage_session(user)),
            "workspace": bool(user and can_view_workspace(user)),
        }
    }
