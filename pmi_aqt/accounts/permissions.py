"""How a refusal is decided and answered, for every app.

Each app has its own rights module (`projects/permissions.py`, `taskforce/permissions.py`)
with one `can_*(person, object)` function per question, returning a `Decision` that is truthy
when allowed and otherwise says why. Views ask through `require` (questions about the person
only) or `ensure` (questions about an object they have read); both answer a refusal the same
way: anonymous people go to the login page, others get the 403 page with the reason.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import CALENDAR_FEED_ROLES, MANAGER_ROLES, STAFF_ROLES, TWO_FACTOR_ROLES, Role

ROLE_NAMES = frozenset(Role.values)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    # Refused, but the object's title may still be shown (a dossier one declared a conflict on).
    title_only: bool = False

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def is_active_person(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def holds_role(user, roles: frozenset[str], reason) -> Decision:
    """Allowed when the person holds one of `roles`; otherwise refused with `reason`."""
    if is_active_person(user) and user.roles & roles:
        return ALLOWED
    return Decision(False, str(reason))


def ensure(decision: Decision) -> None:
    """Stop the request with the 403 page saying why, when `decision` refuses."""
    if not decision:
        raise PermissionDenied(decision.reason)


def require(check):
    """Decorator for views: `check(user)` must allow the person (see `ensure`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            ensure(check(request.user))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Questions about the person alone, shared by every app


def can_use_programme_pages(user) -> Decision:
    """The programme's own team: officers, finance officers and the programme manager."""
    return holds_role(
        user,
        STAFF_ROLES,
        _("Cette page est réservée à l'équipe du programme (chargé·es de mission et direction)."),
    )


def can_manage_programme(user) -> Decision:
    """Reference data, targets, email texts, security rules: the programme manager."""
    return holds_role(user, MANAGER_ROLES, _("Seul le responsable du programme peut faire cela."))


def can_secure_account(user) -> Decision:
    return holds_role(
        user,
        TWO_FACTOR_ROLES,
        _("La double authentification concerne l'équipe du programme et la task force."),
    )


def can_have_calendar_feed(user) -> Decision:
    """A private calendar feed of one's sessions and next steps: the task force's members,
    and the officers and manager who run projects and sessions."""
    return holds_role(
        user,
        CALENDAR_FEED_ROLES,
        _("L'agenda privé concerne les chargé·es de mission et les membres de la task force."),
    )


def can_use_admin(user) -> Decision:
    if can_manage_programme(user) and user.is_staff:
        return ALLOWED
    return Decision(False, str(_("L'administration est réservée au responsable du programme.")))


def can_delete_person(user, person=None) -> Decision:
    """Never from the technical admin: projects, exchanges, reviews and emails keep who did
    them; a person who leaves has their account made inactive."""
    return Decision(
        False,
        str(
            _(
                "Une personne ne se supprime pas : son nom reste sur les projets, les échanges "
                "et les avis. Décochez « Actif » pour fermer son compte."
            )
        ),
    )


def can_anonymise_person(user, person=None) -> Decision:
    """Erasing a user's account (right to erasure, someone who left): the programme manager,
    for anyone but themselves (they would lock the programme out of its own management)."""
    decision = can_manage_programme(user)
    if not decision:
        return decision
    if person is not None and person.pk == user.pk:
        return Decision(
            False,
            str(
                _(
                    "On n'efface pas son propre compte : un autre responsable du programme "
                    "doit le faire."
                )
            ),
        )
    return ALLOWED


def can_delete_group(user, group=None) -> Decision:
    """A role's group is reference data (seeded with the roles): deleting it would take the
    role from everyone who holds it."""
    if group is not None and group.name not in ROLE_NAMES:
        return ALLOWED
    return Decision(
        False,
        str(
            _(
                "Le groupe d'un rôle du programme ne se supprime pas : chacun de ses membres "
                "perdrait ce rôle."
            )
        ),
    )


staff_required = require(can_use_programme_pages)
manager_required = require(can_manage_programme)
