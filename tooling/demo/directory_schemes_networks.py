"""The demo directory's schemes of the clusters, technical centres, UIMM Aquitaine and the
European programmes; conditions invented (see directory_data.py)."""

# ruff: noqa: F405 - the tables read their shared vocabulary from directory_kit
from tooling.demo.directory_kit import *  # noqa: F403
from tooling.demo.directory_kit import DemoScheme

S = DemoScheme
SCHEMES = [
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
