"""What several kinds of email share: placeholders, the companies' signature, sample values."""

from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..texts import Placeholder, lookup


def officer_sentence(context: Mapping) -> str:
    name, address = context.get("officer_name"), context.get("officer_email")
    if not name:
        return ""
    return gettext("Votre chargé·e de mission, %(name)s, reste à votre disposition : %(email)s") % {
        "name": name,
        "email": address or "",
    }


PROGRAMME = Placeholder("programme", _("Nom du programme"), lookup("programme_name"))
PRIVACY = Placeholder(
    "donnees_personnelles",
    _("Adresse de la page « Données personnelles » du portail"),
    lambda context: str(context.get("site_url", "")) + reverse("privacy"),
)
FIRST_NAME = Placeholder(
    "prenom", _("Prénom de la personne à qui l'e-mail est adressé"), lookup("first_name")
)
PROJECT_TITLE = Placeholder("titre_projet", _("Titre du projet"), lookup("project_title"))
LINK_DAYS = Placeholder(
    "duree_lien", _("Nombre de jours pendant lesquels le lien reste valable"), lookup("link_days")
)
OFFICER_NAME = Placeholder(
    "charge_mission",
    _("Nom du ou de la chargé·e de mission du projet (vide si personne n'est désigné)"),
    lookup("officer_name"),
)
OFFICER_EMAIL = Placeholder(
    "email_charge_mission",
    _("Adresse e-mail du ou de la chargé·e de mission (vide si personne n'est désigné)"),
    lookup("officer_email"),
)
OFFICER_SENTENCE = Placeholder(
    "contact_charge_mission",
    _(
        "La phrase « Votre chargé·e de mission, (nom), reste à votre disposition : (adresse) », "
        "ou rien si personne n'est encore désigné"
    ),
    officer_sentence,
)
COMPANY_SIGNATURE = _(
    "Bien cordialement,\n"
    "L'équipe {programme}\n"
    "\n"
    "--\n"
    "Ce message est envoyé automatiquement : merci de ne pas y répondre.\n"
    "Vos données personnelles : {donnees_personnelles}"
)


def signed(text: Promise) -> Promise:
    """A message to a company, followed by the signature and footer every such email carries."""
    return format_lazy("{}\n\n{}", text, COMPANY_SIGNATURE)


def sample_link(path: str) -> str:
    return f"{settings.SITE_URL}/{path}"


def company_sample() -> dict:
    return {
        "first_name": "Claire",
        "project_title": "Robotisation de la ligne de découpe",
        "link": sample_link("entreprise/lien-personnel-exemple/"),
        "link_days": settings.COMPANY_LINK_MAX_AGE_DAYS,
        "officer_name": "Julien Mendiboure",
        "officer_email": "julien.mendiboure@pmi-aqt.example",
    }


COMPANY_PLACEHOLDERS = (
    FIRST_NAME,
    PROJECT_TITLE,
    LINK_DAYS,
    OFFICER_NAME,
    OFFICER_EMAIL,
    OFFICER_SENTENCE,
    PROGRAMME,
    PRIVACY,
)
