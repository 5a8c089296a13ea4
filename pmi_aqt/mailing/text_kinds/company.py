"""Emails to companies: intake, link, document requests, surveys, drafts, the decision."""

from collections.abc import Mapping
from datetime import timedelta
from types import SimpleNamespace

from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import OutboundEmail
from ..texts import KindTexts, Placeholder, date_value, joined, lookup
from .common import (
    COMPANY_PLACEHOLDERS,
    PRIVACY,
    PROGRAMME,
    company_sample,
    sample_link,
    signed,
)


def _due_sentence(context: Mapping) -> str:
    due_on = context.get("due_on")
    if not due_on:
        return ""
    return gettext("Attendu pour le %(date)s") % {"date": defaultfilters.date(due_on, "d/m/Y")}


def _sample_intake_confirmation() -> dict:
    return {
        "first_name": "Claire",
        "title": "Robotisation de la ligne de découpe",
        "axis_labels": ["Transformation numérique", "Optimisation des procédés"],
        "timing_label": "Dans les 3 mois",
    }


def _sample_document_request() -> dict:
    return {
        **company_sample(),
        "label": "Devis du robot de chargement",
        "kind_label": "Devis",
        "due_on": timezone.localdate() + timedelta(days=14),
    }


def _sample_follow_up_survey() -> dict:
    return {**company_sample(), "months": 6, "link_days": 60}


# --- Intake drafts


def _greeting(context: Mapping) -> str:
    first_name = context.get("first_name")
    if first_name:
        return gettext("Bonjour %(name)s,") % {"name": first_name}
    return gettext("Bonjour,")


GREETING = Placeholder(
    "bonjour",
    _("La formule « Bonjour (prénom), », ou « Bonjour, » quand le prénom n'a pas été saisi"),
    _greeting,
)
DRAFT_PLACEHOLDERS = (
    GREETING,
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


# --- The decision, told to the company: its sentences depend on the outcome.

APPROVED = "approved"
APPROVED_WITH_CONDITIONS = "approved_conditions"
DEFERRED = "deferred"


def _decision_announcement(context: Mapping) -> str:
    # In session, the session's real date; by written consultation, the day of the decision
    # (the task force did not meet).
    if context.get("written_consultation"):
        return _written_decision_announcement(context)
    params = {
        "date": date_value("session_date", "j F Y")(context),
        "project_title": lookup("project_title")(context),
    }
    outcome = context.get("outcome")
    if outcome == APPROVED:
        text = gettext(
            "Bonne nouvelle : réunie le %(date)s, la task force du programme a décidé "
            "d'accompagner votre projet « %(project_title)s »."
        )
    elif outcome == APPROVED_WITH_CONDITIONS:
        text = gettext(
            "Réunie le %(date)s, la task force du programme a décidé d'accompagner votre projet "
            "« %(project_title)s », sous certaines conditions."
        )
    elif outcome == DEFERRED:
        text = gettext(
            "Réunie le %(date)s, la task force du programme a souhaité reporter sa décision sur "
            "votre projet « %(project_title)s » à une prochaine séance."
        )
    else:
        text = gettext(
            "Réunie le %(date)s, la task force du programme a examiné votre projet "
            "« %(project_title)s » et n'a pas retenu d'accompagnement par le programme."
        )
    return text % params


def _written_decision_announcement(context: Mapping) -> str:
    params = {
        "date": date_value("decided_on", "j F Y")(context),
        "project_title": lookup("project_title")(context),
    }
    outcome = context.get("outcome")
    if outcome == APPROVED:
        text = gettext(
            "Bonne nouvelle : consultée par écrit, la task force du programme a décidé le "
            "%(date)s d'accompagner votre projet « %(project_title)s »."
        )
    elif outcome == APPROVED_WITH_CONDITIONS:
        text = gettext(
            "Consultée par écrit, la task force du programme a décidé le %(date)s "
            "d'accompagner votre projet « %(project_title)s », sous certaines conditions."
        )
    elif outcome == DEFERRED:
        text = gettext(
            "Consultée par écrit, la task force du programme a souhaité le %(date)s reporter "
            "sa décision sur votre projet « %(project_title)s » à une prochaine séance."
        )
    else:
        text = gettext(
            "Consultée par écrit, la task force du programme a examiné votre projet "
            "« %(project_title)s » et a décidé le %(date)s de ne pas retenir "
            "d'accompagnement par le programme."
        )
    return text % params


def _decision_conditions(context: Mapping) -> str:
    conditions = context.get("conditions")
    if not conditions:
        return ""
    if context.get("approved"):
        return gettext("Les conditions de cet accord :") + "\n" + str(conditions)
    return gettext("Ce que la task force demande :") + "\n" + str(conditions)


def _decision_actions(context: Mapping) -> str:
    actions = context.get("actions") or []
    if not actions:
        return ""
    lines = [gettext("L'accompagnement accordé :")]
    for action in actions:
        details = [lookup("kind")(action), lookup("provider")(action)]
        if getattr(action, "starts_on", None):
            details.append(
                gettext("à partir du %(date)s")
                % {"date": defaultfilters.date(action.starts_on, "j F Y")}
            )
        lines.append(f"- {lookup('title')(action)} ({', '.join(filter(None, details))})")
    return "\n".join(lines)


def _decision_next_steps(context: Mapping) -> str:
    if context.get("approved"):
        text = gettext(
            "Votre chargé·e de mission vous contacte dans les prochains jours pour organiser le "
            "démarrage de l'accompagnement"
        )
        if context.get("conditions"):
            text += " " + gettext("et voir avec vous comment remplir ces conditions")
        return text + ". " + gettext("Vous n'avez rien d'autre à faire d'ici là.")
    if context.get("outcome") == DEFERRED:
        return gettext(
            "Votre chargé·e de mission vous contacte pour compléter le dossier avec vous ; il "
            "sera ensuite présenté de nouveau à la task force. Vous n'avez rien d'autre à faire "
            "d'ici là."
        )
    return gettext(
        "Votre chargé·e de mission peut vous expliquer cette décision et vous orienter vers "
        "d'autres dispositifs de l'écosystème régional qui pourraient convenir à votre projet."
    )


def _sample_decision() -> dict:
    return {
        **company_sample(),
        "outcome": APPROVED_WITH_CONDITIONS,
        "outcome_label": "Accordé sous conditions",
        "approved": True,
        "conditions": "Présenter le devis définitif du robot avant le démarrage.",
        "session_date": timezone.localdate() - timedelta(days=1),
        "actions": [
            SimpleNamespace(
                kind="Expertise",
                title="Étude de faisabilité vision industrielle",
                provider="CATIE",
                starts_on=timezone.localdate() + timedelta(days=30),
            )
        ],
    }


KINDS = (
    KindTexts(
        kind=OutboundEmail.Kind.INTAKE_CONFIRMATION,
        placeholders=(
            Placeholder(
                "prenom",
                _("Prénom de la personne qui a déposé la demande"),
                lookup("first_name"),
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
        starter_subject=_("Nous avons bien reçu votre demande — {programme}"),
        starter_body=signed(
            _(
                "Bonjour {prenom},\n"
                "\n"
                "Nous avons bien reçu votre demande d'accompagnement pour le projet "
                "« {titre_projet} ».\n"
                "Axes d'intervention : {axes}\n"
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
    ),
    KindTexts(
        kind=OutboundEmail.Kind.COMPANY_LINK,
        placeholders=(
            Placeholder(
                "lien",
                _("Lien personnel et sécurisé vers la page de suivi du projet"),
                lookup("link"),
            ),
            *COMPANY_PLACEHOLDERS,
        ),
        starter_subject=_("Suivez votre projet « {titre_projet} » — {programme}"),
        starter_body=signed(
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
    ),
    KindTexts(
        kind=OutboundEmail.Kind.DOCUMENT_REQUEST,
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
        starter_subject=_("Document demandé pour votre projet « {titre_projet} » — {programme}"),
        starter_body=signed(
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
    ),
    KindTexts(
        kind=OutboundEmail.Kind.FOLLOW_UP_SURVEY,
        placeholders=(
            Placeholder(
                "mois",
                _("Nombre de mois écoulés depuis le début de l'accompagnement"),
                lookup("months"),
            ),
            Placeholder(
                "lien", _("Lien personnel et sécurisé vers le questionnaire"), lookup("link")
            ),
            *COMPANY_PLACEHOLDERS,
        ),
        starter_subject=_(
            "Votre projet « {titre_projet} », {mois} mois après : 5 minutes pour nous répondre"
        ),
        starter_body=_(
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
    ),
    KindTexts(
        kind=OutboundEmail.Kind.INTAKE_DRAFT_SAVED,
        placeholders=(
            *DRAFT_PLACEHOLDERS,
            Placeholder(
                "duree",
                _("Nombre de jours dont chaque nouvel enregistrement prolonge le lien"),
                lookup("lifetime_days"),
            ),
        ),
        starter_subject=_("Votre demande enregistrée : le lien pour la terminer — {programme}"),
        starter_body=signed(
            _(
                "{bonjour}\n"
                "\n"
                "Vous avez enregistré votre demande d'accompagnement, sans l'envoyer. "
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
    ),
    KindTexts(
        kind=OutboundEmail.Kind.INTAKE_DRAFT_REMINDER,
        placeholders=(
            *DRAFT_PLACEHOLDERS,
            Placeholder(
                "enregistree_le",
                _("Date du dernier enregistrement, par exemple « 23 novembre 2026 »"),
                date_value("saved_on", "j F Y"),
            ),
        ),
        starter_subject=_("Votre demande d'accompagnement n'est pas encore envoyée — {programme}"),
        starter_body=signed(
            _(
                "{bonjour}\n"
                "\n"
                "Le {enregistree_le}, vous avez enregistré une demande d'accompagnement "
                "auprès du programme {programme}, sans l'envoyer. Elle vous attend : il vous "
                "reste à la compléter et à l'envoyer, à partir de ce lien :\n"
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
    ),
    KindTexts(
        kind=OutboundEmail.Kind.DECISION,
        placeholders=(
            Placeholder(
                "decision",
                _("La décision, par exemple « Accordé sous conditions »"),
                lookup("outcome_label"),
            ),
            Placeholder(
                "date",
                _("Date de la séance, par exemple « 8 décembre 2026 »"),
                date_value("session_date", "j F Y"),
            ),
            Placeholder(
                "annonce",
                _(
                    "La phrase qui annonce la décision, écrite pour chaque issue (accord, "
                    "accord sous conditions, report, refus)"
                ),
                _decision_announcement,
                block=True,
            ),
            Placeholder(
                "conditions",
                _(
                    "Les conditions ou demandes de la task force, avec leur titre (vide s'il "
                    "n'y en a pas)"
                ),
                _decision_conditions,
                block=True,
            ),
            Placeholder(
                "accompagnement",
                _(
                    "La liste des actions d'accompagnement accordées, avec leur titre (vide "
                    "s'il n'y en a pas)"
                ),
                _decision_actions,
                block=True,
            ),
            Placeholder(
                "suite",
                _("Ce qui se passe ensuite, écrit pour chaque issue"),
                _decision_next_steps,
                block=True,
            ),
            Placeholder(
                "lien",
                _("Lien personnel et sécurisé vers la page de suivi du projet"),
                lookup("link"),
            ),
            *COMPANY_PLACEHOLDERS,
        ),
        starter_subject=_(
            "Décision de la task force sur votre projet « {titre_projet} » — {programme}"
        ),
        starter_body=signed(
            _(
                "Bonjour {prenom},\n"
                "\n"
                "{annonce}\n"
                "\n"
                "Décision : {decision}\n"
                "\n"
                "{conditions}\n"
                "\n"
                "{accompagnement}\n"
                "\n"
                "Et maintenant ?\n"
                "\n"
                "{suite}\n"
                "\n"
                "Suivez votre dossier sur votre page personnelle :\n"
                "{lien}\n"
                "\n"
                "Ce lien est valable {duree_lien} jours et ne demande aucun mot de passe : "
                "ne le transférez pas.\n"
                "\n"
                "{contact_charge_mission}"
            )
        ),
        sample_context=_sample_decision,
    ),
)
