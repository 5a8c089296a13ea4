from .permissions import (
    can_manage_programme,
    can_secure_account,
    can_use_admin,
    can_use_programme_pages,
)
from .two_factor import TwoFactorState


def navigating_user(request):
    """The person whose rights the navigation shows, or None.

    Someone who still owes a second factor sees no navigation: nothing in it would open.
    TwoFactorMiddleware sets the state before any view runs (templates rendered outside a
    view, such as a 404 page, do not open anything anyway).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    state = getattr(request, "two_factor_state", TwoFactorState.SATISFIED)
    if state is not TwoFactorState.SATISFIED:
        return None
    return user


def rights(request):
    """The decisions the layout needs (templates are given decisions, never role names)."""
    user = navigating_user(request)
    state = getattr(request, "two_factor_state", TwoFactorState.SATISFIED)
    return {
        "rights": {
            "programme": bool(user and can_use_programme_pages(user)),
            "manage": bool(user and can_manage_programme(user)),
            "admin": bool(user and can_use_admin(user)),
            # During the forced setup, the security page is the one page that opens.
            "secure_account": bool(
                (user and can_secure_account(user)) or state is TwoFactorState.NEEDS_SETUP
            ),
        }
    }
