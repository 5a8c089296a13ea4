"""The tables behind `manage.py load_demo`: a believable, entirely fictional programme.

Every company, person and project here is invented; towns, postcodes, NAF codes and events are
real so that the demo reads like the programme's own data. The SIRETs are computed (valid Luhn
keys) by the command, not written here.
"""

from dataclasses import dataclass

from pmi_aqt.accounts.models import Role

SEED = 2026
# One shared, published password: these accounts exist only on demo and development databases.
DEMO_PASSWORD = "demo-pmi-aqt-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    phone: str = ""
    organisation: str = "PMI en AQT — UIMM Aquitaine"
    is_staff: bool = False
    is_superuser: bool = False


MANAGER_EMAIL = "responsable@pmi-aqt.demo"
OFFICER_NORTH_EMAIL = "charge.mission@pmi-aqt.demo"
OFFICER_SOUTH_EMAIL = "charge.mission2@pmi-aqt.demo"
FINANCE_EMAIL = "financement@pmi-aqt.demo"
# The company whose main contact gets an account (see COMPANY_CONTACT_USER below).
CONTACT_COMPANY = "ateliers-isle"

USERS = [
    DemoUser(
        MANAGER_EMAIL,
        "Isabelle",
        "Fontan",
        Role.MANAGER,
        "05 56 41 20 10",
        # The manager also looks after reference data and accounts in the Django admin.
        is_staff=True,
        is_superuser=True,
    ),
    DemoUser(OFFICER_NORTH_EMAIL, "Marion", "Delpech", Role.OFFICER, "05 56 41 20 11"),
    DemoUser(OFFICER_SOUTH_EMAIL, "Julien", "Etcheverry", Role.OFFICER, "05 59 14 32 07"),
    DemoUser(FINANCE_EMAIL, "Nicolas", "Bergès", Role.FINANCE_OFFICER, "05 56 41 20 12"),
    DemoUser(
        "helene.marchand@adi-na.demo",
        "Hélène",
        "Marchand",
        Role.TASKFORCE_MEMBER,
        "05 57 57 84 00",
        organisation="ADI Nouvelle-Aquitaine",
    ),
    DemoUser(
        "olivier.garnier@bpifrance.demo",
        "Olivier",
        "Garnier",
        Role.TASKFORCE_MEMBER,
        "05 56 48 45 00",
        organisation="Bpifrance, direction régionale de Bordeaux",
    ),
    DemoUser(
        "sophie.laborde@i2m-bordeaux.demo",
        "Sophie",
        "Laborde",
        Role.TASKFORCE_MEMBER,
        "05 40 00 62 00",
        organisation="Laboratoire I2M, université de Bordeaux",
    ),
]

# The company contact with an account: the first contact of CONTACT_COMPANY, under this email.
COMPANY_CONTACT_USER = DemoUser(
    "contact@ateliers-isle.example",
    "Claire",
    "Dumas",
    Role.COMPANY_CONTACT,
    "05 53 08 41 27",
    organisation="Ateliers Mécaniques de l'Isle",
)
COMPANY_CONTACT_JOB_TITLE = "Directrice générale"

# Officers split the territory: north (Gironde, Dordogne) and south (Landes, Lot-et-Garonne,
# Pyrénées-Atlantiques).
OFFICER_BY_DEPARTMENT = {
    "24": OFFICER_NORTH_EMAIL,
    "33": OFFICER_NORTH_EMAIL,
    "40": OFFICER_SOUTH_EMAIL,
    "47": OFFICER_SOUTH_EMAIL,
    "64": OFFICER_SOUTH_EMAIL,
}

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

# How far along the projects are (as many entries as PROJECTS); the command deals them out.
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

# How many days before the reference date a project at each stage was received (min, max):
# the further along, the older, over 2025 and 2026.
STAGE_AGE_DAYS = {
    "intake": (2, 60),
    "qualified": (15, 150),
    "diagnosis": (40, 300),
    "dossier_ready": (90, 380),
    "on_agenda": (110, 420),
    "decided": (160, 460),
    "in_support": (240, 600),
    "completed": (500, 690),
    "abandoned": (200, 620),
}

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
# The outcome of the three projects waiting at "decided", in turn; later stages were approved.
DECIDED_OUTCOMES = ["approved_conditions", "deferred", "approved"]

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
