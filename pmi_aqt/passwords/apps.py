from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PasswordsConfig(AppConfig):
    """The forgotten-password pages, whose email goes through the outbox.

    Apart from accounts because mailing's views ask accounts' rights: accounts itself cannot
    use mailing without an import circle between the two (docs/architecture.md).
    """

    name = "pmi_aqt.passwords"
    label = "passwords"
    verbose_name = _("Mots de passe oubliés")

    def ready(self) -> None:
        from pmi_aqt.mailing import kinds

        from . import email_kinds

        kinds.register(email_kinds.KINDS)
