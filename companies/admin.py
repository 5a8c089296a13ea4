from django.contrib import admin

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


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "company", "email", "contact_consent"]
    list_select_related = ["company"]
    search_fields = ["last_name", "first_name", "email", "company__name"]
    autocomplete_fields = ["company", "user"]
    readonly_fields = ["created_at"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "kind", "company", "officer", "next_step", "next_step_due"]
    list_filter = ["kind"]
    list_select_related = ["company", "officer"]
    search_fields = ["company__name", "notes", "next_step"]
    autocomplete_fields = ["company", "contact", "officer"]
    date_hierarchy = "occurred_on"
    readonly_fields = ["created_at"]
