from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pmi_aqt.admin_options import DeletionRuleAdmin
from pmi_aqt.pagination import IdPaginator

from .filters import search_projects
from .models import InterventionAxis, Project
from .permissions import can_delete_axis


@admin.register(InterventionAxis)
class InterventionAxisAdmin(DeletionRuleAdmin):
    list_display = ["label", "code", "position"]
    list_editable = ["position"]
    search_fields = ["label", "code"]
    deletion_rule = can_delete_axis


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "stage", "timing", "created_at"]
    # A date filter rather than a date hierarchy, which reads the distinct years of every
    # project on each visit of the list.
    list_filter = ["stage", "timing", "axes", "created_at"]
    # The list's own search (title or company, each through its trigram index) and the SIRET.
    search_fields = ["title"]
    search_help_text = _("Titre du projet, raison sociale ou début du SIRET de l'entreprise.")
    list_select_related = ["company"]
    raw_id_fields = ["company", "submitted_by", "officer", "finance_officer"]
    filter_horizontal = ["axes"]
    readonly_fields = ["created_at", "updated_at"]
    paginator = IdPaginator  # 250,000 projects: see pmi_aqt/admin_options.py
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        return search_projects(queryset, search_term, siret=True), False
