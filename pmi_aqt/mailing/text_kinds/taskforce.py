"""Emails to task-force members: the written consultation, the dossier pack, the review
reminder, the decision."""

from collections.abc import Mapping
from datetime import time, timedelta
from types import SimpleNamespace

from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import OutboundEmail
from ..texts import KindTexts, Placeholder, date_value, lookup
from .common import PROGRAMME, sample_link


def _time_value(key: str):
    def read(context: Mapping) -> str:
        value = context.get(key)
        return defaultfilters.time(value, "H\\hi") if value else ""

    return read


def _practical_lines(context: Mapping) -> str:
    lines = []
    if context.get("session_place"):
        lines.append(gettext("Lieu :") + " " + str(context["session_place"]))
    if context.get("session_video_link"):
        lines.append(gettext("Visioconférence :") + " " + str(context["session_video_link"]))
    return "\n".join(lines)


def _pack_dossiers(context: Mapping) -> str:
    blocks = []
    for number, dossier in enumerate(context.get("dossiers") or [], start=1):
        title = lookup("title")(dossier)
        if getattr(dossier, "conflicted", False):
            blocks.append(
                f"{number}. {title} — "
                + gettext("conflit déclaré : ce dossier ne vous est pas communiqué")
            )
            continue
        head = f"{number}. {title} — {lookup('company')(dossier)}"
        if getattr(dossier, "starts_at", None):
            head += ", " + defaultfilters.time(dossier.starts_at, "H\\hi")
        if getattr(dossier, "presenter", ""):
            head += ", " + gettext("présenté par %(name)s") % {"name": dossier.presenter}
        lines = [
            head,
            "   " + gettext("Lire le dossier :") + " " + lookup("dossier_url")(dossier),
            "   " + gettext("Version PDF :") + " " + lookup("pdf_url")(dossier),
        ]
        if getattr(dossier, "review_url", ""):
            lines.append("   " + gettext("Donner votre avis :") + " " + dossier.review_url)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _review_dossiers(context: Mapping) -> str:
    blocks = []
    for dossier in context.get("dossiers") or []:
        draft = getattr(dossier, "has_draft", False)
        head = f"- {lookup('title')(dossier)} — {lookup('company')(dossier)}"
        if draft:
            head += " (" + gettext("brouillon commencé") + ")"
        action = gettext("Reprendre votre brouillon :") if draft else gettext("Donner votre avis :")
        blocks.append(f"{head}\n  {action} {lookup('review_url')(dossier)}")
    return "\n".join(blocks)


SESSION_PLACEHOLDERS = (
    Placeholder("prenom", _("Prénom du ou de la membre de la task force"), lookup("first_name")),
    Placeholder(
        "date",
        _("Date de la séance, par exemple « mardi 8 décembre 2026 »"),
        date_value("session_date", "l j F Y"),
    ),
    Placeholder(
        "heure",
        _("Heure de début de la séance, par exemple « 14h30 »"),
        _time_value("session_time"),
    ),
    Placeholder(
        "lieu_et_visio",
        _(
            "Les lignes « Lieu : … » et « Visioconférence : … » de la séance, selon ce qui est "
            "renseigné"
        ),
        _practical_lines,
        block=True,
    ),
    Placeholder("lien", _("Adresse de la séance dans le portail"), lookup("session_url")),
    PROGRAMME,
)


def _sample_session() -> dict:
    return {
        "first_name": "Maïa",
        "session_date": timezone.localdate() + timedelta(days=7),
        "session_time": time(14, 30),
        "session_place": "CCI Bordeaux Gironde, salle 2",
        "session_video_link": "https://visio.example/task-force",
        "session_url": sample_link("task-force/seances/1/"),
        "workspace_url": sample_link("task-force/"),
    }


def _sample_pack() -> dict:
    return {
        **_sample_session(),
        "dossiers": [
            SimpleNamespace(
                title="Robotisation de la ligne de découpe",
                conflicted=False,
                company="Forges de l'Adour",
                presenter="Julien Mendiboure",
                starts_at=time(14, 45),
                dossier_url=sample_link("task-force/dossiers/1/"),
                pdf_url=sample_link("task-force/dossiers/1/pdf/"),
                review_url=sample_link("task-force/dossiers/1/avis/"),
            ),
            SimpleNamespace(title="Jumeau numérique de l'atelier", conflicted=True),
        ],
    }


def _sample_review_reminder() -> dict:
    return {
        **_sample_session(),
        "days": 7,
        "dossiers": [
            SimpleNamespace(
                title="Robotisation de la ligne de découpe",
                company="Forges de l'Adour",
                dossier_url=sample_link("task-force/dossiers/1/"),
                review_url=sample_link("task-force/dossiers/1/avis/"),
                has_draft=True,
            )
        ],
    }


def _sample_consultation() -> dict:
    return {
        **_sample_session(),
        "project_title": "Robotisation de la ligne de découpe",
        "company_name": "Forges de l'Adour",
        "closes_on": timezone.localdate() + timedelta(days=10),
        "dossier_url": sample_link("task-force/dossiers/1/"),
        "review_url": sample_link("task-force/dossiers/1/avis/"),
    }


def _member_decision_announcement(context: Mapping) -> str:
    # The session's real date, or the day of a decision taken by written consultation.
    if context.get("written_consultation"):
        return gettext(
            "Consultée par écrit, la task force a rendu le %(date)s sa décision sur le dossier "
            "« %(project_title)s » :"
        ) % {
            "date": date_value("decided_on", "l j F Y")(context),
            "project_title": lookup("project_title")(context),
        }
    return gettext(
        "La task force du %(date)s a rendu sa décision sur le dossier « %(project_title)s » :"
    ) % {
        "date": date_value("session_date", "l j F Y")(context),
        "project_title": lookup("project_title")(context),
    }


def _sample_member_decision() -> dict:
    return {
        **_sample_session(),
        "session_date": timezone.localdate() - timedelta(days=1),
        "project_title": "Robotisation de la ligne de découpe",
        "outcome_label": "Accordé sous conditions",
        "dossier_url": sample_link("task-force/dossiers/1/"),
    }


KINDS = (
    KindTexts(
        kind=OutboundEmail.Kind.TASKFORCE_CONSULTATION,
        placeholders=(
            Placeholder(
                "prenom", _("Prénom du ou de la membre de la task force"), lookup("first_name")
            ),
            Placeholder("titre_projet", _("Titre du projet"), lookup("project_title")),
            Placeholder("entreprise", _("Nom de l'entreprise"), lookup("company_name")),
            Placeholder(
                "cloture",
                _("Dernier jour pour répondre, par exemple « lundi 18 janvier 2027 »"),
                date_value("closes_on", "l j F Y"),
            ),
            Placeholder("lien_avis", _("Adresse où donner son avis"), lookup("review_url")),
            Placeholder("lien", _("Adresse du dossier dans le portail"), lookup("dossier_url")),
            PROGRAMME,
        ),
        starter_subject=_(
            "Consultation écrite sur « {titre_projet} » : votre avis jusqu'au {cloture} — "
            "{programme}"
        ),
        starter_body=_(
            "Bonjour {prenom},\n"
            "\n"
            "La task force décidera du dossier « {titre_projet} » ({entreprise}) par "
            "consultation écrite, sans se réunir. Vous pouvez donner votre avis jusqu'au "
            "{cloture} inclus.\n"
            "\n"
            "La décision sera prise après cette date, ou plus tôt si tous les membres ont "
            "répondu. Votre avis transmis vaut réponse.\n"
            "\n"
            "Donner votre avis :\n"
            "{lien_avis}\n"
            "\n"
            "Lire le dossier :\n"
            "{lien}\n"
            "\n"
            "Si vous avez un conflit d'intérêts sur ce dossier, déclarez-le depuis sa page : "
            "vous n'en verrez plus que le titre.\n"
            "\n"
            "Bien cordialement,\n"
            "L'équipe {programme}\n"
            "\n"
            "--\n"
            "Ce message est envoyé automatiquement : merci de ne pas y répondre."
        ),
        sample_context=_sample_consultation,
    ),
    KindTexts(
        kind=OutboundEmail.Kind.TASKFORCE_PACK,
        placeholders=(
            *SESSION_PLACEHOLDERS,
            Placeholder(
                "dossiers",
                _(
                    "Les dossiers de l'ordre du jour, numérotés, chacun avec son entreprise, "
                    "son horaire, qui le présente et ses liens (dossier, PDF, avis) ; un "
                    "dossier sur lequel la personne a déclaré un conflit n'y figure que par "
                    "son titre"
                ),
                _pack_dossiers,
                block=True,
            ),
            Placeholder(
                "espace",
                _("Adresse de l'espace task force du portail"),
                lookup("workspace_url"),
            ),
        ),
        starter_subject=_("Task force du {date} : l'ordre du jour et les dossiers — {programme}"),
        starter_body=_(
            "Bonjour {prenom},\n"
            "\n"
            "L'ordre du jour de la task force du {date} à {heure} est publié ; vous êtes "
            "convoqué·e à cette séance.\n"
            "{lieu_et_visio}\n"
            "\n"
            "La séance sur le portail :\n"
            "{lien}\n"
            "\n"
            "Les dossiers, dans l'ordre de passage :\n"
            "\n"
            "{dossiers}\n"
            "\n"
            "Merci de donner votre avis sur chaque dossier avant la séance. Si vous avez un "
            "conflit d'intérêts sur l'un d'eux (votre organisation le finance, vous "
            "collaborez avec l'entreprise, un lien personnel...), déclarez-le depuis la page "
            "du dossier : vous n'en verrez plus que le titre.\n"
            "\n"
            "Ces dossiers sont confidentiels : merci de ne pas les diffuser.\n"
            "\n"
            "Bien cordialement,\n"
            "L'équipe {programme}\n"
            "\n"
            "--\n"
            "Ce message est envoyé automatiquement : merci de ne pas y répondre."
        ),
        sample_context=_sample_pack,
    ),
    KindTexts(
        kind=OutboundEmail.Kind.TASKFORCE_REVIEW_REMINDER,
        placeholders=(
            *SESSION_PLACEHOLDERS,
            Placeholder("jours", _("Nombre de jours avant la séance"), lookup("days")),
            Placeholder(
                "dossiers",
                _(
                    "Les dossiers qui attendent encore l'avis de la personne, chacun avec "
                    "son entreprise et le lien pour donner (ou reprendre) son avis"
                ),
                _review_dossiers,
                block=True,
            ),
        ),
        starter_subject=_("Task force du {date} : votre avis est attendu — {programme}"),
        starter_body=_(
            "Bonjour {prenom},\n"
            "\n"
            "La task force se réunit dans {jours} jours, le {date} à {heure}. "
            "Ces dossiers attendent encore votre avis :\n"
            "\n"
            "{dossiers}\n"
            "\n"
            "Un avis reste un brouillon tant que vous ne l'avez pas transmis. Si vous avez "
            "un conflit d'intérêts sur un dossier, déclarez-le depuis sa page : vous ne "
            "recevrez plus de rappel à son sujet.\n"
            "\n"
            "La séance sur le portail :\n"
            "{lien}\n"
            "\n"
            "Bien cordialement,\n"
            "L'équipe {programme}\n"
            "\n"
            "--\n"
            "Ce message est envoyé automatiquement : merci de ne pas y répondre."
        ),
        sample_context=_sample_review_reminder,
    ),
    KindTexts(
        kind=OutboundEmail.Kind.TASKFORCE_DECISION,
        placeholders=(
            Placeholder(
                "prenom",
                _("Prénom du ou de la membre de la task force"),
                lookup("first_name"),
            ),
            Placeholder("titre_projet", _("Titre du projet"), lookup("project_title")),
            Placeholder(
                "decision",
                _("La décision, par exemple « Accordé sous conditions »"),
                lookup("outcome_label"),
            ),
            Placeholder(
                "date",
                _("Date de la séance, par exemple « mardi 8 décembre 2026 »"),
                date_value("session_date", "l j F Y"),
            ),
            Placeholder(
                "annonce",
                _(
                    "La phrase qui dit quand la task force a décidé : « La task force du (date "
                    "de la séance) a rendu sa décision… », ou, après une consultation écrite, "
                    "« Consultée par écrit, la task force a rendu le (date) sa décision… »"
                ),
                _member_decision_announcement,
            ),
            Placeholder(
                "lien",
                _("Adresse du dossier et de sa décision dans le portail"),
                lookup("dossier_url"),
            ),
            PROGRAMME,
        ),
        starter_subject=_(
            "Décision de la task force sur « {titre_projet} » : {decision} — {programme}"
        ),
        starter_body=_(
            "Bonjour {prenom},\n"
            "\n"
            "{annonce}\n"
            "\n"
            "  {decision}\n"
            "\n"
            "Le dossier et la décision sur le portail :\n"
            "{lien}\n"
            "\n"
            "Bien cordialement,\n"
            "L'équipe {programme}\n"
            "\n"
            "--\n"
            "Ce message est envoyé automatiquement : merci de ne pas y répondre."
        ),
        sample_context=_sample_member_decision,
    ),
)
