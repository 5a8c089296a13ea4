"""What the technical admin's pages share, for every app.

Django's admin is built for small tables: its lists count every row twice, its searches OR
unindexed columns across joins, its forms offer every row of a foreign key as an option and
its delete confirmation lists every row that points at the object. The admins of large tables
therefore set `paginator = IdPaginator` (pmi_aqt/pagination.py: no count of the whole table,
no OFFSET over joined rows) and `show_full_result_count = False`, search through the apps' own
indexed searches, and use raw id or autocomplete widgets for foreign keys to large tables;
`DeletionRuleAdmin` asks a rights function whether the object may be deleted here at all, and
says why not, before the admin gathers anything.
"""

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied


class DeletionRuleAdmin(admin.ModelAdmin):
    """Deletion decided by a rights function `can_delete(user, obj) -> Decision`: refused, the
    delete link and action are gone and the confirmation page answers 403 with the reason,
    before any related object is read."""

    # A `can_*` function of an app's rights module, returning a Decision (truthy or with its
    # reason); not imported here, so that every app's admin may use this without a circle.
    deletion_rule: Callable

    def has_delete_permission(self, request, obj=None) -> bool:
        return bool(type(self).deletion_rule(request.user, obj)) and super().has_delete_permission(
            request, obj
        )

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        decision = type(self).deletion_rule(request.user, obj)
        if not decision:
            raise PermissionDenied(decision.reason)
        return super().delete_view(request, object_id, extra_context)
