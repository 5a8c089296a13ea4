from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import kinds


class OutboundEmailQuerySet(models.QuerySet):
    def settled_before(self, moment) -> "OutboundEmailQuerySet":
        """Emails recorded before `moment` whose fate is settled (sent, failed or not sent):
        what the retention purge may delete. Pending ones stay: the sweep still owes them."""
        settled = [self.model.Status.SENT, self.model.Status.FAILED, self.model.Status.SUPPRESSED]
        return self.filter(created_at__lt=moment, status__in=settled)

    def regarding(self, instance: models.Model) -> "OutboundEmailQuerySet":
        """The emails about `instance` (a project, say). Its type is read in the same query,
        never from a cache that may be cold: a page asking this takes a known number of
        queries."""
        content_type = ContentType.objects.filter(
            app_label=instance._meta.app_label, model=instance._meta.model_name
        ).values("pk")[:1]
        return self.filter(regarding_type=models.Subquery(content_type), regarding_id=instance.pk)


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

    key = models.CharField(_("clé d'unicité"), max_length=200, unique=True)
    # A code registered by the app that sends it (kinds.py): no `choices`, mailing knows none.
    kind = models.CharField(_("type"), max_length=40)
    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Files sent with it, recorded with the texts so that every retry sends the same ones:
    # a list of {"filename", "mimetype", "content" (text), "params" (of its Content-Type)}.
    attachments = models.JSONField(_("pièces jointes"), default=list, db_default=[], blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # What the email is about (a project, a company...), whatever app it belongs to.
    regarding_type = models.ForeignKey(
        ContentType,
        verbose_name=_("concerne (type)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    regarding_id = models.PositiveBigIntegerField(
        _("concerne (identifiant)"), null=True, blank=True
    )
    regarding = GenericForeignKey("regarding_type", "regarding_id")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur destinataire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="email_status_created_idx"),
            # The staff's list of emails, newest first: a walk of the index to any page
            # instead of sorting every email ever sent.
            models.Index(fields=["created_at", "id"], name="email_created_order_idx"),
            # The emails about one project (its timeline), newest first.
            models.Index(
                fields=["regarding_type", "regarding_id", "created_at", "id"],
                name="email_regarding_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def is_confidential(self) -> bool:
        """Its text opens something for its recipient alone (a password reset link)."""
        kind = kinds.REGISTRY.get(self.kind)
        return bool(kind and kind.confidential)

    @property
    def is_essential(self) -> bool:
        """Whether it goes even to an address that unsubscribed; a kind no app registers any
        more is taken as essential."""
        kind = kinds.find(self.kind)
        return kind is None or kind.essential


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

    Without one, the kind's default wording is used. The text is never run through the
    template engine: only the kind's documented `{placeholders}` are replaced (see texts.py).
    `kind` has no `choices`: the kinds are registered by the apps that send them (kinds.py);
    the views only accept editable registered kinds.
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
