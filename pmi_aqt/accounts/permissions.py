"""One place that answers "may this person use this page": every view goes through here."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import STAFF_ROLES


def _refuse(request):
    # Anonymous people are sent to the login page; logged-in people without the role get a 403.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def role_required(*roles: str):
    """Decorator for function views: the person must hold one of `roles`."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (request.user.is_authenticated and request.user.roles & allowed):
                return _refuse(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def staff_required(view):
    """Officers, finance officers and the programme manager."""
    return role_required(*STAFF_ROLES)(view)


class RoleRequiredMixin(AccessMixin):
    """Class-based views: set `allowed_roles`."""

    allowed_roles: frozenset[str] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.roles & self.allowed_roles):
            return _refuse(request)
        return super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin(RoleRequiredMixin):
    allowed_roles = STAFF_ROLES
