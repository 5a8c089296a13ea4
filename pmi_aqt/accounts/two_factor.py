"""Who must give a second factor, and which pages they may see before they have.

The middleware asks `two_factor_state()` once per request; views say with
`allowed_before_second_factor` / `allowed_during_setup` that they are part of the
second step itself (the code page, the setup page, logging out).
"""

import enum

from django.contrib.auth import get_user_model
from django.db.models import Exists, JSONField, OuterRef, QuerySet, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityPolicy


class TwoFactorState(enum.Enum):
    SATISFIED = "satisfied"  # Nothing more to ask (or nobody logged in).
    NEEDS_CODE = "needs_code"  # Password given, second factor not yet.
    NEEDS_SETUP = "needs_setup"  # Holds a role the programme requires it of, no device yet.


def _is_verified(user) -> bool:
    # OTPMiddleware adds is_verified(); a user just logged in by LoginView has not been through
    # it yet, and has therefore not been verified in this request either.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def with_two_factor_facts(users: QuerySet) -> QuerySet:
    """Users annotated with what the middleware needs, so it costs no query of its own.

    The authentication backend loads the person of each request through this: whether they
    have a confirmed app device, and the roles the programme requires one of.
    """
    return users.annotate(
        has_two_factor_device=Exists(
            TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        ),
        two_factor_required_roles=Subquery(
            SecurityPolicy.objects.filter(pk=SecurityPolicy.SINGLETON_PK).values(
                "two_factor_roles"
            )[:1],
            output_field=JSONField(),
        ),
    )


def two_factor_state(user) -> TwoFactorState:
    """Where this person stands with the second factor."""
    if not user.is_authenticated or _is_verified(user):
        return TwoFactorState.SATISFIED
    if not hasattr(user, "has_two_factor_device"):
        # Not loaded by the backend (just authenticated by a login form): ask the database.
        user = with_two_factor_facts(get_user_model()._default_manager).get(pk=user.pk)
    if user.has_two_factor_device:
        return TwoFactorState.NEEDS_CODE
    required_roles = user.two_factor_required_roles or ()
    if required_roles and user.roles & set(required_roles):
        return TwoFactorState.NEEDS_SETUP
    return TwoFactorState.SATISFIED


def allowed_before_second_factor(view):
    """Mark a view as usable between the password and the code (the code page, logout)."""
    view.two_factor_allowed = frozenset({TwoFactorState.NEEDS_CODE, TwoFactorState.NEEDS_SETUP})
    return view


def allowed_during_setup(view):
    """Mark a view as usable by staff who must first set up two-factor authentication."""
    view.two_factor_allowed = frozenset({TwoFactorState.NEEDS_SETUP})
    return view
