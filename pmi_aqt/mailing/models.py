from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """Every email the portal sends, recorded before it is sent.

    The unique `key` names the reason for sending (for example "intake-confirmation:<project>"),
    so a second attempt to queue the same email finds the first one instead of sending twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")
        SUPPRESSED = "suppressed", _("Non envoyé : destinataire désinscrit")

    class Kind(models.TextChoices):
        INTAKE_CONFIRMATION = "intake_confirmation", _("Confirmation de demande")
        INTAKE_NOTIFICATION = "intake_notification", _("Nouvelle demande (équipe)")
        COMPANY_LINK = "company_link", _("Lien de suivi envoyé à l'entreprise")
        DOCUMENT_REQUEST = "document_request", _("Demande de documents")
        OFFICER_DIGEST = "officer_digest", _("Synthèse quotidienne (chargé·e de mission)")
        FOLLOW_UP_SURVEY = "follow_up_survey", _("Questionnaire de suivi")
        INTAKE_DRAFT_SAVED = "intake_draft_saved", _("Lien pour reprendre une demande")
        INTAKE_DRAFT_REMINDER = "intake_draft_reminder", _("Rappel : demande non terminée")
        TASKFORCE_PACK = "taskforce_pack", _("Dossiers de séance (task force)")
        TASKFORCE_REVIEW_REMINDER = (
            "taskforce_review_reminder",
            _("Rappel : avis attendus (task force)"),
        )
        TASKFORCE_DECISION = "taskforce_decision", _("Décision transmise aux membres")
        TASKFORCE_CONSULTATION = (
            "taskforce_consultation",
            _("Consultation écrite ouverte (task force)"),
        )
        DECISION = "decision", _("Décision de la task force (entreprise)")

    key = models.CharField(_("clé d'unicité"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("entreprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur destinataire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="email_status_created_idx"),
            # The staff's list of emails, newest first: a walk of the index to any page
            # instead of sorting every email ever sent.
            models.Index(fields=["created_at", "id"], name="email_created_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def is_essential(self) -> bool:
        return self.kind not in NON_ESSENTIAL_KINDS


# Emails a person may refuse; the others (confirmations, decisions, requests they must answer)
# always go.
NON_ESSENTIAL_KINDS = frozenset(
    {
        OutboundEmail.Kind.INTAKE_NOTIFICATION,
        OutboundEmail.Kind.OFFICER_DIGEST,
        OutboundEmail.Kind.FOLLOW_UP_SURVEY,
        OutboundEmail.Kind.INTAKE_DRAFT_REMINDER,
        OutboundEmail.Kind.TASKFORCE_REVIEW_REMINDER,
    }
)


class Unsubscription(models.Model):
    """An address that asked not to receive non-essential emails any more."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    created_at = models.DateTimeField(_("désinscrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("désinscription")
        verbose_name_plural = _("désinscriptions")

    def __str__(self) -> str:
        return self.email


class EmailText(models.Model):
    """The programme manager's own subject and body for one kind of email.

    Without one, the kind's default templates are used. The text is never run through the
    template engine: only the kind's documented `{placeholders}` are replaced (see texts.py).
    `kind` has no `choices` on purpose: each new kind of email would otherwise alter this
    table's migration too; the views only accept kinds that text_kinds describes.
    """

    kind = models.CharField(_("type d'e-mail"), max_length=40, unique=True)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("texte"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("texte d'e-mail personnalisé")
        verbose_name_plural = _("textes d'e-mails personnalisés")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(subject="") & ~models.Q(body=""),
                name="email_text_not_empty",
            )
        ]

    def __str__(self) -> str:
        return self.kind
