from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .throttling import login_failure_record, login_is_throttled
from .two_factor import with_two_factor_facts


class ThrottledModelBackend(ModelBackend):
    """The usual email and password check, refused outright once too many attempts failed.

    Every login form goes through here (ours and the admin's), so none of them can be used to
    go on guessing. Raising PermissionDenied stops Django from trying any other backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if login_is_throttled(request, username):
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(request, username)
        return user

    def get_user(self, user_id):
        # The person of each request, with what the two-factor middleware needs, in one query.
        try:
            user = with_two_factor_facts(get_user_model()._default_manager).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
