"""The emails the accounts app sends, registered with mailing from AccountsConfig.ready().

The password reset goes through the outbox like every other email: recorded, delivered by the
worker, retried when the server refuses it.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pmi_aqt.mailing.kinds import EmailKind
from pmi_aqt.mailing.texts import PROGRAMME, Placeholder, lookup

PASSWORD_RESET = EmailKind(
    code="password_reset",
    label=_("Nouveau mot de passe"),
    placeholders=(
        Placeholder("lien", _("Lien pour choisir un nouveau mot de passe"), lookup("reset_url")),
        PROGRAMME,
    ),
    subject=_("{programme} : choisissez un nouveau mot de passe"),
    body=_(
        "Bonjour,\n"
        "\n"
        "Vous avez demandé à changer le mot de passe de votre compte {programme}. "
        "Suivez ce lien pour en choisir un nouveau :\n"
        "\n"
        "{lien}\n"
        "\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de "
        "passe reste inchangé.\n"
        "\n"
        "L'équipe {programme}"
    ),
    sample_context=lambda: {
        "reset_url": f"{settings.SITE_URL}/compte/mot-de-passe/nouveau/exemple/"
    },
    # A security message: it goes even to people who unsubscribed from the others.
    essential=True,
    # Its link sets the person's password: nobody else may read it in the list of emails.
    confidential=True,
)

KINDS = (PASSWORD_RESET,)
