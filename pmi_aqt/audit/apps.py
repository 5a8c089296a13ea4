from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pmi_aqt.audit"
    label = "audit"
    verbose_name = _("Historique des modifications")

    def ready(self) -> None:
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from pmi_aqt.accounts.models import SecurityPolicy, User
        from pmi_aqt.mailing.models import EmailText

        from .registry import audit, connect

        connect()
        # The core's own models; each app registers its models from its own ready().
        # Secrets never enter a diff: password hashes, TOTP keys and throttling counters.
        audit(User, exclude=["password", "last_login"], m2m=["groups"])
        # A role is a group: who gave whom a role is the user's diff; what a role may do, its own.
        audit(Group, m2m=["permissions"])
        audit(SecurityPolicy, exclude=["updated_by"])
        audit(EmailText)
        # Only the facts of a device: a manager's reset shows up as its deletion, by them.
        audit(TOTPDevice, include=["user", "name", "confirmed"])
        audit(StaticDevice, include=["user", "name", "confirmed"])
