from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmi_aqt.pagination import AdminIdPaginator, IdPaginator

from .models import Company, Contact, Interaction


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "job_title", "email", "phone", "contact_consent"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "siret",
        "city",
        "department",
        "headcount_band",
        "federation_member",
        "prospecting_status",
    ]
    list_filter = ["department", "headcount_band", "federation_member", "prospecting_status"]
    search_fields = ["name", "siret", "city"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ContactInline]
    # 100,000 companies: see pmi_aqt/admin_options.py.
    paginator = IdPaginator
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The directory's own search: name and city through their trigram indexes, the SIRET
        # by its prefix (the admin's would read every company for "contains" on the SIRET).
        return queryset.search(search_term), False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "company", "email", "contact_consent"]
    list_select_related = ["company"]
    search_fields = ["last_name", "first_name", "email", "company__name"]
    search_help_text = _(
        "Nom, adresse e-mail ou téléphone du contact, ou raison sociale, commune ou début du "
        "SIRET de son entreprise."
    )
    autocomplete_fields = ["company", "user"]
    readonly_fields = ["created_at"]
    paginator = AdminIdPaginator  # 150,000 contacts; a search counted up to 1,000
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The contact list's own search (trigram indexes on the folded name, email and phone)
        # or a company the directory's search finds: two hashed sets of ids the list's walk in
        # name order tests, not UPPER(column) LIKE on four columns across the join.
        if not search_term.strip():
            return queryset, False
        companies = Company.objects.search(search_term).values("pk")
        own = Contact.objects.search(search_term).values("pk")
        return queryset.filter(Q(pk__in=own) | Q(company__in=companies)), False


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    """A million exchanges at national scale: listed newest recorded first (the primary key's
    index, where the exchange date has none), filtered by date rather than drilled down by a
    date hierarchy (which reads the distinct years of every row), searched by company."""

    list_display = ["occurred_on", "kind", "company", "officer", "next_step", "next_step_due"]
    list_filter = ["kind", "occurred_on"]
    list_select_related = ["company", "officer"]
    search_fields = ["company__name"]
    search_help_text = _("Raison sociale, commune ou début du SIRET de l'entreprise.")
    autocomplete_fields = ["company", "contact", "officer"]
    readonly_fields = ["created_at"]
    ordering = ["-pk"]
    paginator = AdminIdPaginator  # a search counted up to 1,000 exchanges
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The exchanges of the companies the directory's search finds (trigram indexes, then
        # the exchanges' index on their company), not a scan of every exchange's notes.
        if not search_term.strip():
            return queryset, False
        return queryset.filter(company__in=Company.objects.search(search_term).values("pk")), False
