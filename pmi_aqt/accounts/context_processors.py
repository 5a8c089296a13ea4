from .two_factor import TWO_FACTOR_ROLES, TwoFactorState


def roles(request):
    """Expose the person's roles to templates, so the navigation shows what each may use.

    Someone who still owes a second factor sees no navigation: nothing in it would open.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "user_roles": frozenset(),
            "is_programme_staff": False,
            "account_security_available": False,
        }
    # Set by TwoFactorMiddleware before any view runs (templates rendered outside a view, such
    # as a 404 page, do not open anything anyway).
    state = getattr(request, "two_factor_state", TwoFactorState.SATISFIED)
    if state is TwoFactorState.NEEDS_CODE:
        return {
            "user_roles": frozenset(),
            "is_programme_staff": False,
            "account_security_available": False,
        }
    if state is TwoFactorState.NEEDS_SETUP:
        return {
            "user_roles": frozenset(),
            "is_programme_staff": False,
            "account_security_available": True,
        }
    return {
        "user_roles": user.roles,
        "is_programme_staff": user.is_programme_staff,
        "account_security_available": bool(user.roles & TWO_FACTOR_ROLES),
    }
