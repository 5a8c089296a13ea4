from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmi_aqt.pagination import AdminIdPaginator
from pmi_aqt.search import folded_contains

from . import kinds
from .models import EmailText, OutboundEmail, Unsubscription


class KindFilter(admin.SimpleListFilter):
    """The registered kinds by their label (the field has no choices to read them from)."""

    title = _("type")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.code, kind.label) for kind in kinds.registered()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind_label", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", KindFilter]
    search_fields = ["to", "subject", "key"]
    search_help_text = _(
        "Destinataire ou objet (sans tenir compte des accents ni des majuscules), ou clé exacte."
    )
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    # 400,000 emails at national scale: pages chosen over the ids of the list's index
    # (created_at, id), the table's size estimated rather than counted twice, a search counted
    # up to 1,000 emails.
    paginator = AdminIdPaginator
    show_full_result_count = False

    @admin.display(description=_("type"), ordering="kind")
    def kind_label(self, email: OutboundEmail) -> str:
        return email.kind_label

    def get_search_results(self, request, queryset, search_term):
        # The folded recipient and subject through their trigram indexes (migration 0013), the
        # key by its unique index: not UPPER(column) LIKE over every email ever recorded.
        text = search_term.strip()
        if not text:
            return queryset, False
        condition = (
            Q(folded_contains("to", text)) | Q(folded_contains("subject", text)) | Q(key=text)
        )
        return queryset.filter(condition), False

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.is_confidential:
            # A password reset link is for its recipient alone.
            return [name for name in fields if name not in ("body_text", "body_html")]
        return fields


@admin.register(Unsubscription)
class UnsubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]


@admin.register(EmailText)
class EmailTextAdmin(admin.ModelAdmin):
    """Read only: texts are written on the manager's page, which checks their placeholders."""

    list_display = ["kind_label", "subject", "updated_at", "updated_by"]
    readonly_fields = [f.name for f in EmailText._meta.fields]

    @admin.display(description=_("type d'e-mail"), ordering="kind")
    def kind_label(self, text: EmailText) -> str:
        return kinds.label(text.kind)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
