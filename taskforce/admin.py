from django.contrib import admin

from pmi_aqt.admin_options import DeletionRuleAdmin

from .models import ReviewCriterion, TaskforceMembership
from .permissions import can_delete_review_criterion


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(DeletionRuleAdmin):
    list_display = ["label", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["label", "code"]
    deletion_rule = can_delete_review_criterion


@admin.register(TaskforceMembership)
class TaskforceMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "is_active"]
    list_filter = ["is_active", "organisation"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]
