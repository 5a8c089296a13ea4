"""The emails the projects app sends, as it registers them with mailing (see
pmi_aqt/mailing/kinds.py): to companies (intake, link, document requests, surveys, drafts) and
to the programme's staff (the intake notification, the officers' digest).

For each: its label, whether a person may refuse it, its placeholders (name, French
description, how to read the value from the email's context), its one default wording — which
the programme manager may rewrite — and sample values for the manager's preview. Structured
parts a plain text cannot express (the digest's lists, the whole intake request) are
placeholders whose value our own templates render. Registered from ProjectsConfig.ready().
"""

from collections.abc import Mapping
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.template import defaultfilters
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmi_aqt.mailing.kinds import EmailKind
from pmi_aqt.mailing.texts import (
    PRIVACY,
    PROGRAMME,
    Placeholder,
    date_value,
    joined,
    lookup,
    person,
    rendered,
)

# --- What the emails to companies share: placeholders, the signature, sample values


def officer_sentence(context: Mapping) -> str:
    name, address = context.get("officer_name"), context.get("officer_email")
    if not name:
        return ""
    return gettext("Votre chargé·e de mission, %(name)s, reste à votre disposition : %(email)s") % {
        "name": name,
        "email": address or "",
    }


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
COMPANY_SIGNATURE = _(
    "Bien cordialement,\n"
    "L'équipe {programme}\n"
    "\n"
    "--\n"
    "Ce message est envoyé automatiquement : merci de ne pas y répondre.\n"
    "Vos données personnelles : {donnees_personnelles}"
)


def signed(text):
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


# --- The intake confirmation


def _sample_intake_confirmation() -> dict:
    return {
        "first_name": "Claire",
        "title": "Robotisation de la ligne de découpe",
        "axis_labels": ["Transformation numérique", "Optimisation des procédés"],
        "timing_label": "Dans les 3 mois",
    }


INTAKE_CONFIRMATION = EmailKind(
    code="intake_confirmation",
    label=_("Confirmation de demande"),
    placeholders=(
        Placeholder(
            "prenom", _("Prénom de la personne qui a déposé la demande"), lookup("first_name")
        ),
        Placeholder("titre_projet", _("Titre du projet, tel que saisi"), lookup("title")),
        Placeholder(
            "axes",
            _("Axes d'intervention choisis, séparés par des virgules"),
            joined("axis_labels"),
        ),
        Placeholder(
            "demarrage",
            _("Démarrage souhaité (vide s'il n'a pas été indiqué)"),
            lookup("timing_label"),
        ),
        PROGRAMME,
        PRIVACY,
    ),
    subject=_("Nous avons bien reçu votre demande — {programme}"),
    body=signed(
        _(
            "Bonjour {prenom},\n"
            "\n"
            "Nous avons bien reçu votre demande d'accompagnement pour le projet "
            "« {titre_projet} ».\n"
            "Axes d'intervention : {axes}\n"
            "Démarrage souhaité : {demarrage}\n"
            "\n"
            "Et maintenant ?\n"
            "\n"
            "1. Un·e chargé·e de mission du programme vous appelle dans les 10 jours "
            "ouvrés environ pour mieux comprendre votre projet.\n"
            "2. Ensemble, vous précisez vos besoins et les ressources à mobiliser : "
            "compétences, partenaires, financements.\n"
            "3. Le dossier est ensuite présenté à la task force régionale, qui décide de "
            "l'accompagnement.\n"
            "\n"
            "Vous n'avez rien d'autre à faire pour l'instant."
        )
    ),
    sample_context=_sample_intake_confirmation,
)


# --- The intake notification, to the team


def _sample_intake_notification() -> dict:
    submitted = {
        "siret": "12345678900012",
        "company_name": "Forges de l'Adour",
        "address": "12 rue des Forges",
        "postcode": "64100",
        "city": "Bayonne",
        "first_name": "Claire",
        "last_name": "Etcheverry",
        "job_title": "Directrice industrielle",
        "email": "claire.etcheverry@forges-adour.example",
        "phone": "05 59 00 00 00",
        "contact_consent": True,
    }
    return {
        "project": SimpleNamespace(
            title="Robotisation de la ligne de découpe",
            description="Automatiser le chargement de la presse et le contrôle des pièces.",
            created_at=timezone.now(),
        ),
        "company": SimpleNamespace(name="Forges de l'Adour", siret_display="123 456 789 00012"),
        "company_created": True,
        "company_url": sample_link("entreprises/1/"),
        "submitted": submitted,
        "axis_labels": ["Transformation numérique", "Optimisation des procédés"],
        "timing_label": "Dans les 3 mois",
    }


INTAKE_NOTIFICATION = EmailKind(
    code="intake_notification",
    label=_("Nouvelle demande (équipe)"),
    essential=False,
    placeholders=(
        Placeholder("titre_projet", _("Titre du projet"), lookup("project.title")),
        Placeholder("entreprise", _("Nom de l'entreprise"), lookup("company.name")),
        Placeholder(
            "demandeur",
            _("Prénom et nom de la personne qui a déposé la demande"),
            person("submitted.first_name", "submitted.last_name"),
        ),
        Placeholder(
            "lien",
            _("Adresse de la fiche de l'entreprise dans le portail"),
            lookup("company_url"),
        ),
        Placeholder(
            "details",
            _(
                "Toute la demande telle que le texte par défaut la présente : "
                "entreprise, contact, projet, et le lien vers la fiche"
            ),
            rendered("projects/emails/intake_notification_details.txt"),
            block=True,
        ),
        PROGRAMME,
    ),
    subject=_("Nouvelle demande : {titre_projet} ({entreprise})"),
    body=_("{details}"),
    sample_context=_sample_intake_notification,
)


# --- The company's secure link and the documents asked of it


def _due_sentence(context: Mapping) -> str:
    due_on = context.get("due_on")
    if not due_on:
        return ""
    return gettext("Attendu pour le %(date)s") % {"date": defaultfilters.date(due_on, "d/m/Y")}


def _sample_document_request() -> dict:
    return {
        **company_sample(),
        "label": "Devis du robot de chargement",
        "kind_label": "Devis",
        "due_on": timezone.localdate() + timedelta(days=14),
    }


COMPANY_LINK = EmailKind(
    code="company_link",
    label=_("Lien de suivi envoyé à l'entreprise"),
    placeholders=(
        Placeholder(
            "lien",
            _("Lien personnel et sécurisé vers la page de suivi du projet"),
            lookup("link"),
        ),
        *COMPANY_PLACEHOLDERS,
    ),
    subject=_("Suivez votre projet « {titre_projet} » — {programme}"),
    body=signed(
        _(
            "Bonjour {prenom},\n"
            "\n"
            "Voici votre lien personnel pour suivre votre projet « {titre_projet} » : "
            "vous y voyez où en est votre dossier, ce que le programme vous demande, et "
            "vous pouvez y déposer les documents demandés.\n"
            "\n"
            "{lien}\n"
            "\n"
            "Ce lien est valable {duree_lien} jours et ne demande aucun mot de passe : "
            "ne le transférez pas.\n"
            "\n"
            "{contact_charge_mission}"
        )
    ),
    sample_context=company_sample,
)

DOCUMENT_REQUEST = EmailKind(
    code="document_request",
    label=_("Demande de documents"),
    placeholders=(
        Placeholder("document", _("Le document demandé"), lookup("label")),
        Placeholder("type_document", _("Type de document"), lookup("kind_label")),
        Placeholder(
            "echeance",
            _("La phrase « Attendu pour le (date) », ou rien s'il n'y a pas de date"),
            _due_sentence,
        ),
        Placeholder(
            "lien",
            _("Lien personnel et sécurisé vers la page où déposer le document"),
            lookup("link"),
        ),
        *COMPANY_PLACEHOLDERS,
    ),
    subject=_("Document demandé pour votre projet « {titre_projet} » — {programme}"),
    body=signed(
        _(
            "Bonjour {prenom},\n"
            "\n"
            "Pour avancer sur votre projet « {titre_projet} », le programme a besoin du "
            "document suivant :\n"
            "\n"
            "  {document} ({type_document})\n"
            "  {echeance}\n"
            "\n"
            "Déposez-le sur votre page de suivi, par ce lien personnel :\n"
            "\n"
            "{lien}\n"
            "\n"
            "Ce lien est valable {duree_lien} jours et ne demande aucun mot de passe : "
            "ne le transférez pas.\n"
            "Formats acceptés : PDF, image PNG ou JPEG, Word, Excel ou PowerPoint, "
            "OpenDocument.\n"
            "\n"
            "{contact_charge_mission}"
        )
    ),
    sample_context=_sample_document_request,
)


# --- The officers' daily digest


def _sample_officer_digest() -> dict:
    today = timezone.localdate()
    day = timedelta(days=1)

    def line(title, detail, **extra):
        return {"title": title, "detail": detail, "url": sample_link("projets/1/"), **extra}

    return {
        "first_name": "Julien",
        "today": today,
        "fitting_calls": [
            line(
                "Usine du futur — Région Nouvelle-Aquitaine",
                "Robotisation de la ligne de découpe",
                day=today + 12 * day,
                days=12,
                opened=True,
            )
        ],
        "overdue_steps": [
            line("Rappeler la directrice", "Forges de l'Adour", day=today - 3 * day, days=3)
        ],
        "stalled_projects": [
            line("Robotisation de la ligne de découpe", "Forges de l'Adour — diagnostic", days=45)
        ],
        "ending_actions": [
            line(
                "Expertise vision industrielle",
                "Robotisation (Forges de l'Adour)",
                day=today + 5 * day,
                days=5,
            )
        ],
        "ending_placements": [
            line(
                "Alternance — Léa Dufour (ENSAM Bordeaux)",
                "Robotisation (Forges de l'Adour)",
                day=today + 20 * day,
                days=20,
            )
        ],
        "due_follow_ups": [
            line(
                "Robotisation de la ligne de découpe",
                "Forges de l'Adour",
                day=today,
                days=0,
                months=6,
            )
        ],
        "portfolio_url": sample_link("projets/portefeuille/"),
    }


OFFICER_DIGEST = EmailKind(
    code="officer_digest",
    label=_("Synthèse quotidienne (chargé·e de mission)"),
    essential=False,
    placeholders=(
        Placeholder("prenom", _("Prénom du ou de la chargé·e de mission"), lookup("first_name")),
        Placeholder(
            "date",
            _("Le jour de la synthèse, par exemple « lundi 3 mars »"),
            date_value("today", "l j F"),
        ),
        Placeholder(
            "details",
            _(
                "Les listes du jour : appels à candidatures ouverts ou proches de leur "
                "clôture pour vos dossiers, prochaines étapes en retard, dossiers qui "
                "n'avancent plus, actions d'accompagnement qui se terminent, suivis à "
                "faire — chaque ligne avec son lien ; seules les listes non vides "
                "apparaissent"
            ),
            rendered("projects/emails/officer_digest_details.txt"),
            block=True,
        ),
        Placeholder("lien", _("Adresse du portefeuille dans le portail"), lookup("portfolio_url")),
        PROGRAMME,
    ),
    subject=_("Votre synthèse du {date} — {programme}"),
    body=_(
        "Bonjour {prenom},\n"
        "\n"
        "Voici ce qui demande votre attention aujourd'hui dans vos dossiers.\n"
        "\n"
        "{details}\n"
        "\n"
        "Votre portefeuille : {lien}\n"
        "\n"
        "--\n"
        "Synthèse envoyée les jours ouvrés par {programme}, seulement quand un dossier "
        "demande votre attention."
    ),
    sample_context=_sample_officer_digest,
)


# --- The follow-up survey


def _sample_follow_up_survey() -> dict:
    return {**company_sample(), "months": 6, "link_days": 60}


FOLLOW_UP_SURVEY = EmailKind(
    code="follow_up_survey",
    label=_("Questionnaire de suivi"),
    essential=False,
    placeholders=(
        Placeholder(
            "mois",
            _("Nombre de mois écoulés depuis le début de l'accompagnement"),
            lookup("months"),
        ),
        Placeholder("lien", _("Lien personnel et sécurisé vers le questionnaire"), lookup("link")),
        *COMPANY_PLACEHOLDERS,
    ),
    subject=_("Votre projet « {titre_projet} », {mois} mois après : 5 minutes pour nous répondre"),
    body=_(
        "Bonjour {prenom},\n"
        "\n"
        "Il y a {mois} mois commençait l'accompagnement de votre projet "
        "« {titre_projet} » par le programme {programme}. Pour mesurer ce qu'il a changé "
        "pour votre entreprise et améliorer le programme, pouvez-vous répondre à six "
        "questions (emplois, chiffre d'affaires, lancement, satisfaction) ? Comptez cinq "
        "minutes.\n"
        "\n"
        "{lien}\n"
        "\n"
        "Ce lien personnel est valable {duree_lien} jours et ne demande aucun mot de "
        "passe : ne le transférez pas. Vous ne pouvez répondre qu'une fois.\n"
        "\n"
        "{contact_charge_mission}\n"
        "\n"
        "Merci de votre aide,\n"
        "L'équipe {programme}\n"
        "\n"
        "--\n"
        "Ce message est envoyé automatiquement : merci de ne pas y répondre.\n"
        "Vos données personnelles : {donnees_personnelles}"
    ),
    sample_context=_sample_follow_up_survey,
)


# --- Intake drafts: the link to finish one, and the one reminder


def _greeting(context: Mapping) -> str:
    first_name = context.get("first_name")
    if first_name:
        return gettext("Bonjour %(name)s,") % {"name": first_name}
    return gettext("Bonjour,")


DRAFT_PLACEHOLDERS = (
    Placeholder(
        "bonjour",
        _("La formule « Bonjour (prénom), », ou « Bonjour, » quand le prénom n'a pas été saisi"),
        _greeting,
    ),
    Placeholder("prenom", _("Prénom, s'il a été saisi (vide sinon)"), lookup("first_name")),
    Placeholder(
        "titre_projet", _("Titre du projet, s'il a été saisi (vide sinon)"), lookup("title")
    ),
    Placeholder(
        "lien",
        _("Lien personnel pour reprendre la demande, la compléter et l'envoyer"),
        lookup("link"),
    ),
    Placeholder(
        "expiration",
        _("Date jusqu'à laquelle le lien est valable, par exemple « 26 décembre 2026 »"),
        date_value("expires_on", "j F Y"),
    ),
    PROGRAMME,
    PRIVACY,
)


def _sample_draft() -> dict:
    today = timezone.localdate()
    return {
        "first_name": "Claire",
        "title": "Robotisation de la ligne de découpe",
        "link": sample_link("projets/demande/reprendre/lien-exemple/"),
        "saved_on": today - timedelta(days=3),
        "expires_on": today + timedelta(days=27),
        "lifetime_days": 30,
        "reminder_days": 3,
    }


INTAKE_DRAFT_SAVED = EmailKind(
    code="intake_draft_saved",
    label=_("Lien pour reprendre une demande"),
    placeholders=(
        *DRAFT_PLACEHOLDERS,
        Placeholder(
            "duree",
            _("Nombre de jours dont chaque nouvel enregistrement prolonge le lien"),
            lookup("lifetime_days"),
        ),
    ),
    subject=_("Votre demande enregistrée : le lien pour la terminer — {programme}"),
    body=signed(
        _(
            "{bonjour}\n"
            "\n"
            "Vous avez enregistré votre demande d'accompagnement, sans l'envoyer.\n"
            "Projet : « {titre_projet} »\n"
            "\n"
            "Pour la compléter et l'envoyer, suivez ce lien :\n"
            "\n"
            "{lien}\n"
            "\n"
            "Ce lien est valable jusqu'au {expiration} ; chaque nouvel enregistrement "
            "le prolonge de {duree} jours. Passé ce délai, votre saisie est effacée.\n"
            "Ce lien personnel ouvre ce que vous avez saisi, sans mot de passe : "
            "ne le transférez pas.\n"
            "\n"
            "Votre demande n'est pas encore envoyée : le programme ne la reçoit que "
            "lorsque vous choisissez « Envoyer ma demande ».\n"
            "\n"
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien "
            "ne sera transmis au programme et la saisie sera effacée."
        )
    ),
    sample_context=_sample_draft,
)

INTAKE_DRAFT_REMINDER = EmailKind(
    code="intake_draft_reminder",
    label=_("Rappel : demande non terminée"),
    essential=False,
    placeholders=(
        *DRAFT_PLACEHOLDERS,
        Placeholder(
            "enregistree_le",
            _("Date du dernier enregistrement, par exemple « 23 novembre 2026 »"),
            date_value("saved_on", "j F Y"),
        ),
    ),
    subject=_("Votre demande d'accompagnement n'est pas encore envoyée — {programme}"),
    body=signed(
        _(
            "{bonjour}\n"
            "\n"
            "Le {enregistree_le}, vous avez enregistré une demande d'accompagnement "
            "auprès du programme {programme}, sans l'envoyer.\n"
            "Projet : « {titre_projet} »\n"
            "\n"
            "Elle vous attend : il vous reste à la compléter et à l'envoyer, à partir de "
            "ce lien :\n"
            "\n"
            "{lien}\n"
            "\n"
            "Ce lien personnel est valable jusqu'au {expiration} et ne demande aucun mot "
            "de passe : ne le transférez pas.\n"
            "\n"
            "Vous ne souhaitez plus poursuivre ? Ignorez simplement ce message : c'est le "
            "seul rappel, et votre saisie sera effacée après le {expiration}."
        )
    ),
    sample_context=_sample_draft,
)


# --- The retention job's report to the managers


def _sample_retention_report() -> dict:
    today = timezone.localdate()
    return {
        "first_name": "Claire",
        "today": today,
        "years": settings.RETENTION_YEARS,
        "done_count": 3,
        "done_companies": [
            {
                "name": "Tôlerie du Marsan",
                "last_activity": today - timedelta(days=1200),
                "people": 2,
            },
            {
                "name": "Ateliers de l'Estuaire",
                "last_activity": today - timedelta(days=1150),
                "people": 1,
            },
        ],
        "done_more": 0,
        "coming_count": 1,
        "coming_companies": [
            {
                "name": "Fonderie des Landes",
                "last_activity": today - timedelta(days=1080),
                "people": 1,
            }
        ],
        "coming_more": 0,
        "coming_days": 30,
    }


RETENTION_REPORT = EmailKind(
    code="retention_report",
    label=_("Rapport de la conservation des données (responsable)"),
    placeholders=(
        Placeholder("prenom", _("Prénom du ou de la responsable"), lookup("first_name")),
        Placeholder(
            "date",
            _("Le jour du passage, par exemple « 3 mars 2027 »"),
            date_value("today", "j F Y"),
        ),
        Placeholder("duree", _("La durée de conservation, en années (réglage)"), lookup("years")),
        Placeholder(
            "details",
            _(
                "Les entreprises dont les contacts viennent d'être anonymisés, et celles dont "
                "les contacts le seront dans le mois si rien n'est noté d'ici là"
            ),
            rendered("projects/emails/retention_report_details.txt"),
            block=True,
        ),
        PROGRAMME,
    ),
    subject=_("Conservation des données du {date} — {programme}"),
    body=_(
        "Bonjour {prenom},\n"
        "\n"
        "Le passage hebdomadaire de la conservation des données a eu lieu. Les contacts des "
        "entreprises sans activité depuis {duree} ans sont anonymisés, comme l'annonce la "
        "politique de confidentialité ; les entreprises, leurs projets et les chiffres du "
        "programme sont conservés.\n"
        "\n"
        "{details}\n"
        "\n"
        "Pour garder les contacts d'une entreprise encore active, notez un échange sur sa fiche "
        "avant la date indiquée.\n"
        "\n"
        "--\n"
        "{programme}"
    ),
    sample_context=_sample_retention_report,
)


KINDS = (
    INTAKE_CONFIRMATION,
    INTAKE_NOTIFICATION,
    COMPANY_LINK,
    DOCUMENT_REQUEST,
    OFFICER_DIGEST,
    FOLLOW_UP_SURVEY,
    INTAKE_DRAFT_SAVED,
    INTAKE_DRAFT_REMINDER,
    RETENTION_REPORT,
)
