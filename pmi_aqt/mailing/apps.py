from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "pmi_aqt.mailing"
    label = "mailing"
    verbose_name = _("E-mails")
