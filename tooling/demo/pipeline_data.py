"""The tables behind the demo projects' follow-through: which directory schemes back the
financing lines and the support actions, the documents asked of the companies, and the
officers' internal notes. Texts are in French, as the programme writes them.
"""

from tooling.demo import directory_data as directory
from tooling.demo.project_data import FINANCING_SOURCES

# --- Financing: the free-text sources of project_data.FINANCING_SOURCES, linked to the first of
# these schemes that fits the project (one of its axes, the company's size and territory),
# under the label given. A source with no fitting scheme stays free text.
REGION_LABEL, BPI_LABEL = FINANCING_SOURCES[0][0], FINANCING_SOURCES[1][0]
FINANCING_SCHEMES = {
    REGION_LABEL: [
        (directory.REGION, "Aide à l'innovation", REGION_LABEL),
        (directory.REGION, "Aide au conseil", "Région Nouvelle-Aquitaine — aide au conseil"),
    ],
    BPI_LABEL: [
        (directory.BPI, "Aide pour projet d'innovation", BPI_LABEL),
        (directory.BPI, "Prêt d'amorçage", "Bpifrance — prêt d'amorçage"),
    ],
}
# A financing line's status, as the status of the resource its scheme becomes.
RESOURCE_STATUS_OF_LINE = {
    "planned": "contacted",
    "requested": "engaged",
    "granted": "obtained",
    "refused": "declined",
}

# --- Support actions (kinds of project_data.SUPPORT_ACTIONS): the schemes that can deliver each
# kind, best suggestion first; the scheme becomes a resource and its organisation the provider.
ACTION_SCHEMES = {
    "expertise": [
        (directory.CETIM, "Expertise procédés de fabrication"),
        (directory.CETIM, "Diagnostic performance énergétique"),
        (directory.CATIE, "Diagnostic numérique et IA"),
        (directory.COMPOSITADOUR, "Essais et démonstrateurs composites"),
    ],
    "training": [
        (directory.CETIM, "Formation lean manufacturing"),
        (directory.UIMM, "Formation management de projet d'innovation"),
        (directory.UIMM, "Formation des tuteurs et maîtres d'apprentissage"),
    ],
    "intern": [
        (directory.ENSAM, "Stage ingénieur 6 mois"),
        (directory.ESTIA, "Stage ingénieur 6 mois"),
    ],
    "work_study": [
        (directory.ENSAM, "Alternance ingénieur"),
        (directory.ESTIA, "Alternance ingénieur"),
    ],
    "phd": [
        (directory.I2M, "Contrat CIFRE"),
        (directory.IMS, "Contrat CIFRE"),
    ],
}
# Who delivers an action when no scheme of the project backs it: by kind, and for the kinds
# that depend on where the company is, south (Landes, Lot-et-Garonne, Pyrénées-Atlantiques)
# or north.
ACTION_PROVIDERS = {
    "individual": (directory.UIMM, directory.UIMM),
    "collaborative": (directory.ADI, directory.ADI),
    "training": (directory.UIMM, directory.UIMM),
    "expertise": (directory.CETIM, directory.COMPOSITADOUR),
    "intern": (directory.ENSAM, directory.ESTIA),
    "work_study": (directory.ENSAM, directory.ESTIA),
    "phd": (directory.I2M, directory.IPREM),
}
SOUTH_DEPARTMENTS = {"40", "47", "64"}

# --- Resources retained from the suggestions: how many, and their status by the project's
# stage (drawn in turn).
RESOURCES_BY_STAGE = {
    "qualified": (1, 1),
    "diagnosis": (1, 2),
    "dossier_ready": (2, 3),
    "on_agenda": (2, 3),
    "decided": (1, 3),
    "in_support": (1, 2),
    "completed": (1, 2),
    "abandoned": (1, 2),
}
RESOURCE_STATUSES = {
    "qualified": ["suggested"],
    "diagnosis": ["contacted", "suggested"],
    "dossier_ready": ["engaged", "contacted"],
    "on_agenda": ["engaged", "contacted", "engaged"],
    "decided": ["engaged", "engaged", "contacted"],
    "in_support": ["obtained", "engaged"],
    "completed": ["obtained", "obtained", "declined"],
    "abandoned": ["contacted", "declined"],
}
# Deferred projects wait: their partners are only contacted.
DEFERRED_RESOURCE_STATUS = "contacted"
RESOURCE_NOTES = {
    "suggested": [
        "Piste repérée lors de l'échange de qualification ; à présenter à la direction.",
        "Proposé par le portail ; pertinent au vu des besoins. À confirmer avec l'entreprise.",
    ],
    "contacted": [
        "Premier contact pris avec {organisation} ; rendez-vous à caler avec l'entreprise.",
        "Dossier de présentation transmis à {organisation}, qui doit revenir vers nous.",
    ],
    "engaged": [
        "{organisation} a confirmé son intervention ; convention en préparation.",
        "Accord de principe de {organisation} ; instruction en cours.",
    ],
    "obtained": [
        "Obtenu : mise en œuvre suivie dans le plan d'accompagnement.",
        "Accord signé avec {organisation}.",
    ],
    "declined": [
        "{organisation} ne peut pas intervenir sur ce projet (hors de son périmètre).",
        "Piste abandonnée d'un commun accord avec l'entreprise.",
    ],
}

# --- Documents asked of the company: (stage during which it is asked, kind, label, days
# given, condition). Condition: None, "marketing" (projects on the marketing axis) or
# "conditions" (approved with conditions). A document is received before the project leaves
# the stage in which it was asked.
# fmt: off
DOCUMENT_REQUESTS = [
    ("diagnosis", "quote", "Devis du fournisseur ou du prestataire principal", 30, None),
    ("diagnosis", "financial_statement", "Liasses fiscales des trois derniers exercices", 21, None),
    ("diagnosis", "business_plan", "Plan d'affaires à trois ans sur le nouveau marché", 45,
     "marketing"),
    ("dossier_ready", "presentation", "Présentation du projet pour la task force", 14, None),
    ("decided", "other", "Accord de la banque sur le prêt complémentaire", 30, "conditions"),
    ("in_support", "signed_agreement", "Convention d'accompagnement signée", 21, None),
]
# fmt: on

# --- Internal notes, by the stage during which they were written: (author, text). Authors:
# "officer" (the project's officer), "finance" (the finance officer), "manager". Placeholders:
# {contact} (the head of the company), {activity}.
# fmt: off
PROJECT_NOTES = {
    "intake": [
        ("officer", "Demande arrivée par le formulaire en ligne. {contact} est joignable en fin "
         "de journée ; premier appel à caler cette semaine."),
        ("officer", "Projet cohérent avec l'activité ({activity}) mais encore flou sur le "
         "budget. À qualifier lors du premier échange."),
        ("manager", "Entreprise déjà rencontrée sur un salon. Vérifier l'éligibilité (effectif, "
         "établissement en Aquitaine) avant de qualifier."),
        ("officer", "{contact} a rempli la demande après la réunion d'information de l'UIMM. "
         "Appel de qualification prévu la semaine prochaine."),
    ],
    "qualified": [
        ("officer", "Échange d'une heure avec {contact} : la direction porte le projet et le "
         "calendrier est réaliste. Visite de diagnostic à organiser avec la production."),
        ("officer", "Éligible au programme. L'entreprise sort d'une année difficile : prévoir "
         "un regard de l'ingénierie financière dès le diagnostic."),
        ("officer", "Dispositifs pressentis envoyés à {contact} pour avis avant la visite."),
        ("manager", "Qualification relue : bien distinguer l'investissement courant de ce qui "
         "relève de l'innovation dans le futur dossier."),
    ],
    "diagnosis": [
        ("officer", "Visite faite avec {contact}. Le besoin principal est clair ; les besoins "
         "secondaires restent à prioriser avec l'encadrement."),
        ("officer", "Compétences solides sur le cœur de métier ({activity}), mais personne pour "
         "piloter le projet. Proposer un stage ou une alternance ingénieur."),
        ("finance", "Premiers éléments financiers reçus : trésorerie correcte, endettement "
         "raisonnable. Une avance remboursable est envisageable en complément de la subvention."),
        ("officer", "Deuxième visite avec l'encadrement : les opérateurs sont partants, mais la "
         "charge actuelle laisse peu de temps au projet."),
        ("finance", "Deux devis sur trois reçus. Point avec {contact} à prévoir pour bâtir le "
         "plan de financement."),
    ],
    "dossier_ready": [
        ("officer", "Dossier complet et relu. À défendre en task force : l'effet sur l'emploi "
         "local et la montée en compétences des équipes."),
        ("finance", "Plan de financement bouclé ; la part d'autofinancement est cohérente avec "
         "les fonds propres. Lettre d'intention de la banque reçue."),
        ("finance", "Devis principal renégocié par {contact} : budget et plan de financement "
         "mis à jour."),
        ("manager", "Dossier solide ; à présenter à la prochaine task force si le calendrier le "
         "permet."),
    ],
    "on_agenda": [
        ("manager", "Inscrit à la prochaine task force. Dix minutes de présentation ; le "
         "dirigeant sera présent pour les questions."),
        ("officer", "Fiche de synthèse envoyée aux membres. {contact} a confirmé sa présence à "
         "la séance."),
        ("finance", "Plan de financement vérifié avant la séance ; pas de réserve de la banque."),
    ],
    "decided": [
        ("manager", "Décision annoncée à {contact} par téléphone avant le courrier officiel."),
        ("officer", "Retour de la task force transmis à {contact}, qui en a compris les "
         "attendus. Prochain point dans un mois."),
        ("finance", "Décision reportée dans le tableau de suivi des financements."),
    ],
    "in_support": [
        ("officer", "Lancement avec {contact} et les partenaires : calendrier des actions "
         "validé, comité de pilotage chaque trimestre."),
        ("officer", "Premier comité de pilotage : les actions démarrent comme prévu et l'équipe "
         "est mobilisée."),
        ("finance", "Premier versement de la subvention régionale reçu ; le solde suivra le "
         "rapport de fin de programme."),
        ("officer", "Point d'étape sur site avec {contact} : premiers gains mesurés ; l'équipe "
         "demande une session de travail supplémentaire."),
    ],
    "completed": [
        ("officer", "Bilan de fin d'accompagnement avec {contact} : objectifs atteints, un "
         "second projet est à l'étude."),
        ("manager", "Bon exemple pour le rapport d'activité annuel : innovation menée de bout en "
         "bout par une PMI."),
    ],
    "abandoned": [
        ("officer", "{contact} a annoncé la suspension du projet. Garder le contact : à relancer "
         "dans un an."),
        ("manager", "Abandon acté ; les partenaires contactés ont été prévenus."),
    ],
}
# fmt: on
# The chance that a project has a note from a stage it went through, and from its current one.
PAST_STAGE_NOTE_CHANCE = 0.35
CURRENT_STAGE_NOTE_CHANCE = 0.65
