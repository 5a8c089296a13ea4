"""The projects of `manage.py load_demo`'s current pipeline and how far each one went: its
stage, the moves that led there and what they required (needs, financing, support actions,
follow-ups). The programme's earlier years are drawn from history_data.py.

Every project here is invented; tooling/demo/plan.py deals the stages out and dates the moves.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoProject:
    company: str  # a DemoCompany slug
    title: str
    description: str
    axes: tuple[str, ...]  # primary axis first


PROJECTS = [
    DemoProject(
        "ateliers-isle",
        "Pilotage de l'atelier par les données machines",
        "Relier les 14 centres d'usinage au système d'information pour suivre le taux de rendement "
        "synthétique en temps réel, réduire les arrêts non planifiés et mieux chiffrer les devis. "
        "L'entreprise n'a pas de compétence interne en données et cherche un accompagnement.",
        ("digital", "management"),
    ),
    DemoProject(
        "bergerac-composites",
        "Pièces composites thermoplastiques recyclables pour le ferroviaire",
        "Remplacer les résines thermodurcissables par des thermoplastiques recyclables pour les "
        "habillages intérieurs de voitures, à la demande d'un constructeur. Besoin d'essais de "
        "mise en forme avec un laboratoire et d'une étude de marché sur les autres débouchés.",
        ("crossover", "process", "marketing"),
    ),
    DemoProject(
        "menuiseries-lagrange",
        "Configurateur en ligne de fenêtres bois sur mesure",
        "Permettre aux artisans poseurs de configurer et chiffrer eux-mêmes leurs menuiseries, "
        "avec transmission directe des cotes à l'atelier. Objectif : diviser par deux le temps de "
        "traitement des devis et gagner des clients hors du Périgord.",
        ("digital", "marketing"),
    ),
    DemoProject(
        "faurel-decolletage",
        "Décolletage de pièces médicales en titane",
        "Diversifier l'activité, aujourd'hui dépendante de l'automobile, vers les implants et "
        "instruments chirurgicaux. Il faut qualifier l'usinage du titane, préparer la "
        "certification ISO 13485 et approcher les fabricants de dispositifs médicaux.",
        ("marketing", "process", "crossover"),
    ),
    DemoProject(
        "sarlat-inox",
        "Ligne de cassage et tri optique des cerneaux de noix",
        "Concevoir une ligne compacte pour les nuciculteurs et coopératives du Périgord : cassage "
        "réglable selon le calibre et tri des cerneaux par caméra. Un prototype existe ; il reste "
        "à industrialiser la vision et à trouver les premiers clients pilotes.",
        ("crossover", "digital"),
    ),
    DemoProject(
        "chaudronnerie-vezere",
        "Transmission des savoir-faire en soudage et intégration des apprentis",
        "Cinq soudeurs qualifiés partent à la retraite d'ici trois ans. L'entreprise veut "
        "formaliser leurs gestes, organiser le tutorat et accueillir des apprentis chaque année.",
        ("social", "management"),
    ),
    DemoProject(
        "plasturgie-saint-astier",
        "Réduction de la consommation énergétique des presses à injecter",
        "Mesurer la consommation de chaque presse, remplacer les presses hydrauliques les plus "
        "anciennes par des presses électriques et récupérer la chaleur des groupes froids. La "
        "facture d'électricité a doublé en deux ans.",
        ("process", "management"),
    ),
    DemoProject(
        "aero-usinage-jalles",
        "Passage à l'ERP et traçabilité des lots",
        "Remplacer la gestion de production sur tableur par un ERP, avec la traçabilité matière "
        "lot par lot exigée par les donneurs d'ordre aéronautiques. Besoin d'aide pour rédiger le "
        "cahier des charges et choisir l'intégrateur.",
        ("digital", "management"),
    ),
    DemoProject(
        "aero-usinage-jalles",
        "Usinage grande vitesse des alliages de titane",
        "Qualifier de nouvelles stratégies d'usinage et de lubrification cryogénique pour réduire "
        "de 30 % le temps de cycle des pièces en titane, en partenariat avec un laboratoire.",
        ("process", "crossover"),
    ),
    DemoProject(
        "haillan-precision",
        "Contrôle tridimensionnel automatisé en bout de ligne",
        "Automatiser le contrôle dimensionnel par une machine à mesurer tridimensionnelle "
        "alimentée par robot, avec remontée des mesures dans le dossier de chaque pièce.",
        ("process", "digital"),
    ),
    DemoProject(
        "medoc-composites",
        "Réparation de pales d'éoliennes en composite",
        "Adapter le savoir-faire nautique à la réparation sur site des pales d'éoliennes, marché "
        "en forte croissance. À étudier : les procédés de réparation, la certification et l'offre "
        "commerciale auprès des exploitants.",
        ("crossover", "marketing"),
    ),
    DemoProject(
        "libourne-vinicole",
        "Cuve de vinification connectée à pilotage thermique",
        "Développer une cuve équipée de capteurs de température et de densité, pilotable à "
        "distance, pour les châteaux du Libournais. Partenariat envisagé avec l'ISVV pour les "
        "essais pendant les vendanges.",
        ("crossover", "digital"),
    ),
    DemoProject(
        "libourne-vinicole",
        "Structurer la prospection export vers les vignobles d'Amérique du Sud",
        "Les premiers contacts au Chili et en Argentine sont prometteurs. L'entreprise veut une "
        "étude de marché, un plan d'action commercial et un volontaire international en "
        "entreprise.",
        ("marketing", "management"),
    ),
    DemoProject(
        "garonne-traitements",
        "Substitution du chrome hexavalent dans les traitements anticorrosion",
        "Le règlement REACH impose de remplacer le chrome hexavalent. Il faut tester des procédés "
        "de substitution avec les clients aéronautiques et adapter la ligne de traitement.",
        ("process", "crossover"),
    ),
    DemoProject(
        "chantier-boien",
        "Pinasse à propulsion électrique",
        "Concevoir une pinasse traditionnelle du Bassin à propulsion électrique pour les "
        "ostréiculteurs et les loueurs de bateaux, avec une coque allégée en composite biosourcé.",
        ("crossover", "marketing"),
    ),
    DemoProject(
        "optronique-pessac",
        "Capteur laser de mesure de rugosité en ligne",
        "Industrialiser un capteur issu d'un laboratoire bordelais qui mesure la rugosité des "
        "surfaces usinées sans contact, directement sur machine.",
        ("crossover", "process"),
    ),
    DemoProject(
        "forge-lormont",
        "Récupération de chaleur des fours de forge",
        "Récupérer la chaleur des fumées des fours de réchauffage pour préchauffer les lopins et "
        "chauffer les ateliers ; réduire de 20 % la consommation de gaz.",
        ("process", "management"),
    ),
    DemoProject(
        "outillages-martignas",
        "Fabrication additive métal pour les inserts de moules",
        "Produire par fusion laser des inserts de moules à refroidissement conforme, pour réduire "
        "les temps de cycle des clients plasturgistes. Sous-traiter d'abord, puis s'équiper.",
        ("process", "crossover"),
    ),
    DemoProject(
        "sud-gironde-agro",
        "Désherbage mécanique guidé par caméra pour la vigne",
        "Ajouter un guidage par caméra aux outils interceps pour travailler au plus près des ceps "
        "sans les blesser, alternative aux herbicides recherchée par les viticulteurs.",
        ("crossover", "digital", "marketing"),
    ),
    DemoProject(
        "scierie-lartigau",
        "Optimisation du sciage par scanner de grumes",
        "Installer un scanner de grumes et un logiciel d'optimisation du débit pour augmenter le "
        "rendement matière du pin maritime et valoriser les connexes.",
        ("process", "digital"),
    ),
    DemoProject(
        "pinea-panneaux",
        "Panneaux sans formaldéhyde à liant biosourcé",
        "Mettre au point avec un laboratoire un liant issu de la lignine pour des panneaux sans "
        "formaldéhyde, et positionner la gamme auprès des fabricants de meubles.",
        ("crossover", "marketing"),
    ),
    DemoProject(
        "adour-mecanique",
        "Cellule d'usinage 5 axes pour pièces de turbomachines",
        "Investir dans une cellule 5 axes automatisée pour répondre aux nouveaux appels d'offres "
        "d'un motoriste, avec l'organisation en équipes de nuit qu'elle suppose.",
        ("process", "management"),
    ),
    DemoProject(
        "adour-mecanique",
        "Accueil et fidélisation des jeunes techniciens",
        "Le turn-over des moins de 30 ans dépasse 25 %. L'entreprise veut revoir l'intégration, "
        "les parcours de compétences et l'organisation des horaires.",
        ("social",),
    ),
    DemoProject(
        "dax-inox",
        "Nettoyage en place économe en eau pour les conserveries",
        "Concevoir un système de nettoyage en place qui recycle les solutions de lavage et réduit "
        "de moitié la consommation d'eau des lignes de conserverie.",
        ("process", "marketing"),
    ),
    DemoProject(
        "metallerie-marsanaise",
        "Chiffrage et suivi de chantier sur tablette",
        "Équiper les chefs d'équipe de tablettes pour les relevés, les photos et les heures, "
        "reliées au logiciel de chiffrage, afin de connaître la marge réelle de chaque chantier.",
        ("digital", "management"),
    ),
    DemoProject(
        "chalosse-avicole",
        "Bâtiment d'élevage connecté : capteurs d'ambiance et alertes",
        "Proposer aux éleveurs un boîtier qui suit température, humidité et ammoniac dans les "
        "bâtiments et alerte sur téléphone, vendu avec les équipements de ventilation.",
        ("digital", "crossover", "marketing"),
    ),
    DemoProject(
        "sieges-chalosse",
        "Nouvelle gamme de sièges en bois local éco-conçus",
        "Créer avec un designer une gamme en chêne et pin des Landes, éco-conçue et démontable, "
        "pour les marchés de l'hôtellerie et des collectivités.",
        ("marketing", "crossover"),
    ),
    DemoProject(
        "agenaise-machinisme",
        "Télémaintenance des pulvérisateurs vendus",
        "Équiper les pulvérisateurs d'un boîtier de télémétrie pour proposer un contrat de "
        "maintenance préventive et suivre les doses appliquées.",
        ("digital", "marketing"),
    ),
    DemoProject(
        "villeneuvoise-plasturgie",
        "Intégration de matière recyclée dans les pièces injectées",
        "Atteindre 30 % de matière recyclée dans les pièces d'électroménager sans dégrader leur "
        "tenue mécanique : essais matière, réglages et argumentaire pour les clients.",
        ("process", "marketing"),
    ),
    DemoProject(
        "marmandaise-tri",
        "Tri des tomates par vision hyperspectrale",
        "Détecter les défauts internes des fruits par imagerie hyperspectrale, en partenariat avec "
        "un laboratoire, pour une nouvelle génération de trieuses.",
        ("crossover", "digital"),
    ),
    DemoProject(
        "marmandaise-tri",
        "Organisation en îlots autonomes au montage",
        "Passer d'une chaîne de montage à des îlots autonomes pour réduire les délais et donner "
        "plus d'autonomie aux équipes ; formation des chefs d'îlot.",
        ("social", "process"),
    ),
    DemoProject(
        "fonderie-lemance",
        "Robotisation de l'ébavurage",
        "Robotiser l'ébavurage et le meulage des pièces de fonte, poste pénible qui concentre les "
        "troubles musculo-squelettiques et limite la capacité de l'atelier.",
        ("process", "social"),
    ),
    DemoProject(
        "tonneins-emballages",
        "Barquettes compostables pour la filière fruits et légumes",
        "Développer des barquettes thermoformées en matériau compostable pour les producteurs de "
        "fraises et de tomates du Lot-et-Garonne, avant l'interdiction des emballages plastiques.",
        ("crossover", "marketing"),
    ),
    DemoProject(
        "estillac-aero",
        "Documentation de maintenance en réalité augmentée",
        "Guider les techniciens par des instructions en réalité augmentée sur les opérations de "
        "révision rares, pour réduire les erreurs et former plus vite les nouveaux.",
        ("digital", "social"),
    ),
    DemoProject(
        "etuves-lot",
        "Séchoir à pruneaux par pompe à chaleur",
        "Remplacer le chauffage au gaz des tunnels de séchage par des pompes à chaleur avec "
        "récupération d'énergie, et proposer cette offre aux producteurs de pruneaux d'Agen.",
        ("process", "crossover", "marketing"),
    ),
    DemoProject(
        "bearn-usinage-aero",
        "Jumeau numérique de la ligne d'usinage",
        "Simuler la ligne pour tester les plannings et les investissements avant de les engager, "
        "avec l'appui d'une école d'ingénieurs et d'un doctorant CIFRE.",
        ("digital", "process"),
    ),
    DemoProject(
        "mecanique-gave",
        "Certification EN 9100 et pilotage par indicateurs",
        "Obtenir la certification EN 9100 pour entrer au panel des équipementiers aéronautiques, "
        "et installer un pilotage par indicateurs partagé avec les équipes.",
        ("management", "process"),
    ),
    DemoProject(
        "technocomposites-basque",
        "Drapage automatisé de préimprégnés",
        "Automatiser le drapage des plis de préimprégné pour gagner en répétabilité et en temps, "
        "avec un pilote industriel mené avec le centre technique du territoire.",
        ("process", "digital"),
    ),
    DemoProject(
        "chaudronnerie-mourenx",
        "Offre de maintenance prédictive des équipements sous pression",
        "Proposer aux sites industriels du bassin de Lacq un service de surveillance des "
        "équipements livrés (capteurs, analyse, interventions planifiées).",
        ("marketing", "digital", "crossover"),
    ),
    DemoProject(
        "oloron-textiles",
        "Textiles chauffants pour équipements de montagne",
        "Tisser des fils conducteurs pour des gants et vêtements chauffants, en partenariat avec "
        "une marque d'équipements de montagne et un laboratoire d'électronique souple.",
        ("crossover", "marketing"),
    ),
    DemoProject(
        "electronique-bearn",
        "Convertisseurs pour bornes de recharge de bateaux électriques",
        "Adapter les convertisseurs de puissance de l'entreprise aux bornes de recharge des ports "
        "de plaisance, marché naissant sur la côte atlantique.",
        ("crossover", "marketing"),
    ),
    DemoProject(
        "idron-robotique",
        "Cobot de palettisation proposé en location",
        "Rendre la robotisation accessible aux petites entreprises : un cobot de palettisation "
        "standard, loué au mois avec la maintenance.",
        ("marketing", "management"),
    ),
]

# How far along the projects are (as many entries as PROJECTS); plan.py deals them out.
STAGE_PLAN = (
    ["intake"] * 10
    + ["qualified"] * 9
    + ["diagnosis"] * 8
    + ["dossier_ready"] * 4
    + ["on_agenda"] * 3
    + ["decided"] * 3
    + ["in_support"] * 3
    + ["completed"]
    + ["abandoned"]
)

# How many days before the reference date a project short of a decision was received (min,
# max): the further along, the older.
STAGE_AGE_DAYS = {
    "intake": (2, 60),
    "qualified": (15, 150),
    "diagnosis": (40, 300),
    "dossier_ready": (90, 380),
    "on_agenda": (110, 420),
    "abandoned": (200, 620),
}
# The stages past the task force, those waiting to start first: their projects were decided at
# the sessions the portal keeps (tooling/demo/plan.py dates them from there).
DECIDED_STAGES = ("decided", "in_support", "completed")

# How long each stage lasts before the next move, relatively: support runs for months.
STAGE_DURATION_WEIGHTS = {
    "qualified": 1.0,
    "diagnosis": 1.0,
    "dossier_ready": 1.5,
    "on_agenda": 1.0,
    "decided": 0.7,
    "in_support": 1.0,
    "completed": 5.0,
    "abandoned": 1.0,
}

# The normal path through the pipeline; an abandoned project left it at ABANDONED_FROM.
PIPELINE = [
    "intake",
    "qualified",
    "diagnosis",
    "dossier_ready",
    "on_agenda",
    "decided",
    "in_support",
    "completed",
]
ABANDONED_FROM = "dossier_ready"
ABANDON_REASON = (
    "L'entreprise suspend le projet : perte de son principal client et investissements gelés "
    "pour l'année. À recontacter dans douze mois."
)
# Moves made by the task force (agenda, decision): recorded under the programme manager.
TASKFORCE_MOVES = {"on_agenda", "decided"}
MOVE_COMMENTS = {
    "qualified": "Demande recevable : PMI industrielle d'Aquitaine, projet d'innovation porté "
    "par la direction.",
    "diagnosis": "Visite de diagnostic planifiée avec la direction et l'encadrement.",
    "dossier_ready": "Besoins, budget et plan de financement complets ; dossier relu.",
    "on_agenda": "Inscrit à l'ordre du jour de la prochaine task force.",
    "decided": "Décision de la task force : {outcome}.",
    "in_support": "Plan d'accompagnement validé avec l'entreprise, premières actions lancées.",
    "completed": "Toutes les actions sont terminées ; bilan fait avec la direction.",
}
# The outcome of the three projects decided at the latest sessions, in turn (the deferred one
# is back in preparation since); later stages were approved.
DECIDED_OUTCOMES = ["approved_conditions", "deferred", "approved"]
# What the task force asks of a deferred dossier before it comes back (two of them, one a line).
DEFERRAL_REQUESTS = [
    "Joindre les devis détaillés des équipements et des prestations.",
    "Faire valider l'offre par deux ou trois clients pilotes.",
    "Confirmer la réponse de la Région et la part d'autofinancement.",
    "Nommer un chef de projet interne et préciser le temps qu'il y consacre.",
]
# The officer's moves of a deferred dossier prepared again and put back on an agenda.
PRESENTED_AGAIN_COMMENTS = {
    "dossier_ready": "Demandes de la task force traitées avec l'entreprise ; dossier complété et "
    "relu.",
    "on_agenda": "Présenté de nouveau à la task force, avec les réponses à ses demandes.",
}

# Needs found in the diagnosis, by axis.
NEEDS = {
    "management": [
        "Nommer un chef de projet et structurer le pilotage",
        "Mettre en place des indicateurs de suivi partagés",
    ],
    "social": [
        "Former les équipes et organiser le tutorat",
        "Accompagner le changement d'organisation avec les salariés",
    ],
    "marketing": [
        "Étudier le marché et qualifier les clients cibles",
        "Construire l'offre et l'argumentaire commercial",
    ],
    "digital": [
        "Rédiger le cahier des charges de la solution numérique",
        "Choisir l'intégrateur et piloter le déploiement",
    ],
    "process": [
        "Dimensionner l'investissement et valider le procédé",
        "Mesurer les gains de productivité et d'énergie attendus",
    ],
    "crossover": [
        "Trouver le partenaire de recherche et cadrer les essais",
        "Protéger et valoriser la technologie développée",
    ],
}

# Financing plan: (source, kind, share of the budget); own funds make up the rest.
FINANCING_SOURCES = [
    ("Région Nouvelle-Aquitaine — aide à l'innovation", "grant", (0.20, 0.35)),
    ("Bpifrance — avance remboursable innovation", "loan", (0.15, 0.30)),
    ("Crédit d'impôt innovation", "tax_credit", (0.05, 0.12)),
]
OWN_FUNDS_LABEL = "Autofinancement"

# Support actions: (kind, title, days of work or None, duration in months).
SUPPORT_ACTIONS = [
    ("individual", "Accompagnement individuel par la chargée ou le chargé de mission", 6, 6),
    ("expertise", "Expertise technique par un centre technique partenaire", 8, 3),
    ("training", "Formation de l'encadrement à la conduite du changement", 4, 2),
    ("collaborative", "Action collective « Usine du futur » avec d'autres PMI", 5, 6),
    ("intern", "Stage ingénieur de fin d'études (6 mois)", None, 6),
    ("work_study", "Alternance ingénieur en partenariat avec une école", None, 24),
    ("phd", "Thèse CIFRE avec le laboratoire partenaire", None, 36),
]
FOLLOW_UP_COMMENTS = [
    "Le projet avance comme prévu ; l'équipe s'est approprié les nouvelles méthodes.",
    "Premiers résultats visibles sur les délais. Nous attendons la suite de l'expertise.",
    "Très satisfaits de la mise en relation avec le laboratoire.",
    "Le recrutement de l'alternant a été décisif pour tenir le calendrier.",
]
