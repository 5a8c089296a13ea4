from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pmi_aqt.accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import seen_at_login

        user_logged_in.connect(seen_at_login, dispatch_uid="accounts:staff-seen-at-login")
