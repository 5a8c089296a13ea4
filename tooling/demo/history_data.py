"""The programme's history in `manage.py load_demo`: it runs since 1 March 2015, with a target of
companies to support each year, and supported companies every year since.

tooling/demo/history.py turns these tables into dated projects: the programme's calendar is
absolute for its history and counted back from the reference day for what must be recent (the
task-force sessions kept in the portal, the current year's progress). The projects of the
history are drawn from PROJECT_THEMES for the companies of company_data.py; the projects of
project_data.py, written one by one, are the current pipeline.
"""

import datetime as dt
from dataclasses import dataclass

PROGRAMME_START = dt.date(2015, 3, 1)

# Companies to support each year: the founding targets of 2015-2017 (also seeded by the
# projects app's migration 0005), then those the programme manager set. Years after the last one
# listed get LATER_TARGET, up to the year after the reference day's.
TARGETS = {
    2015: 15,
    2016: 20,
    2017: 25,
    2018: 25,
    2019: 25,
    2020: 25,
    2021: 25,
    2022: 28,
    2023: 28,
    2024: 30,
    2025: 30,
}
LATER_TARGET = 30

# The share of its target each year reached (2015 started in March; 2019 beat it; 2020: the
# lockdowns). Past years not listed reach LATER_ACHIEVED.
ACHIEVED = {
    2015: 0.55,
    2016: 0.7,
    2017: 0.8,
    2018: 0.88,
    2019: 1.04,
    2020: 0.64,
    2021: 0.84,
    2022: 0.86,
    2023: 0.89,
    2024: 0.9,
    2025: 0.87,
}
LATER_ACHIEVED = 0.88
# The current year is on course for this share of its target by the end of December: its
# count so far is this share of the target, prorated to the days gone by.
CURRENT_YEAR_PACE = 0.75

# --- The task force. It met from May 2015 on the second Thursday of the months listed; those
# sessions are history (their decisions are the projects' recorded moves). The last
# RECORDED_SESSIONS sessions are kept in the portal with their agendas and reviews: one every
# RECORDED_SESSION_SPACING_DAYS, the latest LATEST_SESSION_DAYS_AGO before the reference day
# (moved to the Thursday before). History stops HISTORY_GAP_DAYS before the first of them.
FIRST_TASKFORCE = dt.date(2015, 5, 1)
HISTORY_SESSION_MONTHS = (1, 3, 5, 7, 9, 11)
RECORDED_SESSIONS = 6
RECORDED_SESSION_SPACING_DAYS = 56
LATEST_SESSION_DAYS_AGO = 52
HISTORY_GAP_DAYS = 30

# --- How a supported project of the history unfolds (days, lowest and highest).
# Before the task force, counted back from its session: the move onto the agenda, then each
# earlier move, and the request before the first.
DAYS_BEFORE_SESSION = {
    "on_agenda": (14, 35),
    "dossier_ready": (5, 40),
    "diagnosis": (30, 100),
    "qualified": (7, 35),
    "intake": (3, 25),
}
# From the decision to the start of the support, from the start to the closing.
DAYS_TO_START = (20, 75)
SUPPORT_DAYS = (240, 600)
# Two projects of a company enter support at least this many days apart.
MIN_DAYS_BETWEEN_SUPPORTS = 700
# Projects that did not go all the way, each year: abandoned before the task force (the first
# number), and turned down by it (one every `REJECTED_EVERY` years).
ABANDONED_PER_YEAR = (1, 2)
REJECTED_EVERY = 2
ABANDONED_AFTER_DAYS = (120, 320)
CLOSED_AFTER_REJECTION_DAYS = (7, 40)

# Companies listed for prospecting but not contacted yet: no exchange, no project.
NOT_YET_CONTACTED = {"teste-electronique", "tolerie-marmandaise", "plasturgie-dacquoise"}
# Listed this many days before the reference day (lowest, highest).
LISTED_DAYS_AGO = (15, 150)
# Companies the history gives no project: those the officers met that never asked for support
# (exchanges only; tooling/demo/programme_data.py opens a project for one of them), and those
# not contacted yet.
PROSPECTS = {
    "emballages-riberacois",
    "nerac-chaudronnerie",
    "hasparren-lamelle",
    "orthez-agro",
    "granules-eyre",
    "etiquettes-gascogne",
    "marbres-ossau",
    "meubles-saint-palais",
    *NOT_YET_CONTACTED,
}

ABANDON_REASONS = [
    "L'entreprise suspend le projet : son principal donneur d'ordres a réduit ses commandes et "
    "les investissements sont reportés.",
    "Le dirigeant préfère financer le projet seul, sans attendre la task force.",
    "Départ du responsable qui portait le projet ; l'entreprise le reprendra plus tard.",
    "Le devis définitif dépasse largement le budget : l'entreprise renonce pour l'instant.",
]
REJECTION_CLOSING = (
    "Projet non retenu par la task force ; l'entreprise reviendra vers le programme avec un "
    "projet plus abouti."
)


# --- The projects of the history: themes any manufacturer, or those of some trades (NAF code
# prefixes), took up with the programme. {activity}: what the company makes.


@dataclass(frozen=True)
class ProjectTheme:
    title: str
    description: str
    axes: tuple[str, ...]  # primary axis first
    trades: tuple[str, ...] = ()  # NAF code prefixes it suits; empty: every manufacturer

    def suits(self, naf_code: str) -> bool:
        return not self.trades or naf_code.startswith(self.trades)


METAL = ("24.", "25.", "28.", "29.", "30.", "33.")
SHEET_METAL = ("25.11", "25.12", "25.29", "25.99")
MACHINING = ("25.62", "25.5", "25.7", "28.", "30.30", "33.16")
AERONAUTICS = ("25.62", "30.30", "33.16", "26.51", "24.53", "22.29", "13.20")
MACHINE_MAKERS = ("28.", "29.", "26.60")
WOOD = ("16.", "31.")
MATERIALS = ("13.", "15.", "17.", "20.", "22.", "23.", "32.30")
ELECTRONICS = ("26.", "27.")

# fmt: off
PROJECT_THEMES = [
    ProjectTheme(
        "Déploiement d'un ERP et de la planification de la production",
        "Remplacer les outils de gestion historiques par un ERP qui relie devis, achats, "
        "planification et suivi de production, et former les équipes à son usage.",
        ("digital", "management"),
    ),
    ProjectTheme(
        "Démarche lean et réorganisation des flux de l'atelier",
        "Cartographier les flux, réimplanter l'atelier et réduire les en-cours pour tenir des "
        "délais plus courts sans investir dans de nouvelles machines.",
        ("process", "management"),
    ),
    ProjectTheme(
        "Plan de développement des compétences et accueil d'alternants",
        "Construire un plan de formation pluriannuel, former des tuteurs et accueillir chaque "
        "année des alternants sur les métiers en tension de l'atelier.",
        ("social", "management"),
    ),
    ProjectTheme(
        "Stratégie commerciale et prospection de nouveaux marchés",
        "Réduire la dépendance à quelques clients : segmenter les marchés accessibles, bâtir "
        "l'argumentaire et organiser la prospection avec un premier commercial dédié.",
        ("marketing", "management"),
    ),
    ProjectTheme(
        "Premiers pas à l'export vers l'Espagne et le Portugal",
        "Étudier les marchés ibériques pour l'offre de l'entreprise ({activity}), trouver des "
        "agents et préparer une première participation à un salon professionnel.",
        ("marketing",),
    ),
    ProjectTheme(
        "Tableaux de bord de production et indicateurs partagés",
        "Collecter les temps et les arrêts au poste, et afficher chaque jour quelques "
        "indicateurs partagés par l'encadrement et les opérateurs.",
        ("digital", "management"),
    ),
    ProjectTheme(
        "Réduction des consommations d'énergie du site",
        "Mesurer les consommations par atelier, traiter les fuites d'air comprimé, moderniser "
        "l'éclairage et le chauffage, puis engager les investissements les plus rentables.",
        ("process", "management"),
    ),
    ProjectTheme(
        "Nouveau produit conçu avec un bureau d'études partenaire",
        "Élargir la gamme ({activity}) avec un produit conçu à partir des demandes des clients, "
        "du cahier des charges au prototype, avec un bureau d'études et un laboratoire.",
        ("crossover", "marketing"),
    ),
    ProjectTheme(
        "Certification ISO 9001 et refonte du système qualité",
        "Obtenir la certification exigée par les nouveaux clients : processus écrits, "
        "indicateurs qualité et traitement des non-conformités au plus près de l'atelier.",
        ("management", "process"),
    ),
    ProjectTheme(
        "Certification ISO 14001 et réduction des déchets",
        "Réduire et trier les déchets de production, mieux valoriser les chutes et obtenir la "
        "certification environnementale demandée par les donneurs d'ordres.",
        ("process", "management"),
    ),
    ProjectTheme(
        "Organisation de la maintenance préventive",
        "Passer d'une maintenance subie à une maintenance planifiée : inventaire des "
        "équipements, gammes d'entretien et logiciel de suivi des interventions.",
        ("process", "digital"),
    ),
    ProjectTheme(
        "Nouveau site internet et demandes de devis en ligne",
        "Présenter les savoir-faire de l'entreprise ({activity}) et recevoir les demandes de "
        "devis en ligne, pour toucher des clients au-delà de la région.",
        ("marketing", "digital"),
    ),
    ProjectTheme(
        "Transmission de l'entreprise et structuration de l'encadrement",
        "Préparer le départ du dirigeant fondateur : constituer une équipe de direction, "
        "formaliser les délégations et accompagner le repreneur.",
        ("management", "social"),
    ),
    ProjectTheme(
        "Prévention des troubles musculo-squelettiques aux postes pénibles",
        "Analyser les postes les plus pénibles avec les opérateurs, les équiper d'aides à la "
        "manutention et revoir l'organisation des rotations.",
        ("social", "process"),
    ),
    ProjectTheme(
        "Cybersécurité et sauvegarde du système d'information",
        "Après une tentative d'intrusion : audit du système d'information, sauvegardes hors "
        "site, séparation des réseaux bureautique et machines et sensibilisation du personnel.",
        ("digital",),
    ),
    ProjectTheme(
        "Écoconception de la gamme principale",
        "Réduire l'empreinte environnementale des produits phares (matières, énergie, fin de "
        "vie) et en faire un argument commercial auprès des clients.",
        ("crossover", "marketing"),
    ),
    ProjectTheme(
        "Marque employeur et recrutement des profils techniques",
        "Faire connaître l'entreprise aux jeunes et aux écoles du territoire, revoir "
        "l'intégration des nouveaux et fidéliser les techniciens.",
        ("social", "marketing"),
    ),
    ProjectTheme(
        "Création d'un bureau des méthodes",
        "Industrialiser les nouvelles pièces avant leur lancement : gammes, temps standards et "
        "outillages, portés par un technicien méthodes recruté pour l'occasion.",
        ("process", "management"),
    ),
    ProjectTheme(
        "Nouveau matériau étudié avec un laboratoire",
        "Tester avec un laboratoire de la région un matériau plus léger ou plus durable pour "
        "les produits de l'entreprise ({activity}), des essais à la première série.",
        ("crossover", "process"),
    ),
    ProjectTheme(
        "Robotisation du poste de soudage",
        "Installer un robot de soudage pour les séries répétitives, libérer les soudeurs "
        "qualifiés pour les pièces complexes et supprimer un poste pénible.",
        ("process", "social"),
        METAL,
    ),
    ProjectTheme(
        "Centre d'usinage 5 axes et usinage en temps masqué",
        "Investir dans un centre 5 axes avec palettisation pour usiner la nuit sans opérateur "
        "et répondre à des pièces plus complexes.",
        ("process", "management"),
        MACHINING,
    ),
    ProjectTheme(
        "Découpe laser fibre et pliage automatisé",
        "Remplacer la découpe plasma par un laser fibre et automatiser le pliage pour réduire "
        "les délais et reprendre la sous-traitance confiée à l'extérieur.",
        ("process", "digital"),
        SHEET_METAL,
    ),
    ProjectTheme(
        "Traçabilité des pièces par marquage et codes 2D",
        "Marquer chaque pièce d'un code 2D lu à chaque étape, pour retrouver lot matière, "
        "machine et opérateur comme l'exigent les clients.",
        ("digital", "process"),
        METAL + ELECTRONICS,
    ),
    ProjectTheme(
        "Programmation FAO et simulation d'usinage",
        "Programmer les machines depuis le bureau avec un logiciel de FAO et simuler "
        "l'usinage, pour réduire les temps de réglage et les collisions.",
        ("digital", "process"),
        MACHINING,
    ),
    ProjectTheme(
        "Contrôle non destructif des soudures",
        "Qualifier un contrôle par ultrasons des soudures en interne, avec un centre "
        "technique, pour livrer plus vite les équipements sous pression.",
        ("process", "crossover"),
        SHEET_METAL,
    ),
    ProjectTheme(
        "Qualification EN 9100 pour l'aéronautique",
        "Entrer dans la chaîne d'approvisionnement des équipementiers aéronautiques : système "
        "qualité EN 9100, premiers articles et audits clients.",
        ("management", "marketing"),
        AERONAUTICS,
    ),
    ProjectTheme(
        "Fabrication additive pour les prototypes et l'outillage",
        "Imprimer en 3D les prototypes et les outillages de l'atelier pour raccourcir le "
        "développement des nouvelles pièces.",
        ("crossover", "process"),
        METAL + MATERIALS,
    ),
    ProjectTheme(
        "Machines connectées et contrats de maintenance",
        "Équiper les machines vendues de capteurs et d'une supervision à distance pour proposer "
        "aux clients des contrats de maintenance préventive.",
        ("digital", "marketing"),
        MACHINE_MAKERS,
    ),
    ProjectTheme(
        "Cabine de peinture poudre sans solvants",
        "Remplacer la peinture liquide par une ligne de peinture poudre : moins de solvants, "
        "une meilleure tenue et des délais plus courts.",
        ("process",),
        SHEET_METAL + ("25.6", "28.", "29."),
    ),
    ProjectTheme(
        "Scanner et classement automatique du bois",
        "Classer automatiquement les pièces de bois par scanner selon leurs défauts, pour "
        "mieux valoriser chaque grume et fiabiliser la qualité livrée.",
        ("process", "digital"),
        ("16.",),
    ),
    ProjectTheme(
        "Valorisation des connexes et bois énergie",
        "Transformer sciures et chutes en combustible pour les séchoirs et pour la vente, "
        "avec l'appui d'un centre technique du bois.",
        ("crossover", "process"),
        ("16.",),
    ),
    ProjectTheme(
        "Gamme de mobilier en bois local écoconçue",
        "Concevoir avec un designer une gamme en bois de la région, démontable et réparable, "
        "pour les marchés publics et l'hôtellerie.",
        ("marketing", "crossover"),
        WOOD,
    ),
    ProjectTheme(
        "Taille de charpente à commande numérique",
        "Investir dans un centre de taille à commande numérique relié au logiciel de "
        "conception, pour gagner en précision et en délais.",
        ("process", "digital"),
        ("16.23",),
    ),
    ProjectTheme(
        "Matières biosourcées pour une nouvelle gamme",
        "Remplacer une partie des matières d'origine fossile par des matières biosourcées, "
        "avec un laboratoire, et lancer une gamme dédiée.",
        ("crossover", "marketing"),
        MATERIALS,
    ),
    ProjectTheme(
        "Intégration de matière recyclée en production",
        "Incorporer une part croissante de matière recyclée sans dégrader la qualité : essais, "
        "réglages des procédés et argumentaire pour les clients.",
        ("process", "crossover"),
        MATERIALS,
    ),
    ProjectTheme(
        "Automatisation du conditionnement en bout de ligne",
        "Automatiser le comptage, l'emballage et la palettisation en bout de ligne, poste "
        "répétitif qui limite aujourd'hui la capacité.",
        ("process", "social"),
        MATERIALS + ("16.24",),
    ),
    ProjectTheme(
        "Maîtrise statistique des procédés et réduction des rebuts",
        "Suivre en continu les paramètres des machines pour détecter les dérives avant qu'elles "
        "ne produisent des rebuts.",
        ("process", "digital"),
        MATERIALS + ("24.",),
    ),
    ProjectTheme(
        "Banc de test automatisé des cartes électroniques",
        "Concevoir un banc de test automatique pour contrôler chaque carte en fin de ligne et "
        "enregistrer les résultats dans le dossier du produit.",
        ("process", "digital"),
        ELECTRONICS,
    ),
    ProjectTheme(
        "Objet connecté pour le suivi des équipements chez les clients",
        "Développer un module communicant qui remonte l'état des équipements installés, et "
        "l'offre de services qui va avec.",
        ("crossover", "digital"),
        ELECTRONICS + MACHINE_MAKERS,
    ),
    ProjectTheme(
        "Marquage CE et compatibilité électromagnétique d'une nouvelle gamme",
        "Préparer avec un laboratoire d'essais la conformité d'une nouvelle gamme avant sa "
        "mise sur le marché européen.",
        ("process", "marketing"),
        ELECTRONICS + MACHINE_MAKERS,
    ),
]
# fmt: on
