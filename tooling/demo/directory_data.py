"""The ecosystem directory of the demo: the region's partner organisations and their schemes.

The organisations are the region's real public institutions, named as they name themselves;
their contacts, phone numbers and addresses are invented and live under `.example` domains. The
schemes are believable *dispositifs*, simplified for the demo: their conditions (sizes,
territories, trades, budgets, amounts, calls for applications) are invented and are not the
partners' actual terms.

Calls for applications are written in days from the demo's reference day (the first run of
`load_demo`), so that on that day some are open, some close soon, some are closed and some open
later. tooling/demo/directory.py writes all this to the database.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str  # PartnerOrganisation.Kind
    domain: str  # the example domain of its website and emails
    description: str
    contact_name: str
    contact_phone: str
    mailbox: str = "contact"  # the local part of the contact email
    competences: str = ""  # themes, equipment, research fields
    students: tuple[str, ...] = ()  # StudentKind values: the students it places

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"

    @property
    def contact_email(self) -> str:
        return f"{self.mailbox}@{self.domain}"


@dataclass(frozen=True)
class DemoCall:
    """A call for applications, in days from the reference day (negative: before it)."""

    opens: int
    closes: int
    recurs_yearly: bool = False
    label: str = ""


@dataclass(frozen=True)
class DemoScheme:
    organisation: str  # a DemoOrganisation name
    name: str
    kind: str  # SchemeKind
    axes: tuple[str, ...]  # intervention axis codes
    description: str
    headcount_bands: tuple[str, ...] = ()  # empty: every size
    departments: tuple[str, ...] = ()  # empty: every département of the programme
    # The trades the scheme is reserved to, as words a project or a company's activity says
    # (empty: every trade); stored as the scheme's reserved trades.
    trades: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    naf_included: tuple[str, ...] = ()  # NAF patterns a reserved scheme also accepts
    naf_excluded: tuple[str, ...] = ()
    budget: tuple[int | None, int | None] = (None, None)  # the projects' budget range (€)
    amount: tuple[int | None, int | None] = (None, None)  # what it gives (€)
    rate: int | None = None  # at most this share of the costs (%)
    days: int | None = None
    months: int | None = None
    calls: tuple[DemoCall, ...] = ()  # none: open all year

    def suits(self, activity: str) -> bool:
        """Whether a demo company's activity is of the scheme's trades (the demo's officers
        judge by it when they retain a suggestion)."""
        return not self.trades or any(word in activity.lower() for word in self.trades)


# --- Calls, relative to the reference day
def open_until(days: int, *, since: int = 60, label: str = "") -> DemoCall:
    return DemoCall(-since, days, label=label)


def closed_since(days: int, *, lasted: int = 90, label: str = "") -> DemoCall:
    return DemoCall(-days - lasted, -days, label=label)


def opens_in(days: int, *, lasting: int = 60, label: str = "") -> DemoCall:
    return DemoCall(days, days + lasting, label=label)


def yearly(opens: int, closes: int, label: str = "") -> DemoCall:
    return DemoCall(opens, closes, recurs_yearly=True, label=label)


# Headcount bands (companies.models.HeadcountBand) and départements, for readability.
MICRO, SMALL, MEDIUM, INTERMEDIATE = "1-9", "10-49", "50-249", "250-499"
SME = (MICRO, SMALL, MEDIUM)
SMALL_SME = (MICRO, SMALL)
INDUSTRIAL = (SMALL, MEDIUM, INTERMEDIATE)
SOUTH = ("40", "47", "64")
BASQUE_BEARN = ("40", "64")
NORTH = ("24", "33")
# Trades, as words of the companies' activities and projects.
AERONAUTICS = (
    "aéronautique", "aéronautiques", "aérospatial", "spatial", "avion", "avions",
    "turbomachines", "aérostructures", "atterrissage", "hélicoptères", "drones",
)  # fmt: skip
WOOD = (
    "bois", "forêt", "forestier", "sciage", "scierie", "contreplaqué", "lamellé", "menuiserie",
    "menuiseries", "charpente", "pin maritime", "panneaux de particules", "liège", "papier",
)  # fmt: skip
AGRIFOOD = (
    "agricole", "agricoles", "agriculture", "agroéquipement", "agroéquipements", "vigne",
    "vignes", "viticole", "viticulture", "vinification", "noix", "conserveries", "conserverie",
    "élevage", "arboricole", "arboriculture", "fruits", "alimentaire", "agroalimentaire", "maïs",
    "semoirs", "volailles", "pruneaux", "récolte",
)  # fmt: skip
WINE = ("vin", "vins", "vigne", "vignes", "viticole", "viticulture", "vinification", "chai",
        "vinicoles", "œnologie", "vignoble")  # fmt: skip
FOOD = ("alimentaire", "agroalimentaire", "conserveries", "conserverie", "salaisons",
        "noix", "fruits", "pruneaux", "foie gras", "emballages alimentaires")  # fmt: skip
COMPOSITES = ("composite", "composites", "fibre de carbone", "thermoplastiques", "résines")
PHOTONICS = ("optique", "laser", "lasers", "photonique", "hyperfréquences", "électronique",
             "capteurs optiques", "optronique", "convertisseurs")  # fmt: skip
LASER = ("laser", "lasers", "optique", "photonique", "optronique")
SUBSURFACE = ("énergie", "géosciences", "sous-sol", "hydrogène", "gaz", "pétrole", "chimie",
              "stockage", "sous pression")  # fmt: skip
DIGITAL_TRADES = ("logiciel", "numérique", "informatique", "électronique")
NAUTICAL = ("nautisme", "nautique", "naval", "bateaux", "pinasses", "glisse", "surf")

ADI = "ADI Nouvelle-Aquitaine"
REGION = "Région Nouvelle-Aquitaine"
BPI = "Bpifrance Bordeaux"
ADEME = "ADEME Nouvelle-Aquitaine"
CCI = "CCI Nouvelle-Aquitaine"
CCI_BAYONNE = "CCI Bayonne Pays Basque"
CMA = "Chambre de Métiers et de l'Artisanat Nouvelle-Aquitaine"
TEAM_FRANCE_EXPORT = "Team France Export Nouvelle-Aquitaine"
INPI = "INPI Nouvelle-Aquitaine"
AQUITI = "Aquiti Gestion"
FRANCE_TRAVAIL = "France Travail Nouvelle-Aquitaine"
CAP_METIERS = "Aquitaine Cap Métiers"
OPCO = "OPCO 2i"
I2M = "Laboratoire I2M — Université de Bordeaux"
IMS = "Laboratoire IMS — Université de Bordeaux"
IPREM = "IPREM — Université de Pau et des Pays de l'Adour"
LABRI = "LaBRI — Laboratoire bordelais de recherche en informatique"
ICMCB = "ICMCB — Institut de chimie de la matière condensée de Bordeaux"
LCPO = "LCPO — Laboratoire de chimie des polymères organiques"
INRAE = "INRAE Bordeaux-Aquitaine"
CEA_TECH = "CEA Tech Nouvelle-Aquitaine"
ENSAM = "Arts et Métiers Bordeaux-Talence (ENSAM)"
ESTIA = "ESTIA"
ENSEIRB = "ENSEIRB-MATMECA — Bordeaux INP"
ENSCBP = "ENSCBP — Bordeaux INP"
ENSGTI = "ENSGTI — École nationale supérieure en génie des technologies industrielles"
IUT_BORDEAUX = "IUT de Bordeaux"
BORDEAUX_SCIENCES_AGRO = "Bordeaux Sciences Agro"
KEDGE = "KEDGE Business School"
POLE_FORMATION = "Pôle formation UIMM Nouvelle-Aquitaine"
AEROSPACE_VALLEY = "Aerospace Valley"
ALPHA_RLH = "Alpha-RLH"
XYLOFUTUR = "Xylofutur"
AGRI_SO = "Agri Sud-Ouest Innovation"
INNOVIN = "Inno'vin"
DIGITAL_AQUITAINE = "Digital Aquitaine"
AVENIA = "Pôle Avenia"
CATIE = "CATIE"
CETIM = "CETIM Sud-Ouest"
COMPOSITADOUR = "Compositadour"
ADDIMADOUR = "Addimadour"
CANOE = "CANOE"
ALPHANOV = "ALPhANOV"
FCBA = "FCBA — Institut technologique forêt cellulose bois-construction ameublement"
INSTITUT_SOUDURE = "Institut de Soudure — Sud-Ouest"
CRITT_AGRO = "CRITT Agroalimentaire"
UIMM = "UIMM Aquitaine"
EEN = "Enterprise Europe Network Nouvelle-Aquitaine"
FEDER = "Europe en Nouvelle-Aquitaine (FEDER)"

Org = DemoOrganisation
ORGANISATIONS = [
    Org(ADI, "agency", "adi-nouvelle-aquitaine.example",
      "Agence de développement et d'innovation de la Région. Accompagne les PME et ETI "
      "industrielles dans leurs projets d'innovation, leur transformation vers l'usine du "
      "futur et leur croissance ; anime les actions collectives et la mise en relation avec "
      "les laboratoires.",
      "Laurence Ithurbide", "05 56 15 80 41", mailbox="industrie",
      competences="usine du futur, stratégie d'innovation, montage de projets, financements "
      "régionaux, mise en relation avec la recherche, transformation numérique, industrie 4.0"),
    Org(REGION, "agency", "nouvelle-aquitaine.example",
      "Collectivité chef de file du développement économique. La direction de l'industrie "
      "instruit les aides à l'innovation, au conseil et à l'investissement des entreprises "
      "industrielles du territoire.",
      "Bertrand Soulé", "05 57 57 02 64", mailbox="entreprises",
      competences="subventions, avances remboursables, investissement industriel, emploi, "
      "formation professionnelle, apprentissage"),
    Org(BPI, "bank", "bpifrance-bordeaux.example",
      "Direction régionale de la banque publique d'investissement. Finance l'innovation "
      "(subventions, avances remboursables, prêts) et la croissance des PME, et propose des "
      "programmes d'accompagnement des dirigeants.",
      "Karine Darricau", "05 56 48 45 20", mailbox="innovation",
      competences="financement de l'innovation, prêts, garanties, fonds propres, export, "
      "accompagnement des dirigeants"),
    Org(ADEME, "agency", "ademe-nouvelle-aquitaine.example",
      "Direction régionale de l'agence de la transition écologique. Aide les entreprises à "
      "réduire leurs consommations d'énergie et de matières, à décarboner leurs procédés et à "
      "valoriser leurs déchets.",
      "Hélène Cazaux", "05 56 33 80 00", mailbox="entreprises",
      competences="efficacité énergétique, décarbonation, chaleur renouvelable, récupération de "
      "chaleur fatale, économie circulaire, déchets, écoconception"),
    Org(CCI, "agency", "cci-nouvelle-aquitaine.example",
      "Réseau des chambres de commerce et d'industrie de la région. Conseil aux entreprises "
      "industrielles sur le développement commercial, le numérique, l'environnement et la "
      "transmission.",
      "Patrick Lamarque", "05 56 11 94 94", mailbox="industrie",
      competences="développement commercial, prospection, numérique, environnement, "
      "transmission d'entreprise, formalités"),
    Org(CCI_BAYONNE, "agency", "cci-bayonne.example",
      "Chambre de commerce et d'industrie du Pays basque. Accompagne les entreprises basques "
      "sur l'industrie, le commerce transfrontalier et la formation.",
      "Ainhoa Larralde", "05 59 46 59 46",
      competences="coopération transfrontalière, Espagne, industrie, formation"),
    Org(CMA, "agency", "cma-nouvelle-aquitaine.example",
      "Chambre de métiers et de l'artisanat. Conseille les entreprises artisanales de "
      "production (métallerie, menuiserie, mécanique) sur leur développement et leur "
      "transmission.",
      "Sandrine Puyo", "05 56 99 91 00",
      competences="artisanat, métallerie, menuiserie, apprentissage, transmission, "
      "développement commercial des très petites entreprises"),
    Org(TEAM_FRANCE_EXPORT, "agency", "team-france-export-na.example",
      "Le dispositif public d'appui à l'export (Business France, CCI, Région, Bpifrance) en "
      "Nouvelle-Aquitaine : conseillers par filière, prospection et salons à l'étranger.",
      "Olivier Duprat", "05 56 79 50 00", mailbox="export",
      competences="export, marchés étrangers, salons internationaux, volontariat international"),
    Org(INPI, "agency", "inpi-nouvelle-aquitaine.example",
      "Délégation régionale de l'institut national de la propriété industrielle. Aide les PME "
      "à protéger leurs innovations : brevets, marques, dessins et modèles.",
      "Claire Bordenave", "05 56 00 26 82",
      competences="propriété industrielle, brevets, marques, dessins et modèles, "
      "veille technologique"),
    Org(AQUITI, "bank", "aquiti.example",
      "Société de gestion des fonds d'investissement régionaux. Prend des participations "
      "minoritaires dans les PME en croissance et en transmission.",
      "Marc Etcheverry", "05 56 01 20 30", mailbox="investissement",
      competences="capital-investissement, fonds propres, levée de fonds, transmission"),
    Org(FRANCE_TRAVAIL, "other", "france-travail-na.example",
      "Service public de l'emploi. Aide les entreprises à recruter : présélection, "
      "formation préalable des candidats, aides à l'embauche.",
      "Nadia Benali", "39 95 00 00", mailbox="entreprises",
      competences="recrutement, présélection, formation des demandeurs d'emploi, "
      "aides à l'embauche"),
    Org(CAP_METIERS, "other", "cap-metiers.example",
      "Groupement d'intérêt public régional de l'orientation et de la formation. Observe "
      "l'emploi et les compétences des filières et outille les entreprises sur la gestion "
      "prévisionnelle des emplois.",
      "Julien Pouyanne", "05 57 81 45 65",
      competences="emploi, compétences, gestion prévisionnelle, métiers en tension, "
      "orientation, formation continue"),
    Org(OPCO, "other", "opco2i.example",
      "Opérateur de compétences interindustriel. Finance la formation des salariés et "
      "l'alternance dans les entreprises de l'industrie, et conseille les PME sur leurs "
      "besoins en compétences.",
      "Émilie Darrigrand", "05 56 57 44 50", mailbox="nouvelle-aquitaine",
      competences="financement de la formation, alternance, apprentissage, compétences, "
      "reconversion"),
    Org(I2M, "lab", "i2m-bordeaux.example",
      "Institut de mécanique et d'ingénierie (CNRS, université de Bordeaux, Arts et Métiers, "
      "Bordeaux INP). Matériaux, procédés de fabrication, usinage, assemblage et durabilité "
      "des structures ; nombreux partenariats industriels et thèses CIFRE.",
      "Pr. Jean-Luc Capdevielle", "05 40 00 31 52", mailbox="partenariats",
      competences="mécanique, matériaux, usinage, procédés de fabrication, soudage, "
      "assemblage, fatigue, tribologie, simulation numérique, essais mécaniques, titane",
      students=("intern", "phd")),
    Org(IMS, "lab", "ims-bordeaux.example",
      "Laboratoire de l'intégration du matériau au système (CNRS, université de Bordeaux, "
      "Bordeaux INP). Électronique, traitement du signal et de l'image, automatique et "
      "robotique, cognitique.",
      "Dr. Agnès Lataste", "05 40 00 26 13", mailbox="valorisation",
      competences="électronique, capteurs, traitement du signal, vision, image, automatique, "
      "robotique, électronique de puissance, fiabilité",
      students=("intern", "phd")),
    Org(IPREM, "lab", "iprem-uppa.example",
      "Institut des sciences analytiques et de physico-chimie pour l'environnement et les "
      "matériaux, à Pau. Polymères, composites, chimie analytique ; plateformes d'essais "
      "ouvertes aux entreprises du sud de la région.",
      "Dr. Peio Harispe", "05 59 40 76 02", mailbox="entreprises",
      competences="polymères, composites, chimie analytique, environnement, recyclage",
      students=("phd",)),
    Org(LABRI, "lab", "labri.example",
      "Laboratoire bordelais de recherche en informatique (CNRS, université de Bordeaux, "
      "Bordeaux INP). Intelligence artificielle, données, calcul, génie logiciel et "
      "cybersécurité.",
      "Dr. Thierry Lafargue", "05 40 00 69 00", mailbox="partenariats",
      competences="intelligence artificielle, apprentissage automatique, données, algorithmes, "
      "optimisation, logiciel, cybersécurité, calcul haute performance",
      students=("intern", "phd")),
    Org(ICMCB, "lab", "icmcb.example",
      "Institut de chimie de la matière condensée de Bordeaux (CNRS). Matériaux inorganiques, "
      "céramiques, revêtements, matériaux pour l'énergie.",
      "Dr. Sophie Garrigues", "05 40 00 62 60",
      competences="matériaux, céramiques, revêtements, traitements de surface, corrosion, "
      "batteries, matériaux pour l'énergie",
      students=("phd",)),
    Org(LCPO, "lab", "lcpo.example",
      "Laboratoire de chimie des polymères organiques (CNRS, université de Bordeaux, "
      "Bordeaux INP). Polymères biosourcés, recyclables, formulation.",
      "Dr. Mathieu Lalanne", "05 40 00 84 87",
      competences="polymères, plastiques, biosourcés, recyclage, formulation, adhésifs",
      students=("phd",)),
    Org(INRAE, "lab", "inrae-bordeaux.example",
      "Centre de recherche pour l'agriculture, l'alimentation et l'environnement. Vigne et "
      "vin, forêt, fruits ; plateformes d'expérimentation au champ.",
      "Dr. Florence Mercadier", "05 57 12 20 00",
      competences="vigne, viticulture, agriculture, agroécologie, forêt, fruits, "
      "agroalimentaire, expérimentation au champ, biocontrôle",
      students=("intern", "phd")),
    Org(CEA_TECH, "tech_centre", "cea-tech-na.example",
      "Plateforme régionale de transfert technologique du CEA à Pessac. Met à la disposition "
      "des PME les technologies du CEA : capteurs, contrôle non destructif, fabrication "
      "additive métallique, électronique, intelligence artificielle embarquée.",
      "Vincent Ducasse", "05 57 26 01 00", mailbox="pme",
      competences="capteurs, contrôle non destructif, fabrication additive, intelligence "
      "artificielle embarquée, énergie, batteries, électronique"),
    Org(ENSAM, "school", "ensam-bordeaux.example",
      "Campus bordelais de l'École nationale supérieure d'arts et métiers. Ingénieurs en "
      "génie mécanique et industriel, formés en alternance ou par la voie classique ; "
      "projets d'élèves et stages de fin d'études en entreprise.",
      "Stéphane Brethes", "05 56 84 53 11", mailbox="relations-entreprises",
      competences="génie mécanique, génie industriel, conception, usinage, industrialisation, "
      "production, maintenance, plateformes d'usinage et de fabrication additive",
      students=("intern", "work_study", "phd")),
    Org(ESTIA, "school", "estia.example",
      "École supérieure des technologies industrielles avancées, à Bidart. Ingénieurs "
      "généralistes en mécanique, électronique et informatique, formés au design et à "
      "l'international ; plateformes technologiques sur la technopole Izarbel.",
      "Maialen Etxeberri", "05 59 43 84 00", mailbox="entreprises",
      competences="mécanique, électronique, informatique, design, robotique, composites, "
      "fabrication additive, international",
      students=("intern", "work_study", "phd")),
    Org(ENSEIRB, "school", "enseirb-matmeca.example",
      "École d'ingénieurs de Bordeaux INP en électronique, informatique, télécommunications, "
      "mathématiques et mécanique ; filières en alternance.",
      "Cécile Arrieta", "05 56 84 65 00", mailbox="entreprises",
      competences="électronique, systèmes embarqués, informatique, réseaux, télécoms, "
      "mathématiques, mécanique numérique, cybersécurité",
      students=("intern", "work_study")),
    Org(ENSCBP, "school", "enscbp.example",
      "École d'ingénieurs de Bordeaux INP en chimie, biologie et physique : matériaux, "
      "agroalimentaire, génie biologique.",
      "Lucie Daguerre", "05 40 00 65 65", mailbox="entreprises",
      competences="chimie, matériaux, polymères, composites, agroalimentaire, "
      "génie des procédés, qualité",
      students=("intern", "work_study")),
    Org(ENSGTI, "school", "ensgti.example",
      "École d'ingénieurs de l'université de Pau en génie des procédés et énergétique.",
      "Jon Irigoyen", "05 59 40 78 00",
      competences="génie des procédés, énergétique, thermique, efficacité énergétique, "
      "chimie industrielle",
      students=("intern", "work_study")),
    Org(IUT_BORDEAUX, "school", "iut-bordeaux.example",
      "Institut universitaire de technologie : bachelors universitaires de technologie en "
      "génie mécanique et productique, génie électrique, qualité et logistique, en "
      "alternance ou avec stage.",
      "Marie-Pierre Lacoste", "05 56 84 57 00", mailbox="relations-entreprises",
      competences="génie mécanique et productique, génie électrique et informatique "
      "industrielle, qualité, logistique, techniciens",
      students=("intern", "work_study")),
    Org(BORDEAUX_SCIENCES_AGRO, "school", "bordeaux-sciences-agro.example",
      "École d'ingénieurs agronomes : agriculture, vigne et vin, agroalimentaire, forêt.",
      "Anne Lassalle", "05 57 35 07 07",
      competences="agronomie, vigne et vin, agroalimentaire, forêt, agroéquipements",
      students=("intern", "work_study")),
    Org(KEDGE, "school", "kedge.example",
      "École de management à Talence : marketing, commerce international, achats, "
      "management ; étudiants en stage et en alternance.",
      "Guillaume Ferrand", "05 56 84 55 55", mailbox="entreprises",
      competences="marketing, commerce international, stratégie, achats, management, "
      "ressources humaines, finance",
      students=("intern", "work_study")),
    Org(POLE_FORMATION, "school", "pole-formation-uimm-na.example",
      "Centre de formation d'apprentis et de formation continue de la métallurgie (Bordeaux, "
      "Bayonne, Agen) : usinage, chaudronnerie, maintenance, soudage, robotique.",
      "Régis Castaing", "05 56 57 44 00", mailbox="entreprises",
      competences="apprentissage, usinage, chaudronnerie, soudage, maintenance, robotique, "
      "certificats de qualification paritaire de la métallurgie",
      students=("work_study",)),
    Org(AEROSPACE_VALLEY, "cluster", "aerospace-valley.example",
      "Pôle de compétitivité aéronautique, spatial et systèmes embarqués de "
      "Nouvelle-Aquitaine et d'Occitanie. Monte des projets collaboratifs de R&D et "
      "accompagne la performance industrielle des sous-traitants.",
      "Frédéric Lavigne", "05 56 79 68 35",
      competences="aéronautique, spatial, drones, systèmes embarqués, performance industrielle, "
      "projets collaboratifs"),
    Org(ALPHA_RLH, "cluster", "alpha-rlh.example",
      "Pôle de compétitivité photonique, hyperfréquences et électronique. Aide les PME à "
      "intégrer lasers, capteurs optiques et électronique dans leurs produits.",
      "Céline Mesplède", "05 24 54 52 40",
      competences="photonique, lasers, optique, hyperfréquences, électronique, capteurs"),
    Org(XYLOFUTUR, "cluster", "xylofutur.example",
      "Pôle de compétitivité des produits et matériaux de la forêt cultivée. Accompagne les "
      "entreprises de la première et de la seconde transformation du bois dans leurs projets "
      "d'innovation.",
      "Thomas Labadie", "05 56 81 54 60",
      competences="forêt, bois, sciage, construction bois, panneaux, chimie du bois, papier"),
    Org(AGRI_SO, "cluster", "agrisudouest.example",
      "Pôle de compétitivité de l'agriculture et de l'agroalimentaire du Sud-Ouest. Met en "
      "relation les fabricants d'agroéquipements avec les filières et les centres d'essais.",
      "Marion Tastet", "05 53 77 35 90",
      competences="agroéquipements, agriculture de précision, agroalimentaire, filières "
      "agricoles, essais au champ"),
    Org(INNOVIN, "cluster", "innovin.example",
      "Cluster de la filière vitivinicole de Nouvelle-Aquitaine : fournisseurs de la vigne et "
      "du chai, laboratoires et châteaux.",
      "Pierre Castéra", "05 57 57 58 58",
      competences="vigne, vin, chai, œnologie, viticulture, équipements vinicoles"),
    Org(DIGITAL_AQUITAINE, "cluster", "digital-aquitaine.example",
      "Cluster des entreprises du numérique de Nouvelle-Aquitaine : met en relation les "
      "industriels avec les éditeurs, intégrateurs et sociétés de services numériques.",
      "Sébastien Morin", "05 56 00 72 00",
      competences="logiciel, intégration, cloud, données, cybersécurité, "
      "transformation numérique"),
    Org(AVENIA, "cluster", "pole-avenia.example",
      "Pôle de compétitivité des géosciences et de la transition énergétique, à Pau : "
      "énergie, sous-sol, hydrogène, stockage.",
      "Mikel Oyhenart", "05 59 06 48 00",
      competences="énergie, géosciences, hydrogène, stockage, captage du carbone, "
      "équipements sous pression"),
    Org(CATIE, "tech_centre", "catie.example",
      "Centre aquitain des technologies de l'information et électroniques, à Talence. "
      "Transfère aux PME les technologies numériques : intelligence artificielle, systèmes "
      "embarqués, objets connectés, cybersécurité, interfaces.",
      "Romain Dufourcq", "05 57 35 00 28",
      competences="intelligence artificielle, systèmes embarqués, objets connectés, "
      "cybersécurité, interfaces homme-machine, données, électronique"),
    Org(CETIM, "tech_centre", "cetim-sud-ouest.example",
      "Délégation régionale du centre technique des industries mécaniques. Expertise en "
      "procédés de fabrication, matériaux, énergie et performance industrielle ; formations "
      "inter et intra-entreprise.",
      "Gilles Barrère", "05 56 35 88 12", mailbox="sud-ouest",
      competences="procédés de fabrication, usinage, formage, soudage, matériaux, "
      "énergie, performance industrielle, contrôle, essais"),
    Org(COMPOSITADOUR, "tech_centre", "compositadour.example",
      "Plateforme technologique de l'ESTIA à Bayonne, dédiée aux composites : drapage "
      "automatisé, thermoplastiques, robotisation, démonstrateurs pour les industriels.",
      "Xabier Iribarren", "05 59 31 64 70",
      competences="composites, drapage automatisé, thermoplastiques, robotisation"),
    Org(ADDIMADOUR, "tech_centre", "addimadour.example",
      "Plateforme de fabrication additive métallique de l'ESTIA à Bayonne : dépôt de fil, "
      "fusion laser, réparation de pièces.",
      "Iker Bidegain", "05 59 31 64 80",
      competences="fabrication additive, impression 3D métal, dépôt de fil, réparation, "
      "titane, inconel"),
    Org(CANOE, "tech_centre", "canoe.example",
      "Centre technologique des composites et matériaux avancés, à Lacq et Pessac : "
      "formulation, mise en œuvre, recyclage des composites et des polymères.",
      "Damien Lacoste", "05 59 80 44 60",
      competences="composites, polymères, fibres, recyclage, matériaux biosourcés"),
    Org(ALPHANOV, "tech_centre", "alphanov.example",
      "Centre technologique optique et lasers, à Talence : procédés laser (soudage, "
      "découpe, micro-usinage, marquage), sources et composants photoniques.",
      "Aurélie Castagnet", "05 24 54 52 00",
      competences="lasers, procédés laser, soudage laser, découpe, micro-usinage, marquage, "
      "optique, photonique"),
    Org(FCBA, "tech_centre", "fcba.example",
      "Institut technologique de la forêt, du bois et de l'ameublement, site de Bordeaux : "
      "essais, certification, procédés de transformation du bois.",
      "Jérôme Duboscq", "05 56 43 63 00", mailbox="bordeaux",
      competences="bois, construction bois, ameublement, panneaux, essais, certification"),
    Org(INSTITUT_SOUDURE, "tech_centre", "institut-soudure-so.example",
      "Centre technique du soudage et du contrôle : qualification des soudeurs et des modes "
      "opératoires, expertise en assemblage, contrôle non destructif.",
      "Fabrice Larrouy", "05 56 34 12 12",
      competences="soudage, assemblage, contrôle non destructif, qualification, métallurgie"),
    Org(CRITT_AGRO, "tech_centre", "critt-agro.example",
      "Centre de ressources technologiques de l'agroalimentaire : procédés de "
      "transformation, conservation, emballage, hygiène des équipements.",
      "Valérie Peyrou", "05 46 44 00 00",
      competences="agroalimentaire, procédés alimentaires, conservation, séchage, emballage, "
      "hygiène, nettoyage des équipements"),
    Org(UIMM, "union", "uimm-aquitaine.example",
      "Union des industries et métiers de la métallurgie d'Aquitaine. Porte le programme PMI "
      "en AQT et accompagne les industriels sur l'emploi, les compétences, l'alternance et la "
      "formation avec son pôle formation.",
      "Isabelle Fontan", "05 56 41 20 10", mailbox="pmi-aqt",
      competences="emploi, compétences, ressources humaines, droit social, alternance, "
      "formation, métallurgie"),
    Org(EEN, "eu_programme", "een-nouvelle-aquitaine.example",
      "Réseau européen d'appui aux entreprises, porté en région par les CCI et l'ADI. "
      "Recherche de partenaires technologiques et commerciaux en Europe, accompagnement aux "
      "programmes européens d'innovation.",
      "Anne-Sophie Viguié", "05 56 79 52 37",
      competences="programmes européens, partenaires européens, Horizon Europe, EIC"),
    Org(FEDER, "eu_programme", "europe-nouvelle-aquitaine.example",
      "Les fonds européens de développement régional gérés par la Région : cofinancent les "
      "projets de recherche, d'innovation et de transition énergétique des entreprises.",
      "Lionel Darracq", "05 57 57 80 00", mailbox="feder",
      competences="fonds européens, FEDER, recherche, innovation, transition énergétique"),
]  # fmt: skip

S = DemoScheme
SCHEMES = [
    # --- ADI Nouvelle-Aquitaine
    S(ADI, "Diagnostic Usine du Futur", "expertise", ("process", "digital", "management"),
      "Cinq jours de diagnostic par un consultant agréé : organisation, procédés, numérique, "
      "énergie et compétences. Débouche sur une feuille de route de modernisation chiffrée ; "
      "coût pris en charge en grande partie par la Région.",
      headcount_bands=INDUSTRIAL, days=5,
      keywords=("usine du futur", "industrie 4.0", "modernisation", "feuille de route",
                "diagnostic global", "organisation industrielle")),
    S(ADI, "Accompagnement stratégie PME", "expertise", ("management", "marketing"),
      "Un chargé d'affaires de l'agence aide le dirigeant à formaliser sa stratégie, à "
      "prioriser ses projets et à identifier les financements mobilisables.",
      headcount_bands=(SMALL, MEDIUM), days=4,
      keywords=("stratégie", "dirigeant", "plan stratégique", "priorités", "diversification")),
    S(ADI, "Action collective Usine du Futur", "training", ("process", "social", "management"),
      "Cycle de six journées entre dirigeants de PMI : visites d'usines, ateliers lean et "
      "numérique, retours d'expérience et échanges entre pairs.",
      days=6, calls=(opens_in(30, lasting=45, label="Promotion d'automne"),),
      keywords=("dirigeants", "échanges entre pairs", "visites d'usines", "collectif")),
    S(ADI, "Mise en relation avec les laboratoires", "research", ("crossover", "process"),
      "Identification des équipes de recherche compétentes, organisation des premières "
      "rencontres et aide au montage d'un partenariat ou d'une prestation.",
      keywords=("laboratoire", "recherche", "partenariat", "transfert de technologie",
                "compétences scientifiques")),
    S(ADI, "Programme Robotisation PME", "expertise", ("process", "digital"),
      "Étude d'opportunité et cahier des charges d'un projet de robotisation ou de "
      "cobotique par un intégrateur indépendant : postes à robotiser, retour sur "
      "investissement, sécurité, choix du robot.",
      headcount_bands=SME, days=8, months=6,
      keywords=("robot", "robotique", "robotisation", "cobot", "cobotique", "automatisation",
                "cellule robotisée", "manipulation", "chargement de machines")),
    # --- Région Nouvelle-Aquitaine
    S(REGION, "Aide à l'innovation", "funding", ("crossover", "process", "digital"),
      "Subvention aux projets de développement de produits, procédés ou services innovants : "
      "jusqu'à 50 % des dépenses de R&D et d'études éligibles.",
      budget=(30_000, 2_000_000), amount=(15_000, 300_000), rate=50,
      keywords=("innovation", "prototype", "développement de produit", "R&D",
                "nouveau procédé", "faisabilité")),
    S(REGION, "Aide au conseil", "funding", ("management", "marketing", "social"),
      "Prise en charge de 50 % des prestations de conseil extérieur (stratégie, marketing, "
      "organisation, ressources humaines) dans la limite de 30 000 €.",
      headcount_bands=SME, amount=(3_000, 30_000), rate=50,
      keywords=("conseil", "consultant", "prestation de conseil", "étude", "organisation")),
    S(REGION, "Aide à l'investissement Usine du Futur", "funding", ("process", "digital"),
      "Subvention ou avance remboursable pour les investissements de modernisation "
      "(machines, robotique, numérique) issus d'un diagnostic Usine du Futur.",
      headcount_bands=INDUSTRIAL, budget=(100_000, 5_000_000), amount=(20_000, 800_000),
      rate=20, calls=(open_until(20, since=100, label="Session de printemps"),),
      keywords=("investissement", "machines", "équipements", "robot", "modernisation",
                "ligne de production")),
    S(REGION, "Accompagnement marketing export", "expertise", ("marketing",),
      "Avec Team France Export : étude des marchés cibles, plan d'action commercial, "
      "participation aux salons internationaux et volontariat international en entreprise.",
      keywords=("export", "international", "marchés cibles", "plan d'action commercial")),
    S(REGION, "Appel à projets Industrie du futur collaboratif", "funding",
      ("crossover", "process", "digital"),
      "Subvention des projets associant au moins deux entreprises et un laboratoire pour "
      "développer des technologies de production : robotique, procédés, numérique.",
      budget=(200_000, 3_000_000), amount=(50_000, 1_000_000), rate=45,
      calls=(closed_since(40, label="Appel 2026"),),
      keywords=("collaboratif", "consortium", "laboratoire", "robotique", "procédés",
                "technologies de production")),
    S(REGION, "Aide au recrutement de cadres d'innovation", "funding", ("social", "management"),
      "Prise en charge de 50 % du salaire chargé de la première année d'un cadre recruté "
      "pour porter un projet d'innovation (ingénieur, chef de projet, designer).",
      headcount_bands=SME, amount=(10_000, 40_000), rate=50, months=12,
      keywords=("recrutement", "cadre", "ingénieur", "chef de projet", "embauche",
                "premier ingénieur")),
    # --- Bpifrance
    S(BPI, "Aide pour projet d'innovation", "funding", ("crossover", "process", "digital"),
      "Subvention ou avance remboursable à taux zéro pour les phases de conception, de "
      "prototypage et de pré-industrialisation d'un produit ou d'un procédé innovant.",
      amount=(30_000, 500_000), rate=45,
      keywords=("innovation", "prototypage", "avance remboursable", "pré-industrialisation",
                "produit innovant")),
    S(BPI, "Prêt d'amorçage", "funding", ("crossover", "marketing"),
      "Prêt sans garantie de 50 000 à 300 000 €, différé d'amortissement de deux ans, pour "
      "préparer une levée de fonds ou la mise sur le marché d'une innovation.",
      headcount_bands=(MICRO, SMALL), amount=(50_000, 300_000),
      keywords=("prêt", "levée de fonds", "mise sur le marché", "trésorerie", "start-up")),
    S(BPI, "Accélérateur PME Nouvelle-Aquitaine", "expertise", ("management", "marketing"),
      "Programme de 18 mois pour les dirigeants : conseil, formation et mise en réseau, "
      "cofinancé par la Région.",
      headcount_bands=(SMALL, MEDIUM), months=18,
      calls=(yearly(-200, -120, label="Promotion annuelle"),),
      keywords=("dirigeant", "croissance", "accélérateur", "réseau", "changement d'échelle")),
    S(BPI, "Diagnostic Data IA", "expertise", ("digital",),
      "Diagnostic de dix jours par un expert pour identifier les usages de la donnée et de "
      "l'intelligence artificielle utiles à l'entreprise, avec un plan d'action.",
      headcount_bands=INDUSTRIAL, days=10,
      keywords=("données", "data", "intelligence artificielle", "IA", "maintenance prédictive",
                "algorithmes")),
    S(BPI, "Prêt Industrie du futur", "funding", ("process", "digital"),
      "Prêt de 7 ans sans garantie pour financer les investissements immatériels et "
      "matériels de modernisation : logiciels, robots, machines connectées.",
      budget=(50_000, 5_000_000), amount=(30_000, 5_000_000),
      keywords=("prêt", "investissement", "machines", "robots", "logiciels", "modernisation")),
    S(BPI, "Assurance prospection", "funding", ("marketing",),
      "Avance sur les dépenses de prospection à l'étranger, remboursée selon le chiffre "
      "d'affaires réalisé à l'export.",
      headcount_bands=SME, amount=(10_000, 1_500_000),
      keywords=("export", "prospection", "marchés étrangers", "international", "salons")),
    S(BPI, "Bourse French Tech", "funding", ("crossover",),
      "Subvention aux très jeunes entreprises innovantes pour la preuve de concept de leur "
      "technologie.",
      headcount_bands=(MICRO,), amount=(10_000, 30_000), rate=70,
      keywords=("start-up", "jeune entreprise", "preuve de concept", "création")),
    # --- ADEME
    S(ADEME, "Diagnostic énergie-décarbonation", "expertise", ("process", "management"),
      "Six jours d'un bureau d'études spécialisé pour mesurer les consommations d'énergie de "
      "l'usine, établir le bilan carbone des procédés et chiffrer un plan de décarbonation.",
      headcount_bands=SME, days=6, rate=60,
      keywords=("énergie", "énergétique", "consommation", "décarbonation", "carbone",
                "bilan carbone", "audit énergétique", "four", "fours", "chaleur",
                "efficacité énergétique", "facture d'énergie")),
    S(ADEME, "Aide aux études d'efficacité énergétique", "funding", ("process",),
      "Subvention des études préalables à un investissement de réduction des consommations "
      "d'énergie : récupération de chaleur, changement de procédé, pilotage.",
      amount=(5_000, 50_000), rate=50,
      keywords=("énergie", "énergétique", "efficacité énergétique", "étude de faisabilité",
                "consommation", "four", "chaleur", "compresseur", "air comprimé")),
    S(ADEME, "Fonds chaleur — récupération de chaleur fatale", "funding", ("process",),
      "Subvention des installations qui récupèrent la chaleur perdue des fours, des "
      "compresseurs ou des eaux de refroidissement pour la réutiliser dans l'usine.",
      budget=(100_000, 10_000_000), amount=(30_000, 2_000_000), rate=40,
      calls=(open_until(45, since=30),),
      keywords=("chaleur fatale", "récupération de chaleur", "four", "fours", "chaudière",
                "chaleur renouvelable", "refroidissement", "énergie")),
    S(ADEME, "Tremplin transition écologique des PME", "funding",
      ("process", "management", "marketing"),
      "Aide forfaitaire aux premières actions de transition écologique : études, "
      "équipements sobres, écoconception, réduction des déchets.",
      headcount_bands=SME, amount=(5_000, 200_000), rate=50,
      calls=(closed_since(20, lasted=200),),
      keywords=("transition écologique", "déchets", "écoconception", "sobriété", "énergie",
                "environnement")),
    S(ADEME, "Accompagnement écoconception", "expertise", ("crossover", "marketing"),
      "Un expert en écoconception analyse le cycle de vie du produit et propose des pistes "
      "pour réduire son impact : matériaux recyclés, démontabilité, réparabilité.",
      days=5, rate=70,
      keywords=("écoconception", "analyse de cycle de vie", "recyclabilité", "recyclé",
                "recyclage", "impact environnemental", "matériaux biosourcés")),
    # --- CCI
    S(CCI, "Prospection commerciale accompagnée", "expertise", ("marketing",),
      "Un conseiller aide à cibler de nouveaux clients en France, à construire l'argumentaire "
      "et à organiser les premiers rendez-vous.",
      headcount_bands=SME, days=4,
      keywords=("prospection", "nouveaux clients", "commercial", "argumentaire",
                "diversification", "marché")),
    S(CCI, "Diagnostic numérique CCI", "expertise", ("digital",),
      "Une demi-journée de diagnostic des usages numériques (site web, outils de gestion, "
      "cybersécurité) et des pistes d'amélioration pour les petites entreprises.",
      headcount_bands=SMALL_SME, days=1,
      keywords=("site web", "outils numériques", "gestion", "e-commerce", "numérique")),
    S(CCI, "Formation commerciale des techniciens", "training", ("marketing", "social"),
      "Deux jours pour les techniciens et chargés d'affaires : comprendre le besoin du "
      "client, chiffrer, négocier.",
      days=2, keywords=("vente", "négociation", "chargé d'affaires", "commercial", "devis")),
    S(CCI, "Appui à la transmission d'entreprise", "expertise", ("management",),
      "Préparation de la cession : évaluation, recherche de repreneurs, accompagnement du "
      "cédant et du repreneur.",
      keywords=("transmission", "reprise", "cession", "repreneur", "succession")),
    S(CCI_BAYONNE, "Coopération industrielle transfrontalière", "expertise",
      ("marketing", "crossover"),
      "Mise en relation avec les industriels et les centres technologiques du Pays basque "
      "espagnol et de Navarre ; accompagnement des premiers échanges.",
      departments=BASQUE_BEARN,
      keywords=("Espagne", "transfrontalier", "Pays basque", "Navarre", "coopération")),
    S(CCI_BAYONNE, "Club industrie Pays basque", "training", ("management", "social"),
      "Rencontres mensuelles des dirigeants industriels basques autour d'un thème : "
      "recrutement, énergie, numérique.",
      departments=("64",),
      keywords=("club", "dirigeants", "rencontres", "réseau")),
    S(CMA, "Diagnostic développement artisan", "expertise", ("management", "marketing"),
      "Un conseiller de la chambre fait le point avec l'artisan sur son activité, ses marchés "
      "et son organisation, et propose un plan de développement.",
      headcount_bands=(MICRO,), days=2,
      keywords=("artisan", "artisanat", "développement", "atelier", "très petite entreprise")),
    S(CMA, "Accompagnement transmission artisanale", "expertise", ("management",),
      "Évaluation de l'entreprise artisanale et recherche d'un repreneur parmi les "
      "candidats suivis par la chambre.",
      headcount_bands=(MICRO,),
      keywords=("transmission", "reprise", "cession", "artisan", "retraite")),
    S(CMA, "Formation gestion des entreprises artisanales", "training", ("management",),
      "Parcours de formation à la gestion, au chiffrage et au pilotage de l'entreprise "
      "artisanale.",
      headcount_bands=(MICRO,), days=8,
      keywords=("gestion", "chiffrage", "comptabilité", "artisan")),
    S(TEAM_FRANCE_EXPORT, "Prospection export accompagnée", "expertise", ("marketing",),
      "Un conseiller international de la filière prépare une mission de prospection : "
      "ciblage des distributeurs, rendez-vous qualifiés, suivi des contacts.",
      keywords=("export", "international", "marchés étrangers", "distributeurs",
                "importateurs", "prospection")),
    S(TEAM_FRANCE_EXPORT, "Pavillon régional sur les salons internationaux", "expertise",
      ("marketing",),
      "Stand sur le pavillon de la Région dans les grands salons industriels à l'étranger, "
      "avec une partie des frais pris en charge.",
      calls=(open_until(12, since=50, label="Salons du second semestre"),),
      keywords=("salon", "salons internationaux", "exposition", "export", "stand")),
    S(TEAM_FRANCE_EXPORT, "Chèque relance export", "funding", ("marketing",),
      "Prise en charge de la moitié d'une prestation d'accompagnement à l'export.",
      headcount_bands=SME, amount=(1_000, 4_000), rate=50,
      calls=(closed_since(100, lasted=300),),
      keywords=("export", "chèque", "prestation", "international")),
    S(INPI, "Prédiagnostic propriété industrielle", "expertise", ("crossover", "management"),
      "Deux jours d'un expert de l'INPI pour faire le point sur ce que l'entreprise peut "
      "protéger (brevets, marques, dessins et modèles) et sur les risques de contrefaçon.",
      headcount_bands=SME, days=2,
      keywords=("brevet", "brevets", "propriété industrielle", "protection", "marque",
                "contrefaçon", "dépôt", "liberté d'exploitation")),
    S(INPI, "Pass PI", "funding", ("crossover",),
      "Prise en charge d'une partie des premières prestations de conseil en propriété "
      "industrielle : recherche d'antériorités, rédaction et dépôt d'un brevet.",
      headcount_bands=SME, amount=(2_000, 10_000), rate=50,
      keywords=("brevet", "dépôt de brevet", "antériorités", "propriété industrielle")),
    S(INPI, "Formation propriété industrielle", "training", ("management", "crossover"),
      "Une journée pour les dirigeants et les ingénieurs : protéger ses innovations, "
      "exploiter les bases de brevets, gérer les secrets.",
      days=1, keywords=("brevets", "veille", "propriété industrielle", "secret des affaires")),
    S(AQUITI, "Fonds de co-investissement régional", "funding", ("management", "crossover"),
      "Prise de participation minoritaire aux côtés d'investisseurs privés pour financer la "
      "croissance ou un projet d'innovation important.",
      headcount_bands=(SMALL, MEDIUM), amount=(100_000, 2_000_000),
      keywords=("fonds propres", "levée de fonds", "capital", "actionnaires", "investisseurs",
                "croissance")),
    S(AQUITI, "Fonds de transmission", "funding", ("management",),
      "Financement en fonds propres de la reprise d'une PME industrielle par ses cadres ou "
      "un repreneur extérieur.",
      headcount_bands=(SMALL, MEDIUM), amount=(200_000, 3_000_000),
      keywords=("transmission", "reprise", "rachat", "LBO", "repreneur")),
    # --- Employment and skills
    S(FRANCE_TRAVAIL, "Préparation opérationnelle à l'emploi (POE)", "training", ("social",),
      "Formation de demandeurs d'emploi aux compétences d'un poste avant leur embauche, "
      "financée par France Travail et l'OPCO : soudeurs, usineurs, chaudronniers, "
      "opérateurs.",
      days=60,
      keywords=("recrutement", "recruter", "embauche", "demandeurs d'emploi",
                "métiers en tension", "pénurie", "soudeur", "usineur", "chaudronnier",
                "opérateur")),
    S(FRANCE_TRAVAIL, "Méthode de recrutement par simulation", "expertise", ("social",),
      "Recrutement sans CV, sur les habiletés des candidats évaluées en situation de "
      "travail : élargit le vivier pour les postes difficiles à pourvoir.",
      keywords=("recrutement", "recruter", "embauche", "candidats", "postes difficiles",
                "sans CV")),
    S(FRANCE_TRAVAIL, "Aide à l'embauche en contrat de professionnalisation", "funding",
      ("social",),
      "Aide forfaitaire à l'embauche d'un demandeur d'emploi de plus de 26 ans en contrat "
      "de professionnalisation.",
      amount=(1_000, 2_000),
      keywords=("embauche", "contrat de professionnalisation", "recrutement", "aide")),
    S(CAP_METIERS, "Appui à la gestion prévisionnelle des emplois et compétences", "expertise",
      ("social", "management"),
      "Outils et données pour anticiper les départs en retraite, les besoins en compétences "
      "et la transmission des savoir-faire dans l'entreprise.",
      headcount_bands=INDUSTRIAL,
      keywords=("GPEC", "compétences", "pyramide des âges", "départs en retraite",
                "transmission des savoir-faire", "emplois")),
    S(CAP_METIERS, "Diagnostic métiers en tension", "expertise", ("social",),
      "Analyse des métiers difficiles à recruter de l'entreprise et des formations "
      "existantes sur le territoire.",
      keywords=("métiers en tension", "recrutement", "formations", "territoire",
                "attractivité")),
    S(OPCO, "Financement du plan de développement des compétences", "funding", ("social",),
      "Prise en charge des formations des salariés des entreprises de moins de 50 salariés.",
      headcount_bands=SMALL_SME, amount=(500, 15_000),
      keywords=("formation", "former", "salariés", "compétences", "plan de formation")),
    S(OPCO, "Prestation conseil RH PME", "expertise", ("social", "management"),
      "Trois jours de conseil en ressources humaines pris en charge : recrutement, "
      "entretiens professionnels, organisation du travail.",
      headcount_bands=SME, days=3,
      keywords=("ressources humaines", "RH", "recrutement", "entretiens professionnels",
                "organisation du travail")),
    S(OPCO, "Pro-A : reconversion ou promotion par alternance", "funding", ("social",),
      "Financement de la formation en alternance de salariés qui changent de métier ou "
      "montent en qualification.",
      keywords=("reconversion", "promotion", "alternance", "salariés", "qualification",
                "polyvalence")),
    S(OPCO, "Aide au financement de l'apprentissage", "funding", ("social",),
      "Prise en charge du coût de la formation des apprentis, du CAP au diplôme "
      "d'ingénieur.",
      keywords=("apprenti", "apprentis", "apprentissage", "alternance", "contrat")),
]  # fmt: skip

SCHEMES += [
    # --- Laboratories
    S(I2M, "Contrat CIFRE", "phd", ("crossover", "process"),
      "Thèse de trois ans en entreprise, encadrée par l'I2M, sur les procédés, les matériaux "
      "ou l'usinage ; l'ANRT subventionne une partie du salaire du doctorant.",
      months=36, keywords=("thèse", "doctorant", "CIFRE", "usinage", "matériaux", "procédés")),
    S(I2M, "Projet de recherche collaboratif procédés et matériaux", "research",
      ("process", "crossover"),
      "Essais, modélisation et caractérisation menés avec une équipe du laboratoire, dans un "
      "contrat de collaboration qui fixe la propriété des résultats.",
      budget=(50_000, 1_000_000), months=24,
      keywords=("procédés", "matériaux", "modélisation", "simulation", "caractérisation")),
    S(I2M, "Prestation d'essais mécaniques et de caractérisation", "expertise",
      ("process", "crossover"),
      "Essais de fatigue, de rupture, d'usure et de frottement sur les bancs du laboratoire, "
      "avec l'interprétation des résultats.",
      keywords=("essais", "fatigue", "rupture", "usure", "tribologie", "caractérisation",
                "durée de vie")),
    S(I2M, "Chaire industrielle usinage des alliages durs", "research", ("process",),
      "Programme de recherche partagé par plusieurs industriels sur l'usinage du titane, "
      "des superalliages et des composites : outils, conditions de coupe, intégrité des "
      "surfaces.",
      headcount_bands=INDUSTRIAL, budget=(100_000, 2_000_000), months=48,
      keywords=("usinage", "titane", "inconel", "superalliages", "outils coupants",
                "conditions de coupe")),
    S(IMS, "Contrat CIFRE", "phd", ("digital", "crossover"),
      "Thèse en entreprise encadrée par l'IMS : vision, traitement du signal, électronique "
      "de puissance, automatique.",
      months=36, keywords=("thèse", "doctorant", "CIFRE", "vision", "signal", "automatique")),
    S(IMS, "Prestation de recherche vision et capteurs", "research", ("digital", "crossover"),
      "Étude de faisabilité et prototype de systèmes de vision, de capteurs ou d'algorithmes "
      "de traitement d'image pour l'industrie.",
      keywords=("vision", "caméra", "capteurs", "traitement d'image", "contrôle qualité",
                "détection de défauts")),
    S(IMS, "Projet collaboratif robotique et automatique", "research",
      ("digital", "crossover", "process"),
      "Recherche partagée sur la commande de robots et de machines : asservissement, "
      "coopération homme-robot, planification de trajectoires.",
      budget=(80_000, 1_500_000), months=24,
      keywords=("robot", "robotique", "cobot", "commande", "automatique", "asservissement",
                "trajectoires", "homme-robot")),
    S(IPREM, "Laboratoire commun polymères et composites", "research", ("crossover", "process"),
      "Programme de recherche partagé sur plusieurs années avec une équipe de l'IPREM : "
      "formulation, recyclabilité et caractérisation des polymères et composites.",
      departments=SOUTH, trades=("composite", "composites", "plastique", "plastiques",
                                 "textile", "textiles", "polymères"),
      budget=(150_000, 3_000_000), months=48,
      keywords=("polymères", "composites", "recyclabilité", "formulation")),
    S(IPREM, "Analyses physico-chimiques et environnementales", "expertise",
      ("process", "crossover"),
      "Analyses de matériaux, de rejets et d'émissions sur les plateformes de l'institut, "
      "avec l'interprétation d'un chercheur.",
      departments=SOUTH,
      keywords=("analyses", "chimie analytique", "rejets", "émissions", "pollution",
                "contamination")),
    S(LABRI, "Contrat CIFRE", "phd", ("digital", "crossover"),
      "Thèse en entreprise encadrée par le LaBRI : intelligence artificielle, optimisation, "
      "logiciel.",
      months=36, keywords=("thèse", "doctorant", "CIFRE", "IA", "logiciel", "optimisation")),
    S(LABRI, "Projet de recherche en intelligence artificielle", "research",
      ("digital", "crossover"),
      "Une équipe du laboratoire développe avec l'entreprise des algorithmes "
      "d'apprentissage, de prédiction ou d'optimisation sur ses propres données.",
      budget=(50_000, 800_000), months=18,
      keywords=("intelligence artificielle", "IA", "apprentissage automatique", "données",
                "prédiction", "optimisation", "planification", "algorithmes")),
    S(LABRI, "Stage de master informatique", "intern", ("digital",),
      "Stage de six mois d'un étudiant de master en informatique : données, développement, "
      "intelligence artificielle.",
      months=6, keywords=("stagiaire", "stage", "informatique", "développement", "données")),
    S(ICMCB, "Projet de recherche revêtements et matériaux", "research",
      ("crossover", "process"),
      "Mise au point de revêtements, de céramiques ou de matériaux fonctionnels avec une "
      "équipe de l'institut.",
      budget=(50_000, 1_000_000),
      keywords=("revêtement", "revêtements", "traitement de surface", "corrosion",
                "céramique", "dépôt", "matériaux")),
    S(ICMCB, "Contrat CIFRE", "phd", ("crossover",),
      "Thèse en entreprise sur les matériaux, les revêtements ou le stockage de l'énergie.",
      months=36, keywords=("thèse", "doctorant", "CIFRE", "matériaux", "revêtements")),
    S(LCPO, "Projet de recherche polymères biosourcés", "research", ("crossover", "process"),
      "Développement de polymères biosourcés ou recyclables et de leur formulation avec une "
      "équipe du laboratoire.",
      budget=(50_000, 1_000_000),
      keywords=("polymère", "polymères", "plastique", "biosourcé", "recyclable",
                "recyclage", "formulation", "adhésif")),
    S(LCPO, "Contrat CIFRE", "phd", ("crossover",),
      "Thèse en entreprise sur la chimie et la formulation des polymères.",
      months=36, keywords=("thèse", "doctorant", "CIFRE", "polymères")),
    S(INRAE, "Expérimentation au vignoble et au verger", "research", ("crossover",),
      "Essais d'un équipement ou d'une pratique sur les parcelles expérimentales du centre, "
      "avec un protocole et des mesures agronomiques.",
      trades=AGRIFOOD + WINE, naf_included=("01", "28.30"), months=12,
      keywords=("vigne", "vignoble", "verger", "essais au champ", "pulvérisation",
                "traitements", "biocontrôle", "capteurs", "agronomie")),
    S(INRAE, "Contrat CIFRE", "phd", ("crossover",),
      "Thèse en entreprise sur l'agriculture, l'alimentation ou l'environnement.",
      trades=AGRIFOOD + WINE, months=36,
      keywords=("thèse", "doctorant", "CIFRE", "agronomie", "alimentation")),
    S(INRAE, "Partenariat de recherche forêt et bois", "research", ("crossover",),
      "Recherche sur la ressource forestière, la qualité des bois et leurs usages.",
      trades=WOOD, naf_included=("02", "16"),
      keywords=("forêt", "pin maritime", "qualité du bois", "sylviculture")),
    S(CEA_TECH, "Programme de transfert technologique PME", "research",
      ("crossover", "digital", "process"),
      "Développement conjoint d'une technologie du CEA adaptée au produit de la PME : "
      "capteurs, contrôle non destructif, fabrication additive, IA embarquée.",
      budget=(80_000, 1_500_000), months=18,
      keywords=("transfert de technologie", "capteurs", "contrôle non destructif",
                "fabrication additive", "IA embarquée", "prototype")),
    S(CEA_TECH, "Démonstrateur contrôle non destructif", "expertise", ("process", "digital"),
      "Essai d'une méthode de contrôle non destructif sur les pièces de l'entreprise : "
      "ultrasons, radiographie, thermographie, vision.",
      keywords=("contrôle non destructif", "CND", "ultrasons", "défauts", "inspection",
                "soudures", "contrôle qualité")),
    S(CEA_TECH, "Diagnostic technologique CEA", "expertise", ("crossover",),
      "Trois jours d'ingénieurs du CEA pour évaluer les technologies utiles au projet de "
      "la PME.",
      headcount_bands=SME, days=3,
      keywords=("diagnostic technologique", "technologies", "faisabilité")),
    # --- Engineering schools
    S(ENSAM, "Stage ingénieur 6 mois", "intern", ("process", "digital", "management",
                                                  "crossover"),
      "Stage de fin d'études d'un élève ingénieur Arts et Métiers sur un projet défini avec "
      "l'entreprise, suivi par un enseignant de l'école.",
      months=6, calls=(yearly(-150, 30, label="Offres de stage de l'année"),),
      keywords=("stagiaire", "stage", "élève ingénieur", "fin d'études", "mécanique",
                "industrialisation")),
    S(ENSAM, "Alternance ingénieur", "work_study", ("process", "management", "digital"),
      "Recrutement d'un apprenti ingénieur en génie industriel pour trois ans, au rythme de "
      "périodes alternées entre l'école et l'entreprise.",
      months=36,
      keywords=("alternant", "alternance", "apprenti ingénieur", "génie industriel",
                "génie mécanique")),
    S(ENSAM, "Projet industriel d'élèves ingénieurs", "expertise", ("process", "crossover"),
      "Une équipe de cinq élèves traite un sujet de l'entreprise pendant un semestre : "
      "conception, étude d'industrialisation, amélioration d'un poste.",
      months=5, calls=(opens_in(20, lasting=40, label="Sujets du semestre"),),
      keywords=("projet d'élèves", "conception", "étude", "industrialisation")),
    S(ENSAM, "Contrat CIFRE", "phd", ("process", "crossover"),
      "Thèse en entreprise encadrée par les équipes d'Arts et Métiers : fabrication, "
      "conception, industrialisation.",
      months=36, keywords=("thèse", "doctorant", "CIFRE", "fabrication", "conception")),
    S(ESTIA, "Alternance ingénieur", "work_study", ("digital", "process", "management"),
      "Apprenti ingénieur généraliste de l'ESTIA pendant trois ans, avec une mission "
      "d'innovation confiée par l'entreprise.",
      departments=SOUTH, months=36,
      keywords=("alternant", "alternance", "apprenti ingénieur", "généraliste")),
    S(ESTIA, "Stage ingénieur 6 mois", "intern", ("digital", "crossover", "marketing"),
      "Stage de fin d'études d'un élève ingénieur de l'ESTIA : développement de produit, "
      "industrialisation, transformation numérique ou développement international.",
      departments=BASQUE_BEARN, months=6,
      keywords=("stagiaire", "stage", "élève ingénieur", "fin d'études")),
    S(ESTIA, "Atelier design et créativité", "expertise", ("marketing", "crossover"),
      "Séances de créativité et de design de produits et de services avec les enseignants et "
      "les élèves de l'école, pour imaginer une nouvelle offre.",
      keywords=("design", "créativité", "nouvelle offre", "ergonomie", "produit")),
    S(ESTIA, "Contrat CIFRE", "phd", ("crossover", "digital"),
      "Thèse en entreprise encadrée par ESTIA Recherche : robotique, composites, design, "
      "usine numérique.",
      departments=SOUTH, months=36,
      keywords=("thèse", "doctorant", "CIFRE", "robotique", "composites")),
    S(ENSEIRB, "Alternance ingénieur électronique et informatique", "work_study",
      ("digital",),
      "Apprenti ingénieur en électronique, informatique ou systèmes embarqués pendant trois "
      "ans.",
      months=36,
      keywords=("alternant", "alternance", "électronique", "informatique", "logiciel",
                "systèmes embarqués", "réseaux")),
    S(ENSEIRB, "Stage ingénieur systèmes embarqués", "intern", ("digital", "crossover"),
      "Stage de fin d'études en électronique embarquée, logiciel ou télécommunications.",
      months=6,
      keywords=("stagiaire", "stage", "électronique embarquée", "logiciel", "objets connectés")),
    S(ENSEIRB, "Projet d'élèves en cybersécurité", "expertise", ("digital",),
      "Des élèves de la filière cybersécurité auditent le réseau et les machines de "
      "l'entreprise sous la conduite d'un enseignant.",
      calls=(closed_since(10, lasted=60, label="Sujets de l'année"),),
      keywords=("cybersécurité", "audit", "réseau", "sécurité informatique")),
    S(ENSCBP, "Alternance ingénieur matériaux composites", "work_study",
      ("process", "crossover"),
      "Apprenti ingénieur en matériaux : composites, polymères, traitements de surface.",
      months=36,
      keywords=("alternant", "alternance", "composites", "polymères", "matériaux")),
    S(ENSCBP, "Stage ingénieur agroalimentaire", "intern", ("process",),
      "Stage de fin d'études en génie des procédés alimentaires, qualité ou "
      "développement de produits alimentaires.",
      trades=FOOD + ("agroalimentaires",), months=6,
      keywords=("stagiaire", "stage", "procédés alimentaires", "qualité")),
    S(ENSGTI, "Stage ingénieur énergétique", "intern", ("process",),
      "Stage de fin d'études en génie énergétique : bilan thermique, efficacité énergétique "
      "des procédés, récupération de chaleur.",
      months=6,
      keywords=("stagiaire", "stage", "énergie", "énergétique", "thermique", "four",
                "efficacité énergétique")),
    S(ENSGTI, "Alternance ingénieur génie des procédés", "work_study", ("process",),
      "Apprenti ingénieur en génie des procédés et énergétique pour trois ans.",
      departments=SOUTH, months=36,
      keywords=("alternant", "alternance", "génie des procédés", "énergétique", "chimie")),
    S(IUT_BORDEAUX, "Alternance technicien génie mécanique et productique", "work_study",
      ("process",),
      "Apprenti en bachelor universitaire de technologie GMP : méthodes, usinage, "
      "programmation des machines à commande numérique.",
      departments=NORTH + ("47",), months=36,
      keywords=("alternant", "alternance", "apprenti", "technicien", "usinage", "méthodes",
                "commande numérique")),
    S(IUT_BORDEAUX, "Stage technicien qualité et logistique", "intern", ("process",
                                                                          "management"),
      "Stage de dix semaines d'un étudiant en qualité, logistique et organisation "
      "industrielle.",
      months=3,
      keywords=("stagiaire", "stage", "qualité", "logistique", "flux", "stocks")),
    S(IUT_BORDEAUX, "Alternance technicien génie électrique et informatique industrielle",
      "work_study", ("digital", "process"),
      "Apprenti technicien en automatismes, électricité industrielle et informatique "
      "industrielle.",
      months=36,
      keywords=("alternant", "alternance", "automatisme", "automate", "électrique",
                "maintenance", "informatique industrielle")),
    S(BORDEAUX_SCIENCES_AGRO, "Stage ingénieur agronome", "intern", ("crossover", "marketing"),
      "Stage de fin d'études d'un ingénieur agronome : essais, étude de marché agricole, "
      "développement d'agroéquipements.",
      trades=AGRIFOOD + WINE, months=6,
      keywords=("stagiaire", "stage", "agronomie", "essais", "agroéquipement")),
    S(BORDEAUX_SCIENCES_AGRO, "Alternance ingénieur vigne et vin", "work_study",
      ("crossover", "process"),
      "Apprenti ingénieur en viticulture-œnologie ou en agroalimentaire pendant trois ans.",
      trades=AGRIFOOD + WINE, months=36,
      keywords=("alternant", "alternance", "viticulture", "œnologie", "agroalimentaire")),
    S(KEDGE, "Stage marketing et commerce international", "intern", ("marketing",),
      "Stage de six mois d'un étudiant en école de management : étude de marché, plan "
      "marketing, prospection à l'export.",
      months=6,
      keywords=("stagiaire", "stage", "marketing", "étude de marché", "export", "commercial",
                "communication")),
    S(KEDGE, "Alternance chargé d'affaires export", "work_study", ("marketing",),
      "Étudiant en alternance sur deux ans pour développer les ventes à l'international.",
      months=24,
      keywords=("alternant", "alternance", "export", "international", "chargé d'affaires")),
    S(KEDGE, "Mission conseil d'étudiants en stratégie", "expertise",
      ("management", "marketing"),
      "Une équipe d'étudiants encadrée par un professeur traite une question de stratégie "
      "ou de marketing de l'entreprise en huit semaines.",
      calls=(opens_in(40, lasting=30),),
      keywords=("stratégie", "marketing", "mission", "étudiants", "positionnement")),
    S(POLE_FORMATION, "Apprentissage aux métiers de la production", "work_study",
      ("social", "process"),
      "Apprentis du CAP au BTS en usinage, chaudronnerie, soudage et maintenance, formés "
      "dans les centres de Bordeaux, Bayonne et Agen.",
      months=24,
      keywords=("apprenti", "apprentis", "apprentissage", "usinage", "chaudronnerie",
                "soudage", "tourneur", "fraiseur", "maintenance")),
    S(POLE_FORMATION, "Certificats de qualification paritaire de la métallurgie", "training",
      ("social", "process"),
      "Parcours certifiants pour les salariés : opérateur régleur, soudeur, technicien de "
      "maintenance, animateur d'équipe.",
      days=40,
      keywords=("CQPM", "qualification", "certification", "opérateur", "régleur", "soudeur",
                "compétences", "salariés")),
    S(POLE_FORMATION, "Formation continue soudage et robotique", "training",
      ("process", "social"),
      "Stages courts de soudage (TIG, MIG, orbital) et de programmation de robots de "
      "soudage et de manipulation.",
      days=5,
      keywords=("soudage", "soudeur", "robot", "robotique", "programmation robot",
                "robot de soudage")),
    S(POLE_FORMATION, "Formation maintenance industrielle", "training", ("process", "social"),
      "Formations de techniciens de maintenance : mécanique, électricité, automatismes, "
      "maintenance préventive.",
      days=10,
      keywords=("maintenance", "technicien", "automatismes", "pannes", "préventive")),
]  # fmt: skip

SCHEMES += [
    # --- Clusters
    S(AEROSPACE_VALLEY, "Performance industrielle aéronautique", "expertise",
      ("process", "management"),
      "Programme d'amélioration de la performance des fournisseurs (qualité, coûts, délais), "
      "aligné sur les exigences des donneurs d'ordre de la filière.",
      headcount_bands=INDUSTRIAL, trades=AERONAUTICS, naf_included=("30.3", "33.16"),
      months=18, keywords=("qualité", "coûts", "délais", "donneurs d'ordre", "EN 9100")),
    S(AEROSPACE_VALLEY, "Montage de projets collaboratifs de R&D", "research", ("crossover",),
      "Recherche de partenaires, labellisation et aide au dépôt de projets collaboratifs "
      "auprès des financeurs nationaux et européens.",
      trades=AERONAUTICS, naf_included=("30.3",),
      keywords=("projet collaboratif", "labellisation", "partenaires", "consortium")),
    S(AEROSPACE_VALLEY, "Appel à projets drones et systèmes embarqués", "research",
      ("crossover", "digital"),
      "Sélection de projets de démonstrateurs de drones et de systèmes embarqués pour les "
      "essais en vol du territoire.",
      trades=AERONAUTICS, calls=(closed_since(60, lasted=75),),
      keywords=("drones", "systèmes embarqués", "démonstrateur", "essais en vol")),
    S(ALPHA_RLH, "Accompagnement projets photonique et électronique", "expertise",
      ("crossover", "digital"),
      "Expertise et mise en relation pour intégrer lasers, capteurs optiques ou électronique "
      "dans un produit industriel.",
      trades=PHOTONICS, naf_included=("26",),
      keywords=("photonique", "lasers", "capteurs optiques", "électronique")),
    S(ALPHA_RLH, "Projets collaboratifs lasers et capteurs", "research", ("crossover",),
      "Montage de projets de R&D collaboratifs de la filière photonique avec les "
      "laboratoires de la région.",
      trades=PHOTONICS, naf_included=("26",), calls=(open_until(50),),
      keywords=("projet collaboratif", "laser", "capteurs", "optique")),
    S(XYLOFUTUR, "Accompagnement innovation forêt-bois", "expertise",
      ("crossover", "process", "marketing"),
      "Appui au montage de projets d'innovation de la filière bois : nouveaux produits, "
      "procédés de transformation, valorisation des connexes.",
      departments=("24", "33", "40", "47"), trades=WOOD, naf_included=("02", "16", "31.0"),
      keywords=("bois", "forêt", "transformation du bois", "connexes", "construction bois")),
    S(XYLOFUTUR, "Labellisation de projets construction bois", "research", ("crossover",),
      "Labellisation et recherche de financements pour les projets collaboratifs de la "
      "construction bois et des matériaux biosourcés.",
      trades=WOOD, naf_included=("16",),
      keywords=("construction bois", "biosourcés", "labellisation", "bois")),
    S(AGRI_SO, "Accompagnement innovation agroéquipements", "expertise",
      ("crossover", "marketing", "digital", "process"),
      "Mise en relation avec les filières agricoles et les centres d'essais, aide au montage "
      "de projets d'agroéquipements et de procédés agroalimentaires.",
      trades=AGRIFOOD, naf_included=("01", "10", "28.30"),
      keywords=("agroéquipement", "agroéquipements", "machinisme agricole", "pulvérisateur",
                "pulvérisation", "semoir", "récolte", "agriculture de précision",
                "robot agricole", "viticulture")),
    S(AGRI_SO, "Essais au champ des agroéquipements", "expertise", ("crossover", "process"),
      "Organisation d'essais chez des agriculteurs et dans les stations expérimentales "
      "partenaires pour valider un nouvel équipement en conditions réelles.",
      trades=AGRIFOOD, naf_included=("28.30",),
      keywords=("essais", "parcelles", "validation terrain", "agriculteurs",
                "agroéquipement")),
    S(INNOVIN, "Programme innovation vitivinicole", "expertise", ("crossover", "marketing"),
      "Accompagnement des fournisseurs de la vigne et du chai : tests chez les châteaux "
      "membres, mise en relation avec l'œnologie et la recherche.",
      trades=WINE, naf_included=("01.21", "11.02"),
      keywords=("vigne", "chai", "cuve", "vinification", "viticulture de précision",
                "châteaux", "pulvérisation")),
    S(INNOVIN, "Rencontres fournisseurs de la filière vin", "expertise", ("marketing",),
      "Journée de rencontres d'affaires entre fournisseurs et châteaux, avec démonstrations.",
      trades=WINE, calls=(opens_in(25, lasting=30),),
      keywords=("rencontres d'affaires", "châteaux", "démonstrations", "vin")),
    S(DIGITAL_AQUITAINE, "Mise en relation avec des intégrateurs numériques", "expertise",
      ("digital",),
      "Choix d'un intégrateur ou d'un éditeur pour un projet de logiciel de production, de "
      "gestion ou de données : cahier des charges, consultation, comparaison des offres.",
      keywords=("ERP", "MES", "GPAO", "logiciel", "intégrateur", "éditeur", "cloud",
                "système d'information")),
    S(DIGITAL_AQUITAINE, "Club cybersécurité des industriels", "training", ("digital",),
      "Ateliers trimestriels sur les menaces et les parades : rançongiciels, sauvegardes, "
      "sécurité des automates.",
      keywords=("cybersécurité", "rançongiciel", "sauvegarde", "sécurité informatique")),
    S(AVENIA, "Accompagnement projets énergie et hydrogène", "expertise",
      ("crossover", "process"),
      "Expertise et mise en relation pour les projets d'équipements de l'énergie : "
      "hydrogène, stockage, captage du carbone, équipements sous pression.",
      trades=SUBSURFACE,
      keywords=("hydrogène", "stockage", "électrolyseur", "réservoir", "sous pression",
                "captage du carbone")),
    S(AVENIA, "Projets collaboratifs transition énergétique", "research", ("crossover",),
      "Labellisation de projets collaboratifs de R&D sur les technologies de l'énergie.",
      trades=SUBSURFACE, calls=(open_until(8, since=80),),
      keywords=("projet collaboratif", "énergie", "hydrogène", "labellisation")),
    # --- Technical centres
    S(CATIE, "Diagnostic numérique et IA", "expertise", ("digital",),
      "Trois à cinq jours d'ingénieur du CATIE pour cadrer un projet numérique (données, "
      "objets connectés, IA, cybersécurité) et rédiger le cahier des charges.",
      headcount_bands=SME, days=5,
      keywords=("données", "objets connectés", "IA", "cybersécurité", "cahier des charges",
                "numérique")),
    S(CATIE, "Formation cybersécurité des systèmes industriels", "training", ("digital",),
      "Deux jours pour les responsables techniques : risques, segmentation des réseaux "
      "d'atelier, bonnes pratiques de maintenance à distance.",
      days=2, keywords=("cybersécurité", "réseaux", "automates", "maintenance à distance")),
    S(CATIE, "Prototype d'objet connecté", "expertise", ("digital", "crossover"),
      "Conception d'un prototype électronique communicant avec les ingénieurs du CATIE : "
      "capteurs, carte électronique, transmission des données, tableau de bord.",
      days=20, months=6,
      keywords=("objet connecté", "IoT", "capteurs", "télémétrie", "électronique embarquée",
                "prototype", "connecté", "suivi à distance")),
    S(CATIE, "Projet vision et IA industrielle", "expertise", ("digital", "process"),
      "Mise au point d'un système de vision avec intelligence artificielle pour le contrôle "
      "qualité, le tri ou le guidage d'un robot.",
      days=25, months=6,
      keywords=("vision", "caméra", "IA", "intelligence artificielle", "contrôle qualité",
                "détection de défauts", "tri", "tri optique")),
    S(CETIM, "Formation lean manufacturing", "training", ("process", "social", "management"),
      "Formation-action de quatre jours en atelier : chasse aux gaspillages, 5S, flux tirés, "
      "animation d'équipe et conduite du changement.",
      days=4, keywords=("lean", "5S", "gaspillages", "flux", "amélioration continue")),
    S(CETIM, "Expertise procédés de fabrication", "expertise", ("process", "crossover"),
      "Appui d'un ingénieur expert sur un procédé (usinage, formage, soudage, traitement de "
      "surface, fabrication additive) : essais, réglages et qualification.",
      days=10, keywords=("usinage", "formage", "soudage", "traitement de surface",
                         "fabrication additive", "procédé", "réglages")),
    S(CETIM, "Diagnostic performance énergétique", "expertise", ("process",),
      "Mesure des consommations, cartographie des pertes et plan d'actions chiffré pour "
      "réduire la facture énergétique de l'atelier.",
      days=4,
      keywords=("énergie", "énergétique", "consommation", "consommations", "four", "fours",
                "compresseur", "air comprimé", "efficacité énergétique", "facture d'énergie",
                "pertes")),
    S(CETIM, "Formation robotique et cobotique en atelier", "training",
      ("process", "digital", "social"),
      "Trois jours pour préparer l'arrivée d'un robot ou d'un cobot : analyse des risques, "
      "programmation, organisation du poste.",
      days=3, keywords=("robot", "cobot", "cobotique", "robotique", "sécurité des machines",
                        "programmation")),
    S(CETIM, "Essais et qualification de machines", "expertise", ("process", "crossover"),
      "Essais d'endurance, de performance et de sécurité d'une machine ou d'un équipement "
      "nouveau, et appui au marquage CE.",
      keywords=("essais", "machines spéciales", "marquage CE", "directive machines",
                "sécurité des machines", "endurance")),
    S(COMPOSITADOUR, "Essais et démonstrateurs composites", "expertise", ("process", "crossover"),
      "Accès aux moyens robotisés de la plateforme pour tester un procédé composite et "
      "réaliser un démonstrateur avant d'investir.",
      departments=("33", "40", "47", "64"), trades=COMPOSITES,
      keywords=("composites", "drapage", "thermoplastiques", "démonstrateur")),
    S(ADDIMADOUR, "Essais de fabrication additive métallique", "expertise",
      ("process", "crossover"),
      "Fabrication de pièces d'essai en impression 3D métal (dépôt de fil, fusion laser) et "
      "réparation de pièces usées par rechargement.",
      departments=("33", "40", "47", "64"),
      keywords=("fabrication additive", "impression 3D", "métal", "dépôt de fil", "titane",
                "réparation", "rechargement", "prototype")),
    S(ADDIMADOUR, "Formation conception pour la fabrication additive", "training",
      ("process", "crossover"),
      "Trois jours pour les bureaux d'études : concevoir des pièces pour l'impression 3D, "
      "optimisation topologique, post-traitements.",
      days=3, keywords=("fabrication additive", "impression 3D", "conception",
                        "bureau d'études", "optimisation topologique")),
    S(CANOE, "Développement de matériaux composites et polymères", "expertise",
      ("crossover", "process"),
      "Formulation, mise en œuvre et caractérisation de composites et de polymères, "
      "y compris biosourcés et recyclés, sur les lignes pilotes du centre.",
      trades=COMPOSITES + ("plastique", "plastiques", "polymère", "polymères", "plasturgie",
                           "injection", "thermoformés"),
      naf_included=("22", "20.16"),
      keywords=("composites", "polymères", "fibres", "recyclage", "biosourcé",
                "formulation")),
    S(CANOE, "Recyclage des composites", "research", ("crossover", "process"),
      "Projets de recherche sur le recyclage et la réutilisation des fibres et résines "
      "composites.",
      trades=COMPOSITES, calls=(open_until(110, since=20),),
      keywords=("recyclage", "composites", "fibres", "réutilisation")),
    S(ALPHANOV, "Développement de procédés laser", "expertise", ("process", "crossover"),
      "Essais et mise au point d'un procédé laser sur les pièces de l'entreprise : soudage, "
      "découpe, micro-usinage, marquage, texturation ; conception de têtes laser.",
      days=15,
      keywords=("laser", "soudage laser", "découpe laser", "micro-usinage", "marquage laser",
                "texturation", "tête laser", "optique")),
    S(ALPHANOV, "Intégration de sources et composants photoniques", "expertise",
      ("crossover",),
      "Conception et intégration de sources laser, fibres et composants optiques dans un "
      "instrument.",
      trades=PHOTONICS, naf_included=("26",),
      keywords=("sources laser", "fibres optiques", "composants optiques", "instrument")),
    S(ALPHANOV, "Formation sécurité laser", "training", ("process", "social"),
      "Une journée pour les opérateurs et les responsables : risques du rayonnement laser, "
      "protections, réglementation.",
      days=1, keywords=("laser", "sécurité laser", "rayonnement", "opérateurs")),
    S(FCBA, "Essais et certification des produits bois", "expertise",
      ("process", "marketing"),
      "Essais mécaniques, de durabilité et de feu, et accompagnement au marquage CE des "
      "menuiseries, charpentes et panneaux.",
      trades=WOOD, naf_included=("16", "31.0"),
      keywords=("essais", "certification", "marquage CE", "menuiserie", "charpente",
                "panneaux")),
    S(FCBA, "Innovation procédés de transformation du bois", "expertise",
      ("process", "crossover"),
      "Appui technique aux scieries et fabricants : séchage, collage, usinage du bois, "
      "valorisation des connexes.",
      trades=WOOD, naf_included=("16",),
      keywords=("séchage", "collage", "usinage du bois", "scierie", "connexes")),
    S(INSTITUT_SOUDURE, "Qualification des modes opératoires de soudage", "expertise",
      ("process",),
      "Rédaction et qualification des modes opératoires de soudage et des soudeurs selon "
      "les normes (EN 1090, ISO 3834) exigées par les clients.",
      keywords=("soudage", "soudeur", "QMOS", "mode opératoire", "normes", "EN 1090",
                "ISO 3834", "qualification")),
    S(INSTITUT_SOUDURE, "Expertise assemblage et soudage", "expertise", ("process", "crossover"),
      "Un expert du soudage étudie un assemblage difficile (titane, aluminium, inox, "
      "soudage laser ou par friction) et propose le procédé et les réglages.",
      days=8,
      keywords=("soudage", "assemblage", "titane", "aluminium", "inox", "soudage laser",
                "friction", "fissuration", "soudures")),
    S(INSTITUT_SOUDURE, "Formation et certification des soudeurs", "training",
      ("social", "process"),
      "Formation et passage des certifications de soudeurs dans les ateliers de "
      "l'institut.",
      days=10, keywords=("soudeur", "soudeurs", "certification", "formation")),
    S(CRITT_AGRO, "Expertise procédés agroalimentaires", "expertise", ("process", "crossover"),
      "Appui d'un ingénieur sur un procédé de transformation alimentaire : cuisson, séchage, "
      "conservation, hygiène et nettoyage des équipements.",
      trades=FOOD + ("agroalimentaires", "agricoles"), naf_included=("10", "28.93"),
      keywords=("séchage", "cuisson", "conservation", "hygiène", "nettoyage", "stérilisation",
                "procédés alimentaires")),
    S(CRITT_AGRO, "Essais pilotes de séchage et conservation", "expertise", ("process",),
      "Essais sur les séchoirs et autoclaves pilotes du centre avant d'investir dans une "
      "ligne.",
      trades=FOOD, naf_included=("10", "28.93"),
      keywords=("séchage", "séchoir", "autoclave", "pilote", "conservation")),
    # --- UIMM Aquitaine
    S(UIMM, "Formation des tuteurs et maîtres d'apprentissage", "training", ("social",),
      "Trois jours pour les salariés qui transmettent leur savoir-faire : accueil, "
      "progression pédagogique, évaluation des apprentis.",
      days=3, keywords=("tuteur", "maître d'apprentissage", "apprentis", "transmission",
                        "savoir-faire")),
    S(UIMM, "Appui RH et gestion des compétences", "expertise", ("social", "management"),
      "Conseil en organisation du travail, recrutement, gestion prévisionnelle des emplois "
      "et des compétences, par les juristes et conseillers RH de l'UIMM.",
      headcount_bands=SME,
      keywords=("ressources humaines", "RH", "recrutement", "compétences",
                "organisation du travail")),
    S(UIMM, "Formation management de projet d'innovation", "training", ("management",),
      "Parcours de cinq jours pour les chefs de projet : cadrage, planification, budget, "
      "animation d'équipe et pilotage par indicateurs.",
      days=5, keywords=("gestion de projet", "chef de projet", "planification", "pilotage",
                        "indicateurs")),
    S(UIMM, "Appui juridique et droit social", "expertise", ("social", "management"),
      "Réponses des juristes de l'UIMM sur le droit du travail, les accords d'entreprise et "
      "l'organisation du temps de travail.",
      keywords=("droit du travail", "accord d'entreprise", "temps de travail", "juridique")),
    # --- European programmes
    S(EEN, "Recherche de partenaires technologiques européens", "research",
      ("crossover", "marketing"),
      "Publication d'un profil de coopération dans la base européenne, sélection des "
      "partenaires et organisation de rendez-vous d'affaires.",
      keywords=("partenaires européens", "Europe", "coopération", "rendez-vous d'affaires")),
    S(EEN, "Accompagnement EIC Accelerator", "funding", ("crossover",),
      "Préparation d'une candidature au programme européen EIC Accelerator (subvention et "
      "fonds propres) pour les innovations de rupture.",
      headcount_bands=SME, amount=(500_000, 2_500_000), rate=70,
      calls=(open_until(35, since=60, label="Date de coupure"),),
      keywords=("EIC", "innovation de rupture", "européen", "deep tech")),
    S(FEDER, "FEDER — projets de recherche et d'innovation", "funding",
      ("crossover", "process"),
      "Cofinancement européen des projets de R&D des entreprises, en complément des aides "
      "régionales.",
      budget=(200_000, 5_000_000), amount=(50_000, 2_000_000), rate=40,
      calls=(closed_since(15, lasted=120, label="Appel 2026"),),
      keywords=("recherche", "innovation", "R&D", "collaboratif", "européen")),
    S(FEDER, "FEDER — transition énergétique des entreprises", "funding", ("process",),
      "Cofinancement européen des investissements de sobriété énergétique et de chaleur "
      "renouvelable des entreprises.",
      budget=(100_000, 5_000_000), amount=(30_000, 1_500_000), rate=30,
      calls=(opens_in(60, lasting=90),),
      keywords=("énergie", "sobriété énergétique", "chaleur renouvelable",
                "efficacité énergétique", "décarbonation")),
]  # fmt: skip
