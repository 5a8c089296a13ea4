from django.contrib import admin

from .models import InterventionAxis, Project


@admin.register(InterventionAxis)
class InterventionAxisAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "position"]
    list_editable = ["position"]
    search_fields = ["label", "code"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "stage", "timing", "created_at"]
    list_filter = ["stage", "timing", "axes"]
    search_fields = ["title", "company__name", "company__siret"]
    list_select_related = ["company"]
    raw_id_fields = ["company", "submitted_by", "officer"]
    filter_horizontal = ["axes"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
