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

# ruff: noqa: F405 - the tables read their shared vocabulary from directory_kit
from tooling.demo.directory_kit import *  # noqa: F403
from tooling.demo.directory_kit import DemoOrganisation
from tooling.demo.directory_schemes_networks import SCHEMES as NETWORK_SCHEMES
from tooling.demo.directory_schemes_public import SCHEMES as PUBLIC_SCHEMES
from tooling.demo.directory_schemes_research import SCHEMES as RESEARCH_SCHEMES

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

SCHEMES = PUBLIC_SCHEMES + RESEARCH_SCHEMES + NETWORK_SCHEMES
