from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The programme's roles; each is a Group of the same name, seeded by a migration."""

    COMPANY_CONTACT = "company_contact", _("Contact entreprise")
    OFFICER = "officer", _("Chargé·e de mission")
    FINANCE_OFFICER = "finance_officer", _("Chargé·e d'ingénierie financière")
    TASKFORCE_MEMBER = "taskforce_member", _("Membre de la task force")
    MANAGER = "manager", _("Responsable du programme")


# The role sets every rights module reads; defined here once.
# The programme's own team.
STAFF_ROLES = frozenset({Role.OFFICER, Role.FINANCE_OFFICER, Role.MANAGER})
# Who runs projects and the task force's sessions: officers, and the manager who may do
# whatever an officer does. The finance officer reads projects and builds financing plans.
OFFICER_ROLES = frozenset({Role.OFFICER, Role.MANAGER})
MANAGER_ROLES = frozenset({Role.MANAGER})
# Who reads dossiers in the task force's workspace: its members, and the manager.
TASKFORCE_WORKSPACE_ROLES = frozenset({Role.TASKFORCE_MEMBER, Role.MANAGER})
# Whoever reads confidential dossiers may protect their account with a second factor.
TWO_FACTOR_ROLES = frozenset(STAFF_ROLES | {Role.TASKFORCE_MEMBER})
# Who has a private calendar feed: those with sessions or next steps in it.
CALENDAR_FEED_ROLES = frozenset(OFFICER_ROLES | {Role.TASKFORCE_MEMBER})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def with_role(self, role: str):
        return self.filter(groups__name=role, is_active=True)

    def with_any_role(self, roles):
        """Active people holding one of `roles` (each once)."""
        return self.filter(groups__name__in=roles, is_active=True).distinct()


def person_name(first_name: str, last_name: str, email: str) -> str:
    """How a person is shown (what str(user) gives), from plain rows as well as from a User."""
    return f"{first_name} {last_name}".strip() or email


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_staff = models.BooleanField(
        _("accès à l'administration technique"),
        default=False,
        help_text=_("Donne accès à l'interface d'administration de Django."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    # Raised by "log out of my other sessions": every session signed with the previous value
    # stops being valid at its next request (get_session_auth_hash).
    session_generation = models.PositiveIntegerField(
        _("génération des sessions"), default=0, db_default=0
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name, self.email)

    def get_session_auth_hash(self) -> str:
        if not self.session_generation:
            return super().get_session_auth_hash()  # sessions opened before the field existed
        key_salt = "pmi_aqt.accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The person's roles, read once per request."""
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_programme_staff(self) -> bool:
        """Officers, finance officers and the programme manager: the programme's own team."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_manager(self) -> bool:
        return bool(self.roles & MANAGER_ROLES)


class SecurityPolicy(models.Model):
    """The programme's security rules: one row, edited by the programme manager."""

    SINGLETON_PK = 1

    # The roles (among TWO_FACTOR_ROLES) whose holders must use two-factor authentication.
    two_factor_roles = models.JSONField(
        _("rôles tenus d'utiliser la double authentification"),
        default=list,
        blank=True,
        help_text=_(
            "Les personnes qui tiennent l'un de ces rôles devront l'activer à leur prochaine "
            "page : elles ne pourront rien faire d'autre avant. Les autres restent libres de "
            "l'activer."
        ),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("modifiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("règles de sécurité")
        verbose_name_plural = _("règles de sécurité")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="security_policy_singleton")
        ]

    def __str__(self) -> str:
        return str(_("Règles de sécurité du programme"))

    @classmethod
    def load(cls) -> "SecurityPolicy":
        # The row is seeded by a migration; get_or_create only covers a database emptied since.
        policy, _created = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return policy

    def requires_two_factor(self, roles) -> bool:
        """Whether someone holding `roles` must use two-factor authentication."""
        return bool(set(self.two_factor_roles) & set(roles))


class CalendarFeed(models.Model):
    """A person's private calendar feed: its secret token is the only key to it (calendar
    apps fetch it without logging in). Regenerating replaces the token, revoking deletes the
    row: the old address answers 404 at once. The token is kept readable so that its owner
    can copy the address again from their account page, which only they reach."""

    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda privé")
        verbose_name_plural = _("agendas privés")

    def __str__(self) -> str:
        return str(self.user)
