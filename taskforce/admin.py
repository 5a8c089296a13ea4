from django.contrib import admin

from .models import ReviewCriterion, TaskforceMembership


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["label", "code"]


@admin.register(TaskforceMembership)
class TaskforceMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "is_active"]
    list_filter = ["is_active", "organisation"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]
