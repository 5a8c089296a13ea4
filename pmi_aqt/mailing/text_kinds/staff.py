"""Emails to the programme's staff: the intake notification and the officers' digest."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import OutboundEmail
from ..texts import KindTexts, Placeholder, date_value, lookup, person, rendered
from .common import PROGRAMME, sample_link


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


def _sample_officer_digest() -> dict:
    today = timezone.localdate()
    day = timedelta(days=1)

    def line(title, detail, **extra):
        return {"title": title, "detail": detail, "url": sample_link("projets/1/"), **extra}

    return {
        "first_name": "Julien",
        "today": today,
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


KINDS = (
    KindTexts(
        kind=OutboundEmail.Kind.INTAKE_NOTIFICATION,
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
                rendered("emails/intake_notification/body.txt"),
                block=True,
            ),
            PROGRAMME,
        ),
        starter_subject=_("Nouvelle demande : {titre_projet} ({entreprise})"),
        starter_body=_("{details}"),
        sample_context=_sample_intake_notification,
    ),
    KindTexts(
        kind=OutboundEmail.Kind.OFFICER_DIGEST,
        placeholders=(
            Placeholder(
                "prenom", _("Prénom du ou de la chargé·e de mission"), lookup("first_name")
            ),
            Placeholder(
                "date",
                _("Le jour de la synthèse, par exemple « lundi 3 mars »"),
                date_value("today", "l j F"),
            ),
            Placeholder(
                "details",
                _(
                    "Les listes du jour : prochaines étapes en retard, dossiers qui "
                    "n'avancent plus, actions d'accompagnement qui se terminent, suivis à "
                    "faire — chaque ligne avec son lien ; seules les listes non vides "
                    "apparaissent"
                ),
                rendered("emails/custom/officer_digest_details.txt"),
                block=True,
            ),
            Placeholder(
                "lien", _("Adresse du portefeuille dans le portail"), lookup("portfolio_url")
            ),
            PROGRAMME,
        ),
        starter_subject=_("Votre synthèse du {date} — {programme}"),
        starter_body=_(
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
    ),
)
