"""The demo directory's schemes of the public agencies and funders (ADI, Région, Bpifrance,
ADEME, CCI) and of employment and skills; conditions invented (see directory_data.py)."""

# ruff: noqa: F405 - the tables read their shared vocabulary from directory_kit
from tooling.demo.directory_kit import *  # noqa: F403
from tooling.demo.directory_kit import DemoScheme

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
