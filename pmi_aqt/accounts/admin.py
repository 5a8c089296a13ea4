from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from pmi_aqt.admin_options import DeletionRuleAdmin
from pmi_aqt.pagination import IdPaginator

from .models import User
from .permissions import can_delete_group, can_delete_person


@admin.register(User)
class UserAdmin(DeletionRuleAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active"]
    list_filter = ["groups", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "phone"]}),
        (_("Rôles"), {"fields": ["is_active", "groups", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    # Its delete confirmation listed every project, exchange and email of the person.
    deletion_rule = can_delete_person
    paginator = IdPaginator  # the company contacts' accounts: tens of thousands
    show_full_result_count = False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DeletionRuleAdmin, BaseGroupAdmin):
    deletion_rule = can_delete_group
