from pmi_aqt.accounts.context_processors import navigating_user

from .permissions import (
    can_handle_personal_data,
    can_open_project,
    can_search_portal,
    can_view_financing_workspace,
)


def rights(request):
    """The projects' decisions that pages of other apps show (the navigation's financing
    workspace, the company page's "open a project"), asked of projects/permissions.py."""
    user = navigating_user(request)
    return {
        "project_rights": {
            "financing": bool(user and can_view_financing_workspace(user)),
            "open_project": bool(user and can_open_project(user)),
            "search": bool(user and can_search_portal(user)),
            # The erasure buttons; the page refuses, with its reason, companies one does not follow.
            "personal_data": bool(user and can_handle_personal_data(user)),
        }
    }
