"""The emails the task force sends, as it registers them with mailing (see
pmi_aqt/mailing/kinds.py): to its members (the dossier pack, the review reminder, the written
consultation, the decision) and to the company (the decision on its project).

For each: its label, whether a person may refuse it, its placeholders, its one default wording
— which the programme manager may rewrite — and sample values for the manager's preview.
Structured parts (the dossiers of a pack, the sentences that depend on the outcome) are
placeholders whose value our own code writes. Registered from TaskforceConfig.ready().
"""

from collections.abc import Mapping
from datetime import time, timedelta
from types import SimpleNamespace

from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from pmi_aqt.mailing.kinds import EmailKind
from pmi_aqt.mailing.texts import PROGRAMME, Placeholder, date_value, lookup
from projects.email_kinds import COMPANY_PLACEHOLDERS, company_sample, sample_link, signed
from projects.models.project import DecisionOutcome


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


def _when(context: Mapping) -> str:
    days = context.get("days")
    if days is None:
        return ""
    # As the plural rule of the language has it: "demain" for one day.
    return ngettext("demain", "dans %(days)s jours", days) % {"days": days}


def _waiting(context: Mapping) -> str:
    count = len(context.get("dossiers") or [])
    return ngettext(
        "un dossier attend votre avis", "%(count)s dossiers attendent votre avis", count
    ) % {"count": count}


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


TASKFORCE_PACK = EmailKind(
    code="taskforce_pack",
    label=_("Dossiers de séance (task force)"),
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
    subject=_("Task force du {date} : l'ordre du jour et les dossiers — {programme}"),
    body=_(
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
)


TASKFORCE_SESSION_UPDATE = EmailKind(
    code="taskforce_session_update",
    label=_("Séance modifiée : nouvelle date, heure ou lieu (task force)"),
    placeholders=SESSION_PLACEHOLDERS,
    subject=_("Task force : la séance a changé, rendez-vous le {date} à {heure} — {programme}"),
    body=_(
        "Bonjour {prenom},\n"
        "\n"
        "La séance de la task force à laquelle vous êtes convoqué·e a changé. Elle a "
        "désormais lieu le {date} à {heure}.\n"
        "{lieu_et_visio}\n"
        "\n"
        "L'invitation jointe met à jour l'événement dans votre agenda.\n"
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
    sample_context=_sample_session,
)


def _cancellation_sentence(context: Mapping) -> str:
    params = {
        "date": date_value("session_date", "l j F Y")(context),
        "time": _time_value("session_time")(context),
    }
    if context.get("session_cancelled"):
        return gettext("La séance de la task force du %(date)s à %(time)s est annulée.") % params
    return (
        gettext("Vous n'êtes plus convoqué·e à la séance de la task force du %(date)s à %(time)s.")
        % params
    )


TASKFORCE_SESSION_CANCELLED = EmailKind(
    code="taskforce_session_cancelled",
    label=_("Séance annulée, ou membre plus convoqué·e (task force)"),
    placeholders=(
        *SESSION_PLACEHOLDERS,
        Placeholder(
            "annonce",
            _(
                "La phrase qui annonce l'annulation : « La séance … est annulée. », ou, pour "
                "un membre retiré de la séance, « Vous n'êtes plus convoqué·e … »"
            ),
            _cancellation_sentence,
        ),
    ),
    subject=_("Task force du {date} : annulation — {programme}"),
    body=_(
        "Bonjour {prenom},\n"
        "\n"
        "{annonce}\n"
        "\n"
        "L'annulation jointe retire l'événement de votre agenda.\n"
        "\n"
        "Bien cordialement,\n"
        "L'équipe {programme}\n"
        "\n"
        "--\n"
        "Ce message est envoyé automatiquement : merci de ne pas y répondre."
    ),
    sample_context=lambda: {**_sample_session(), "session_cancelled": True},
)


TASKFORCE_REVIEW_REMINDER = EmailKind(
    code="taskforce_review_reminder",
    label=_("Rappel : avis attendus (task force)"),
    essential=False,
    placeholders=(
        *SESSION_PLACEHOLDERS,
        Placeholder("jours", _("Nombre de jours avant la séance"), lookup("days")),
        Placeholder(
            "quand",
            _("Quand la séance a lieu : « demain », ou « dans 7 jours » par exemple"),
            _when,
        ),
        Placeholder(
            "date_courte",
            _("Date de la séance sans le jour ni l'année, par exemple « 8 décembre »"),
            date_value("session_date", "j F"),
        ),
        Placeholder(
            "en_attente",
            _(
                "Combien de dossiers attendent l'avis de la personne, par exemple « un dossier "
                "attend votre avis » ou « 3 dossiers attendent votre avis »"
            ),
            _waiting,
        ),
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
    subject=_("Task force du {date_courte} : {en_attente} — {programme}"),
    body=_(
        "Bonjour {prenom},\n"
        "\n"
        "La task force se réunit {quand}, le {date} à {heure}. "
        "Les dossiers qui attendent encore votre avis :\n"
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
)


TASKFORCE_CONSULTATION = EmailKind(
    code="taskforce_consultation",
    label=_("Consultation écrite ouverte (task force)"),
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
    subject=_(
        "Consultation écrite sur « {titre_projet} » : votre avis jusqu'au {cloture} — {programme}"
    ),
    body=_(
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
)


TASKFORCE_DECISION = EmailKind(
    code="taskforce_decision",
    label=_("Décision transmise aux membres"),
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
    subject=_("Décision de la task force sur « {titre_projet} » : {decision} — {programme}"),
    body=_(
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
)


# --- The decision, told to the company: its sentences depend on the outcome.


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
    if outcome == DecisionOutcome.APPROVED:
        text = gettext(
            "Bonne nouvelle : réunie le %(date)s, la task force du programme a décidé "
            "d'accompagner votre projet « %(project_title)s »."
        )
    elif outcome == DecisionOutcome.APPROVED_WITH_CONDITIONS:
        text = gettext(
            "Réunie le %(date)s, la task force du programme a décidé d'accompagner votre projet "
            "« %(project_title)s », sous certaines conditions."
        )
    elif outcome == DecisionOutcome.DEFERRED:
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
    if outcome == DecisionOutcome.APPROVED:
        text = gettext(
            "Bonne nouvelle : consultée par écrit, la task force du programme a décidé le "
            "%(date)s d'accompagner votre projet « %(project_title)s »."
        )
    elif outcome == DecisionOutcome.APPROVED_WITH_CONDITIONS:
        text = gettext(
            "Consultée par écrit, la task force du programme a décidé le %(date)s "
            "d'accompagner votre projet « %(project_title)s », sous certaines conditions."
        )
    elif outcome == DecisionOutcome.DEFERRED:
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
    if context.get("outcome") == DecisionOutcome.DEFERRED:
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
        "outcome": DecisionOutcome.APPROVED_WITH_CONDITIONS,
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


DECISION = EmailKind(
    code="decision",
    label=_("Décision de la task force (entreprise)"),
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
    subject=_("Décision de la task force sur votre projet « {titre_projet} » — {programme}"),
    body=signed(
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
)


KINDS = (
    TASKFORCE_PACK,
    TASKFORCE_SESSION_UPDATE,
    TASKFORCE_SESSION_CANCELLED,
    TASKFORCE_REVIEW_REMINDER,
    TASKFORCE_CONSULTATION,
    TASKFORCE_DECISION,
    DECISION,
)
