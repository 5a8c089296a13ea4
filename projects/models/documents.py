from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    QUOTE = "quote", _("Devis")
    BUSINESS_PLAN = "business_plan", _("Plan d'affaires")
    FINANCIAL_STATEMENT = "financial_statement", _("Liasse fiscale / bilan")
    SIGNED_AGREEMENT = "signed_agreement", _("Convention signée")
    PRESENTATION = "presentation", _("Présentation du projet")
    OTHER = "other", _("Autre")


def document_path(instance: "Document", filename: str) -> str:
    # The stored name never reuses what the uploader typed: only the project and a random part.
    import secrets

    return f"projects/{instance.project_id}/{secrets.token_hex(16)}"


class DocumentRequest(models.Model):
    """A document the programme asks the company for."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="document_requests",
    )
    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    label = models.CharField(_("document demandé"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    due_on = models.DateField(_("attendu pour le"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("reçu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de document")
        verbose_name_plural = _("demandes de documents")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return self.label


class Document(models.Model):
    """A file attached to a project, stored outside the public paths."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    request = models.ForeignKey(
        DocumentRequest,
        verbose_name=_("en réponse à"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("format"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by_contact = models.ForeignKey(
        "companies.Contact",
        verbose_name=_("déposé par le contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
