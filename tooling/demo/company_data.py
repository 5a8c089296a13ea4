"""The companies of `manage.py load_demo`, the people who work there and the officers' log
of exchanges with them: a believable, entirely fictional programme.

Every company and person here is invented; towns, postcodes, NAF codes and events are real so
that the demo reads like the programme's own data. The SIRETs are computed (valid Luhn keys) by
tooling/demo/plan.py, not written here.
"""

from dataclasses import dataclass

# Landline prefixes by département, for believable phone numbers.
PHONE_PREFIXES = {"24": "05 53", "33": "05 56", "40": "05 58", "47": "05 53", "64": "05 59"}


@dataclass(frozen=True)
class DemoCompany:
    slug: str  # also the example domain: <slug>.example
    name: str
    naf_code: str
    activity: str  # what they make, used in notes
    address: str
    postcode: str
    city: str
    headcount_band: str
    turnover_band: str
    federation_member: bool

    @property
    def department(self) -> str:
        return self.postcode[:2]

    @property
    def domain(self) -> str:
        return f"{self.slug}.example"

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"


# fmt: off
S, M, L, XS = "10-49", "50-249", "250-499", "1-9"
T2, T10, T50, T_SMALL = "2-10M", "10-50M", ">50M", "<2M"

COMPANIES = [
    # --- Dordogne (24)
    DemoCompany(
        "ateliers-isle", "Ateliers Mécaniques de l'Isle", "25.62B",
        "usinage de précision pour l'aéronautique et le ferroviaire",
        "8 rue Ampère, ZAE de Landry", "24750", "Boulazac Isle Manoire", M, T10, True,
    ),
    DemoCompany(
        "bergerac-composites", "Bergerac Composites Systèmes", "22.29A",
        "pièces composites pour le ferroviaire et l'industrie",
        "Zone industrielle de la Vallade, 5 rue Paul-Héroult", "24100", "Bergerac", S, T2, False,
    ),
    DemoCompany(
        "menuiseries-lagrange", "Menuiseries Lagrange Périgord", "16.23Z",
        "menuiseries extérieures en bois sur mesure",
        "Route de Nontron, lieu-dit Les Granges", "24800", "Thiviers", S, T2, False,
    ),
    DemoCompany(
        "faurel-decolletage", "Faurel Décolletage", "25.62A",
        "décolletage de petites pièces de précision",
        "12 avenue du Général-Leclerc", "24300", "Nontron", S, T2, True,
    ),
    DemoCompany(
        "sarlat-inox", "Sarlat Inox Process", "28.93Z",
        "machines inox pour la transformation des noix et du foie gras",
        "ZAE du Pontet, 3 impasse des Artisans", "24200", "Sarlat-la-Canéda", S, T2, True,
    ),
    DemoCompany(
        "chaudronnerie-vezere", "Chaudronnerie de la Vézère", "25.29Z",
        "chaudronnerie inox et acier, cuves et réservoirs",
        "Zone industrielle du Moulin-Rouge, 2 rue Jean-Jaurès", "24120",
        "Terrasson-Lavilledieu", S, T2, True,
    ),
    DemoCompany(
        "emballages-riberacois", "Emballages Bois du Ribéracois", "16.24Z",
        "palettes et caisses bois pour l'industrie",
        "Route de Périgueux, ZA des Chaumes", "24600", "Ribérac", S, T2, False,
    ),
    DemoCompany(
        "plasturgie-saint-astier", "Plasturgie de Saint-Astier", "22.29A",
        "injection plastique de pièces techniques",
        "ZI de la Jalle, 17 avenue de la Forêt", "24110", "Saint-Astier", M, T10, False,
    ),
    # --- Gironde (33)
    DemoCompany(
        "aero-usinage-jalles", "Aéro-Usinage des Jalles", "25.62B",
        "usinage de pièces de structure aéronautiques",
        "21 avenue Montesquieu, ZI du Phare", "33160", "Saint-Médard-en-Jalles", M, T10, True,
    ),
    DemoCompany(
        "haillan-precision", "Haillan Précision Aéronautique", "30.30Z",
        "sous-ensembles mécaniques pour moteurs d'avions",
        "4 rue Gustave-Eiffel, parc d'activités de Bel-Air", "33185", "Le Haillan", M, T10, True,
    ),
    DemoCompany(
        "medoc-composites", "Médoc Structures Composites", "22.29A",
        "structures composites pour le nautisme et l'éolien",
        "Zone industrielle de Blanquefort, 9 rue de la Mouline", "33290", "Blanquefort", S, T2,
        False,
    ),
    DemoCompany(
        "libourne-vinicole", "Libournaise d'Équipements Vinicoles", "28.93Z",
        "cuves et équipements de vinification",
        "Zone artisanale de l'Épinette, 30 rue Max-Linder", "33500", "Libourne", M, T10, True,
    ),
    DemoCompany(
        "garonne-traitements", "Garonne Traitements de Surface", "25.61Z",
        "traitements de surface et peinture industrielle",
        "47 quai Wilson", "33130", "Bègles", S, T2, True,
    ),
    DemoCompany(
        "chantier-boien", "Chantier Naval Boïen", "30.12Z",
        "pinasses et bateaux de travail en bois et composite",
        "Port de Larros, 6 allée du Chantier", "33470", "Gujan-Mestras", S, T2, False,
    ),
    DemoCompany(
        "optronique-pessac", "Pessac Optronique Instruments", "26.51B",
        "instruments de mesure optique et laser",
        "Parc technologique, 11 avenue du Haut-Lévêque", "33600", "Pessac", S, T2, False,
    ),
    DemoCompany(
        "forge-lormont", "Forges et Estampage de Lormont", "25.50A",
        "pièces forgées et estampées en acier",
        "Zone portuaire, 2 rue de la Forge", "33310", "Lormont", M, T10, True,
    ),
    DemoCompany(
        "outillages-martignas", "Outillages de Martignas", "25.73B",
        "moules et outillages de précision",
        "14 avenue de Saint-Jean-d'Illac", "33127", "Martignas-sur-Jalle", XS, T_SMALL, True,
    ),
    DemoCompany(
        "sud-gironde-agro", "Sud-Gironde Agroéquipements", "28.30Z",
        "outils de travail du sol pour la vigne",
        "ZA de Dumès, 3 rue des Vignerons", "33210", "Langon", S, T2, False,
    ),
    # --- Landes (40)
    DemoCompany(
        "scierie-lartigau", "Scierie Lartigau et Fils", "16.10A",
        "sciage de pin maritime et bois de charpente",
        "Route de Sabres, quartier Bouricos", "40110", "Morcenx-la-Nouvelle", S, T2, False,
    ),
    DemoCompany(
        "pinea-panneaux", "Pinéa Panneaux", "16.21Z",
        "panneaux de particules et contreplaqués de pin",
        "Zone industrielle de Rion, avenue des Pins", "40370", "Rion-des-Landes", M, T10, False,
    ),
    DemoCompany(
        "adour-mecanique", "Adour Mécanique Générale", "25.62B",
        "usinage et assemblage pour les turbomachines",
        "Zone industrielle du Port, 15 allée des Forges", "40220", "Tarnos", M, T10, True,
    ),
    DemoCompany(
        "dax-inox", "Dax Inox Agroalimentaire", "28.93Z",
        "lignes inox pour conserveries et salaisons",
        "ZAE de Cazenave, 7 rue de l'Industrie", "40990", "Saint-Paul-lès-Dax", S, T2, True,
    ),
    DemoCompany(
        "metallerie-marsanaise", "Métallerie Marsanaise", "25.11Z",
        "charpentes métalliques et serrurerie",
        "Zone d'activités de Conte, 22 rue Louis-Breguet", "40000", "Mont-de-Marsan", S, T2, True,
    ),
    DemoCompany(
        "chalosse-avicole", "Chalosse Équipements Avicoles", "28.30Z",
        "équipements pour bâtiments d'élevage de volailles",
        "Route d'Hagetmau, ZA du Marsan", "40500", "Saint-Sever", S, T2, False,
    ),
    DemoCompany(
        "sieges-chalosse", "Sièges et Assises de Chalosse", "31.09B",
        "chaises et sièges en bois massif",
        "9 avenue de la Gare", "40700", "Hagetmau", S, T2, False,
    ),
    # --- Lot-et-Garonne (47)
    DemoCompany(
        "agenaise-machinisme", "Agenaise de Machinisme Agricole", "28.30Z",
        "pulvérisateurs et matériel arboricole",
        "Technopole Agen-Garonne, 3 rue Marcel-Dassault", "47550", "Boé", M, T10, True,
    ),
    DemoCompany(
        "villeneuvoise-plasturgie", "Villeneuvoise de Plasturgie", "22.29A",
        "injection de pièces plastiques pour l'électroménager",
        "ZI de la Barbière, 10 rue Denis-Papin", "47300", "Villeneuve-sur-Lot", S, T2, False,
    ),
    DemoCompany(
        "marmandaise-tri", "Marmandaise d'Équipements de Tri", "28.29B",
        "calibreuses et trieuses pour fruits et légumes",
        "Zone industrielle de Bellevue, 28 avenue Jean-Monnet", "47200", "Marmande", M, T10, True,
    ),
    DemoCompany(
        "fonderie-lemance", "Fonderie de la Lémance", "24.51Z",
        "pièces de fonte moulées pour l'hydraulique et le machinisme",
        "Avenue de l'Usine", "47500", "Fumel", M, T10, True,
    ),
    DemoCompany(
        "tonneins-emballages", "Tonneins Emballages Techniques", "22.22Z",
        "emballages plastiques thermoformés pour l'alimentaire",
        "ZA de Labourdette, 5 rue des Cerisiers", "47400", "Tonneins", S, T2, False,
    ),
    DemoCompany(
        "estillac-aero", "Estillac Aéro Maintenance", "33.16Z",
        "maintenance d'équipements et de trains d'atterrissage",
        "Aéropole Agen-La Garenne, hangar 4", "47310", "Estillac", S, T2, True,
    ),
    DemoCompany(
        "nerac-chaudronnerie", "Nérac Chaudronnerie Inox", "25.29Z",
        "chaudronnerie inox pour l'agroalimentaire",
        "Zone artisanale de Lannes, 2 rue des Forgerons", "47600", "Nérac", S, T2, True,
    ),
    DemoCompany(
        "etuves-lot", "Étuves et Séchoirs du Lot", "28.93Z",
        "tunnels de séchage pour pruneaux et fruits",
        "Route de Villeneuve, ZA de Malbentre", "47110", "Sainte-Livrade-sur-Lot", S, T2, False,
    ),
    # --- Pyrénées-Atlantiques (64)
    DemoCompany(
        "bearn-usinage-aero", "Béarn Usinage Aéronautique", "25.62B",
        "usinage de pièces moteur et d'équipements aéronautiques",
        "Avenue Didier-Daurat, zone Aéropole Pyrénées", "64121", "Serres-Castet", M, T10, True,
    ),
    DemoCompany(
        "mecanique-gave", "Mécanique Fine du Gave", "25.62B",
        "micromécanique et rectification",
        "Chemin de Bordes-Assat, ZA du Gave", "64510", "Bordes", S, T2, True,
    ),
    DemoCompany(
        "technocomposites-basque", "Technocomposites Côte Basque", "30.30Z",
        "pièces composites pour aérostructures",
        "Technocité, 6 allée du Parc-Montaury", "64600", "Anglet", M, T10, True,
    ),
    DemoCompany(
        "chaudronnerie-mourenx", "Chaudronnerie Industrielle de Mourenx", "25.29Z",
        "équipements sous pression pour la chimie et l'énergie",
        "Plateforme industrielle, 1 rue des Chaudronniers", "64150", "Mourenx", M, T10, True,
    ),
    DemoCompany(
        "oloron-textiles", "Textiles Techniques d'Oloron", "13.96Z",
        "textiles techniques tissés pour la montagne et la protection",
        "12 rue Adoue", "64400", "Oloron-Sainte-Marie", S, T2, False,
    ),
    DemoCompany(
        "hasparren-lamelle", "Bois Lamellé d'Hasparren", "16.23Z",
        "poutres en bois lamellé-collé",
        "Zone artisanale de Hasquette", "64240", "Hasparren", S, T2, False,
    ),
    DemoCompany(
        "electronique-bearn", "Électronique de Puissance du Béarn", "27.12Z",
        "convertisseurs et armoires électriques",
        "Pôle d'activités de Lescar, 8 rue des Frères-Wright", "64230", "Lescar", S, T2, True,
    ),
    DemoCompany(
        "idron-robotique", "Idron Automatismes et Robotique", "28.29B",
        "cellules robotisées et machines spéciales",
        "ZA du Pont-Long, 19 rue de la Technopole", "64320", "Idron", S, T2, True,
    ),
    DemoCompany(
        "orthez-agro", "Orthézienne d'Agroéquipements", "28.30Z",
        "semoirs et matériel de récolte du maïs",
        "Zone industrielle de Castétarbe, route de Dax", "64300", "Orthez", L, T50, True,
    ),
]
# fmt: on

# --- People at the companies.

# fmt: off
FIRST_NAMES_F = [
    "Anne", "Aurélie", "Camille", "Céline", "Chloé", "Élodie", "Émilie", "Florence", "Laure",
    "Léa", "Maité", "Marie", "Nathalie", "Pauline", "Sandrine", "Sophie", "Stéphanie", "Valérie",
    "Virginie", "Amaia",
]
FIRST_NAMES_M = [
    "Alain", "Antoine", "Benoît", "Bruno", "Christophe", "Damien", "David", "Éric", "Fabien",
    "François", "Guillaume", "Jean-Marc", "Jérôme", "Laurent", "Mathieu", "Olivier", "Patrick",
    "Philippe", "Sébastien", "Thierry", "Xabi", "Yannick",
]
LAST_NAMES = [
    "Arrieta", "Barthe", "Bats", "Bordes", "Cabanne", "Castaing", "Cazenave", "Darrigrand",
    "Delmas", "Destrade", "Dubos", "Ducasse", "Dufau", "Dupouy", "Duprat", "Etchegaray",
    "Fourcade", "Garat", "Gassie", "Hourcade", "Iriart", "Labat", "Lacoste", "Lafargue",
    "Lalanne", "Lamarque", "Larrieu", "Lasserre", "Laulhé", "Mendiboure", "Peyrot", "Pujol",
    "Sallaberry", "Tauzin", "Vignau", "Faure", "Roux", "Moreau", "Girard", "Chevalier",
]
# fmt: on
# (masculine, feminine) job titles; each company's first contact is its head.
HEAD_TITLES = [
    ("Président", "Présidente"),
    ("Directeur général", "Directrice générale"),
    ("Gérant", "Gérante"),
]
OTHER_TITLES = [
    ("Directeur industriel", "Directrice industrielle"),
    ("Responsable de production", "Responsable de production"),
    ("Responsable qualité", "Responsable qualité"),
    ("Directeur administratif et financier", "Directrice administrative et financière"),
    ("Responsable du bureau d'études", "Responsable du bureau d'études"),
    ("Responsable des méthodes", "Responsable des méthodes"),
    ("Responsable des ressources humaines", "Responsable des ressources humaines"),
    ("Responsable commercial", "Responsable commerciale"),
]

# --- The officers' log of exchanges. Placeholders: {contact}, {activity}, {event}.

# (event, NAF code prefixes it draws from, or None for every manufacturer)
EVENTS = [
    ("Rencontre UIMM Aquitaine à Mérignac", None),
    ("Journée Industrie du Futur de l'ADI Nouvelle-Aquitaine", None),
    ("Salon Global Industrie", None),
    ("Salon Aeromart Toulouse", ("25.6", "25.5", "25.7", "30.30", "33.16", "22.29", "26.51")),
    ("Convention d'affaires Aerospace Valley", ("25.6", "25.5", "30.30", "33.16", "27.12")),
    ("Salon Vinitech-Sifel à Bordeaux", ("28.93", "28.30", "28.29", "25.29", "22.22")),
    ("Forum Bois Construction", ("16.", "31.")),
    ("Salon des composites JEC World", ("22.", "13.96", "30.12")),
]

NOTES = {
    "call": [
        "Premier appel avec {contact} : présentation du programme PMI en AQT. L'entreprise "
        "({activity}) réfléchit à un projet mais n'a pas encore arrêté son périmètre.",
        "Point téléphonique avec {contact} sur l'avancement. Les devis des fournisseurs sont "
        "arrivés ; la direction arbitrera le mois prochain.",
        "Appel de {contact}, qui demande quels dispositifs de financement sont mobilisables "
        "pour un investissement matériel. Renvoyé vers l'ingénierie financière.",
        "Relance téléphonique de {contact} : pas de nouvelles depuis la visite. Carnet de "
        "commandes chargé, le projet est reporté de quelques semaines.",
        "Échange avec {contact} pour préparer le passage en task force : points forts du "
        "dossier, questions probables, chiffres à consolider.",
    ],
    "visit": [
        "Visite de l'atelier avec {contact}. Parc machines récent, équipe motivée ; le goulot "
        "d'étranglement est clairement identifié. Diagnostic à approfondir.",
        "Visite de diagnostic : tour des ateliers puis entretien de deux heures avec {contact} "
        "sur la stratégie, les marchés et les compétences.",
        "Visite avec un enseignant-chercheur du laboratoire partenaire. {contact} a présenté "
        "les essais réalisés ; une collaboration est envisageable.",
        "Rencontre de {contact} sur site pour faire le point sur l'accompagnement. Premiers "
        "résultats encourageants, l'équipe s'est approprié la démarche.",
    ],
    "email": [
        "Envoi à {contact} de la fiche de présentation du programme et de la liste des "
        "pièces à réunir pour le dossier.",
        "{contact} a transmis les comptes des trois derniers exercices et le devis principal.",
        "Courriel de {contact} : question sur le calendrier de la prochaine task force et "
        "sur la présence du dirigeant.",
        "Compte rendu de la visite envoyé à {contact}, avec les besoins identifiés et les "
        "partenaires pressentis.",
    ],
    "event": [
        "Rencontre de {contact} sur le stand lors de l'événement « {event} ». Intérêt pour le "
        "programme ; rendez-vous à fixer.",
        "Échange avec {contact} pendant l'événement « {event} » : l'entreprise cherche des "
        "partenaires pour diversifier son activité ({activity}).",
        "{contact} a assisté à l'atelier « innovation » animé pendant l'événement « {event} » "
        "et souhaite être recontacté.",
    ],
}

NEXT_STEPS = [
    "Organiser une visite de l'atelier",
    "Envoyer la liste des pièces du dossier",
    "Relancer pour les devis fournisseurs",
    "Mettre en relation avec le laboratoire partenaire",
    "Présenter les dispositifs Bpifrance",
    "Préparer la fiche projet pour la task force",
    "Rappeler après l'arbitrage de la direction",
    "Planifier le diagnostic approfondi",
    "Faire un point sur le plan de financement",
]
