from django.contrib import admin

from .models import EmailText, OutboundEmail, Unsubscription


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]


@admin.register(Unsubscription)
class UnsubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]


@admin.register(EmailText)
class EmailTextAdmin(admin.ModelAdmin):
    """Read only: texts are written on the manager's page, which checks their placeholders."""

    list_display = ["kind", "subject", "updated_at", "updated_by"]
    readonly_fields = [f.name for f in EmailText._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
