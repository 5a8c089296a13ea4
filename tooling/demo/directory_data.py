"""The ecosystem directory of the demo: the region's partner organisations and their schemes.

The organisations are the region's real public institutions, named as they name themselves;
their contacts, phone numbers and addresses are invented and live under `.example` domains. The
schemes are believable *dispositifs*, simplified for the demo: their conditions are not the
partners' actual terms.
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

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"

    @property
    def contact_email(self) -> str:
        return f"{self.mailbox}@{self.domain}"


@dataclass(frozen=True)
class DemoScheme:
    organisation: str  # a DemoOrganisation name
    name: str
    kind: str  # SchemeKind
    axes: tuple[str, ...]  # intervention axis codes
    description: str
    headcount_bands: tuple[str, ...] = ()  # empty: every size
    departments: tuple[str, ...] = ()  # empty: every département of the programme
    # Words of a company's activity that a trade-specific scheme is meant for (empty: every
    # trade). Not stored: the portal's suggestions do not know trades; this is the officer's
    # judgement when confirming a suggestion for a demo project.
    trades: tuple[str, ...] = ()

    def suits(self, activity: str) -> bool:
        return not self.trades or any(word in activity.lower() for word in self.trades)


ADI = "ADI Nouvelle-Aquitaine"
REGION = "Région Nouvelle-Aquitaine"
BPI = "Bpifrance Bordeaux"
I2M = "Laboratoire I2M — Université de Bordeaux"
IMS = "Laboratoire IMS — Université de Bordeaux"
IPREM = "IPREM — Université de Pau et des Pays de l'Adour"
ENSAM = "Arts et Métiers Bordeaux-Talence (ENSAM)"
ESTIA = "ESTIA"
AEROSPACE_VALLEY = "Aerospace Valley"
ALPHA_RLH = "Alpha-RLH"
XYLOFUTUR = "Xylofutur"
AGRI_SO = "Agri Sud-Ouest Innovation"
CATIE = "CATIE"
CETIM = "CETIM Sud-Ouest"
COMPOSITADOUR = "Compositadour"
UIMM = "UIMM Aquitaine"
EEN = "Enterprise Europe Network Nouvelle-Aquitaine"

ORGANISATIONS = [
    DemoOrganisation(
        ADI,
        "agency",
        "adi-nouvelle-aquitaine.example",
        "Agence de développement et d'innovation de la Région. Accompagne les PME et ETI "
        "industrielles dans leurs projets d'innovation, leur transformation vers l'usine du "
        "futur et leur croissance ; anime les actions collectives et la mise en relation avec "
        "les laboratoires.",
        "Laurence Ithurbide",
        "05 56 15 80 41",
        mailbox="industrie",
    ),
    DemoOrganisation(
        REGION,
        "agency",
        "nouvelle-aquitaine.example",
        "Collectivité chef de file du développement économique. La direction de l'industrie "
        "instruit les aides à l'innovation, au conseil et à l'investissement des entreprises "
        "industrielles du territoire.",
        "Bertrand Soulé",
        "05 57 57 02 64",
        mailbox="entreprises",
    ),
    DemoOrganisation(
        BPI,
        "bank",
        "bpifrance-bordeaux.example",
        "Direction régionale de la banque publique d'investissement. Finance l'innovation "
        "(subventions, avances remboursables, prêts) et la croissance des PME, et propose des "
        "programmes d'accompagnement des dirigeants.",
        "Karine Darricau",
        "05 56 48 45 20",
        mailbox="innovation",
    ),
    DemoOrganisation(
        I2M,
        "lab",
        "i2m-bordeaux.example",
        "Institut de mécanique et d'ingénierie (CNRS, université de Bordeaux, Arts et Métiers, "
        "Bordeaux INP). Matériaux, procédés de fabrication, usinage, assemblage et durabilité "
        "des structures ; nombreux partenariats industriels et thèses CIFRE.",
        "Pr. Jean-Luc Capdevielle",
        "05 40 00 31 52",
        mailbox="partenariats",
    ),
    DemoOrganisation(
        IMS,
        "lab",
        "ims-bordeaux.example",
        "Laboratoire de l'intégration du matériau au système (CNRS, université de Bordeaux, "
        "Bordeaux INP). Électronique, traitement du signal et de l'image, automatique et "
        "robotique, cognitique.",
        "Dr. Agnès Lataste",
        "05 40 00 26 13",
        mailbox="valorisation",
    ),
    DemoOrganisation(
        IPREM,
        "lab",
        "iprem-uppa.example",
        "Institut des sciences analytiques et de physico-chimie pour l'environnement et les "
        "matériaux, à Pau. Polymères, composites, chimie analytique ; plateformes d'essais "
        "ouvertes aux entreprises du sud de la région.",
        "Dr. Peio Harispe",
        "05 59 40 76 02",
        mailbox="entreprises",
    ),
    DemoOrganisation(
        ENSAM,
        "school",
        "ensam-bordeaux.example",
        "Campus bordelais de l'École nationale supérieure d'arts et métiers. Ingénieurs en "
        "génie mécanique et industriel, formés en alternance ou par la voie classique ; "
        "projets d'élèves et stages de fin d'études en entreprise.",
        "Stéphane Brethes",
        "05 56 84 53 11",
        mailbox="relations-entreprises",
    ),
    DemoOrganisation(
        ESTIA,
        "school",
        "estia.example",
        "École supérieure des technologies industrielles avancées, à Bidart. Ingénieurs "
        "généralistes en mécanique, électronique et informatique, formés au design et à "
        "l'international ; plateformes technologiques sur la technopole Izarbel.",
        "Maialen Etxeberri",
        "05 59 43 84 00",
        mailbox="entreprises",
    ),
    DemoOrganisation(
        AEROSPACE_VALLEY,
        "cluster",
        "aerospace-valley.example",
        "Pôle de compétitivité aéronautique, spatial et systèmes embarqués de Nouvelle-Aquitaine "
        "et d'Occitanie. Monte des projets collaboratifs de R&D et accompagne la performance "
        "industrielle des sous-traitants.",
        "Frédéric Lavigne",
        "05 56 79 68 35",
    ),
    DemoOrganisation(
        ALPHA_RLH,
        "cluster",
        "alpha-rlh.example",
        "Pôle de compétitivité photonique, hyperfréquences et électronique. Aide les PME à "
        "intégrer lasers, capteurs optiques et électronique dans leurs produits.",
        "Céline Mesplède",
        "05 24 54 52 40",
    ),
    DemoOrganisation(
        XYLOFUTUR,
        "cluster",
        "xylofutur.example",
        "Pôle de compétitivité des produits et matériaux de la forêt cultivée. Accompagne les "
        "entreprises de la première et de la seconde transformation du bois dans leurs projets "
        "d'innovation.",
        "Thomas Labadie",
        "05 56 81 54 60",
    ),
    DemoOrganisation(
        AGRI_SO,
        "cluster",
        "agrisudouest.example",
        "Pôle de compétitivité de l'agriculture et de l'agroalimentaire du Sud-Ouest. Met en "
        "relation les fabricants d'agroéquipements avec les filières et les centres d'essais.",
        "Marion Tastet",
        "05 53 77 35 90",
    ),
    DemoOrganisation(
        CATIE,
        "tech_centre",
        "catie.example",
        "Centre aquitain des technologies de l'information et électroniques, à Talence. "
        "Transfère aux PME les technologies numériques : intelligence artificielle, systèmes "
        "embarqués, objets connectés, cybersécurité, interfaces.",
        "Romain Dufourcq",
        "05 57 35 00 28",
    ),
    DemoOrganisation(
        CETIM,
        "tech_centre",
        "cetim-sud-ouest.example",
        "Délégation régionale du centre technique des industries mécaniques. Expertise en "
        "procédés de fabrication, matériaux, énergie et performance industrielle ; formations "
        "inter et intra-entreprise.",
        "Gilles Barrère",
        "05 56 35 88 12",
        mailbox="sud-ouest",
    ),
    DemoOrganisation(
        COMPOSITADOUR,
        "tech_centre",
        "compositadour.example",
        "Plateforme technologique de l'ESTIA à Bayonne, dédiée aux composites : drapage "
        "automatisé, thermoplastiques, robotisation, démonstrateurs pour les industriels.",
        "Xabier Iribarren",
        "05 59 31 64 70",
    ),
    DemoOrganisation(
        UIMM,
        "union",
        "uimm-aquitaine.example",
        "Union des industries et métiers de la métallurgie d'Aquitaine. Porte le programme PMI "
        "en AQT et accompagne les industriels sur l'emploi, les compétences, l'alternance et la "
        "formation avec son pôle formation.",
        "Isabelle Fontan",
        "05 56 41 20 10",
        mailbox="pmi-aqt",
    ),
    DemoOrganisation(
        EEN,
        "eu_programme",
        "een-nouvelle-aquitaine.example",
        "Réseau européen d'appui aux entreprises, porté en région par les CCI et l'ADI. "
        "Recherche de partenaires technologiques et commerciaux en Europe, accompagnement aux "
        "programmes européens d'innovation.",
        "Anne-Sophie Viguié",
        "05 56 79 52 37",
    ),
]

# Headcount bands (companies.models.HeadcountBand) and départements, for readability.
MICRO, SMALL, MEDIUM, INTERMEDIATE = "1-9", "10-49", "50-249", "250-499"
SME = (MICRO, SMALL, MEDIUM)
INDUSTRIAL = (SMALL, MEDIUM, INTERMEDIATE)
SOUTH = ("40", "47", "64")
# Trades, as words of the demo companies' activities.
AERONAUTICS = ("aéronautique", "avions", "turbomachines", "aérostructures", "atterrissage")
WOOD = ("bois", "contreplaqué")
AGRIFOOD = (
    "noix", "vinification", "vigne", "conserveries", "élevage", "arboricole", "fruits",
    "alimentaire", "maïs",
)  # fmt: skip

SCHEMES = [
    # --- ADI Nouvelle-Aquitaine
    DemoScheme(
        ADI,
        "Diagnostic Usine du Futur",
        "expertise",
        ("process", "digital", "management"),
        "Cinq jours de diagnostic par un consultant agréé : organisation, procédés, numérique, "
        "énergie et compétences. Débouche sur une feuille de route de modernisation chiffrée ; "
        "coût pris en charge en grande partie par la Région.",
        headcount_bands=INDUSTRIAL,
    ),
    DemoScheme(
        ADI,
        "Accompagnement stratégie PME",
        "expertise",
        ("management", "marketing"),
        "Un chargé d'affaires de l'agence aide le dirigeant à formaliser sa stratégie, à "
        "prioriser ses projets et à identifier les financements mobilisables.",
        headcount_bands=(SMALL, MEDIUM),
    ),
    DemoScheme(
        ADI,
        "Action collective Usine du Futur",
        "training",
        ("process", "social", "management"),
        "Cycle de six journées entre dirigeants de PMI : visites d'usines, ateliers lean et "
        "numérique, retours d'expérience et échanges entre pairs.",
    ),
    DemoScheme(
        ADI,
        "Mise en relation avec les laboratoires",
        "research",
        ("crossover",),
        "Identification des équipes de recherche compétentes, organisation des premières "
        "rencontres et aide au montage d'un partenariat ou d'une prestation.",
    ),
    # --- Région Nouvelle-Aquitaine
    DemoScheme(
        REGION,
        "Aide à l'innovation",
        "funding",
        ("crossover", "process", "digital"),
        "Subvention aux projets de développement de produits, procédés ou services innovants : "
        "jusqu'à 50 % des dépenses de R&D et d'études éligibles.",
    ),
    DemoScheme(
        REGION,
        "Aide au conseil",
        "funding",
        ("management", "marketing", "social"),
        "Prise en charge de 50 % des prestations de conseil extérieur (stratégie, marketing, "
        "organisation, ressources humaines) dans la limite de 30 000 €.",
        headcount_bands=SME,
    ),
    DemoScheme(
        REGION,
        "Aide à l'investissement Usine du Futur",
        "funding",
        ("process", "digital"),
        "Subvention ou avance remboursable pour les investissements de modernisation "
        "(machines, robotique, numérique) issus d'un diagnostic Usine du Futur.",
        headcount_bands=INDUSTRIAL,
    ),
    DemoScheme(
        REGION,
        "Accompagnement marketing export",
        "expertise",
        ("marketing",),
        "Avec Team France Export : étude des marchés cibles, plan d'action commercial, "
        "participation aux salons internationaux et volontariat international en entreprise.",
    ),
    # --- Bpifrance
    DemoScheme(
        BPI,
        "Aide pour projet d'innovation",
        "funding",
        ("crossover", "process", "digital"),
        "Subvention ou avance remboursable à taux zéro pour les phases de conception, de "
        "prototypage et de pré-industrialisation d'un produit ou d'un procédé innovant.",
    ),
    DemoScheme(
        BPI,
        "Prêt d'amorçage",
        "funding",
        ("crossover", "marketing"),
        "Prêt sans garantie de 50 000 à 300 000 €, différé d'amortissement de deux ans, pour "
        "préparer une levée de fonds ou la mise sur le marché d'une innovation.",
        headcount_bands=(MICRO, SMALL),
    ),
    DemoScheme(
        BPI,
        "Accélérateur PME Nouvelle-Aquitaine",
        "expertise",
        ("management", "marketing"),
        "Programme de 18 mois pour les dirigeants : conseil, formation et mise en réseau, "
        "cofinancé par la Région.",
        headcount_bands=(SMALL, MEDIUM),
    ),
    DemoScheme(
        BPI,
        "Diagnostic Data IA",
        "expertise",
        ("digital",),
        "Diagnostic de dix jours par un expert pour identifier les usages de la donnée et de "
        "l'intelligence artificielle utiles à l'entreprise, avec un plan d'action.",
        headcount_bands=INDUSTRIAL,
    ),
    # --- Laboratories
    DemoScheme(
        I2M,
        "Contrat CIFRE",
        "phd",
        ("crossover", "process"),
        "Thèse de trois ans en entreprise, encadrée par l'I2M, sur les procédés, les matériaux "
        "ou l'usinage ; l'ANRT subventionne une partie du salaire du doctorant.",
    ),
    DemoScheme(
        I2M,
        "Projet de recherche collaboratif procédés et matériaux",
        "research",
        ("process", "crossover"),
        "Essais, modélisation et caractérisation menés avec une équipe du laboratoire, dans un "
        "contrat de collaboration qui fixe la propriété des résultats.",
    ),
    DemoScheme(
        IMS,
        "Contrat CIFRE",
        "phd",
        ("digital", "crossover"),
        "Thèse en entreprise encadrée par l'IMS : vision, traitement du signal, électronique "
        "de puissance, automatique.",
    ),
    DemoScheme(
        IMS,
        "Prestation de recherche vision et capteurs",
        "research",
        ("digital", "crossover"),
        "Étude de faisabilité et prototype de systèmes de vision, de capteurs ou d'algorithmes "
        "de traitement d'image pour l'industrie.",
    ),
    DemoScheme(
        IPREM,
        "Laboratoire commun polymères et composites",
        "research",
        ("crossover", "process"),
        "Programme de recherche partagé sur plusieurs années avec une équipe de l'IPREM : "
        "formulation, recyclabilité et caractérisation des polymères et composites.",
        departments=SOUTH,
        trades=("composite", "plastique", "textile"),
    ),
    # --- Engineering schools
    DemoScheme(
        ENSAM,
        "Stage ingénieur 6 mois",
        "intern",
        ("process", "digital", "management", "crossover"),
        "Stage de fin d'études d'un élève ingénieur Arts et Métiers sur un projet défini avec "
        "l'entreprise, suivi par un enseignant de l'école.",
    ),
    DemoScheme(
        ENSAM,
        "Alternance ingénieur",
        "work_study",
        ("process", "management", "digital"),
        "Recrutement d'un apprenti ingénieur en génie industriel pour trois ans, au rythme de "
        "périodes alternées entre l'école et l'entreprise.",
    ),
    DemoScheme(
        ESTIA,
        "Alternance ingénieur",
        "work_study",
        ("digital", "process", "management"),
        "Apprenti ingénieur généraliste de l'ESTIA pendant trois ans, avec une mission "
        "d'innovation confiée par l'entreprise.",
        departments=SOUTH,
    ),
    DemoScheme(
        ESTIA,
        "Stage ingénieur 6 mois",
        "intern",
        ("digital", "crossover", "marketing"),
        "Stage de fin d'études d'un élève ingénieur de l'ESTIA : développement de produit, "
        "industrialisation, transformation numérique ou développement international.",
        departments=("40", "64"),
    ),
    DemoScheme(
        ESTIA,
        "Atelier design et créativité",
        "expertise",
        ("marketing", "crossover"),
        "Séances de créativité et de design de produits et de services avec les enseignants et "
        "les élèves de l'école, pour imaginer une nouvelle offre.",
    ),
    # --- Clusters
    DemoScheme(
        AEROSPACE_VALLEY,
        "Performance industrielle aéronautique",
        "expertise",
        ("process", "management"),
        "Programme d'amélioration de la performance des fournisseurs (qualité, coûts, délais), "
        "aligné sur les exigences des donneurs d'ordre de la filière.",
        headcount_bands=INDUSTRIAL,
        trades=AERONAUTICS,
    ),
    DemoScheme(
        AEROSPACE_VALLEY,
        "Montage de projets collaboratifs de R&D",
        "research",
        ("crossover",),
        "Recherche de partenaires, labellisation et aide au dépôt de projets collaboratifs "
        "auprès des financeurs nationaux et européens.",
        trades=AERONAUTICS,
    ),
    DemoScheme(
        ALPHA_RLH,
        "Accompagnement projets photonique et électronique",
        "expertise",
        ("crossover", "digital"),
        "Expertise et mise en relation pour intégrer lasers, capteurs optiques ou électronique "
        "dans un produit industriel.",
        trades=("optique", "laser", "convertisseurs", "électronique"),
    ),
    DemoScheme(
        XYLOFUTUR,
        "Accompagnement innovation forêt-bois",
        "expertise",
        ("crossover", "process", "marketing"),
        "Appui au montage de projets d'innovation de la filière bois : nouveaux produits, "
        "procédés de transformation, valorisation des connexes.",
        departments=("24", "33", "40", "47"),
        trades=WOOD,
    ),
    DemoScheme(
        AGRI_SO,
        "Accompagnement innovation agroéquipements",
        "expertise",
        ("crossover", "marketing"),
        "Mise en relation avec les filières agricoles et les centres d'essais, aide au montage "
        "de projets d'agroéquipements et de procédés agroalimentaires.",
        trades=AGRIFOOD,
    ),
    # --- Technical centres
    DemoScheme(
        CATIE,
        "Diagnostic numérique et IA",
        "expertise",
        ("digital",),
        "Trois à cinq jours d'ingénieur du CATIE pour cadrer un projet numérique (données, "
        "objets connectés, IA, cybersécurité) et rédiger le cahier des charges.",
        headcount_bands=SME,
    ),
    DemoScheme(
        CATIE,
        "Formation cybersécurité des systèmes industriels",
        "training",
        ("digital",),
        "Deux jours pour les responsables techniques : risques, segmentation des réseaux "
        "d'atelier, bonnes pratiques de maintenance à distance.",
    ),
    DemoScheme(
        CETIM,
        "Formation lean manufacturing",
        "training",
        ("process", "social", "management"),
        "Formation-action de quatre jours en atelier : chasse aux gaspillages, 5S, flux tirés, "
        "animation d'équipe et conduite du changement.",
    ),
    DemoScheme(
        CETIM,
        "Expertise procédés de fabrication",
        "expertise",
        ("process", "crossover"),
        "Appui d'un ingénieur expert sur un procédé (usinage, formage, soudage, traitement de "
        "surface, fabrication additive) : essais, réglages et qualification.",
    ),
    DemoScheme(
        CETIM,
        "Diagnostic performance énergétique",
        "expertise",
        ("process",),
        "Mesure des consommations, cartographie des pertes et plan d'actions chiffré pour "
        "réduire la facture énergétique de l'atelier.",
    ),
    DemoScheme(
        COMPOSITADOUR,
        "Essais et démonstrateurs composites",
        "expertise",
        ("process", "crossover"),
        "Accès aux moyens robotisés de la plateforme pour tester un procédé composite et "
        "réaliser un démonstrateur avant d'investir.",
        departments=("33", "40", "47", "64"),
        trades=("composite",),
    ),
    # --- UIMM Aquitaine
    DemoScheme(
        UIMM,
        "Formation des tuteurs et maîtres d'apprentissage",
        "training",
        ("social",),
        "Trois jours pour les salariés qui transmettent leur savoir-faire : accueil, "
        "progression pédagogique, évaluation des apprentis.",
    ),
    DemoScheme(
        UIMM,
        "Appui RH et gestion des compétences",
        "expertise",
        ("social", "management"),
        "Conseil en organisation du travail, recrutement, gestion prévisionnelle des emplois "
        "et des compétences, par les juristes et conseillers RH de l'UIMM.",
        headcount_bands=SME,
    ),
    DemoScheme(
        UIMM,
        "Formation management de projet d'innovation",
        "training",
        ("management",),
        "Parcours de cinq jours pour les chefs de projet : cadrage, planification, budget, "
        "animation d'équipe et pilotage par indicateurs.",
    ),
    # --- Enterprise Europe Network
    DemoScheme(
        EEN,
        "Recherche de partenaires technologiques européens",
        "research",
        ("crossover", "marketing"),
        "Publication d'un profil de coopération dans la base européenne, sélection des "
        "partenaires et organisation de rendez-vous d'affaires.",
    ),
    DemoScheme(
        EEN,
        "Accompagnement EIC Accelerator",
        "funding",
        ("crossover",),
        "Préparation d'une candidature au programme européen EIC Accelerator (subvention et "
        "fonds propres) pour les innovations de rupture.",
        headcount_bands=SME,
    ),
]
