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
    DemoCompany(
        "robinetterie-perigord", "Robinetterie Industrielle du Périgord", "28.14Z",
        "vannes et robinetterie inox pour l'industrie",
        "ZI de Saltgourde, 6 rue Denis-Papin", "24430", "Marsac-sur-l'Isle", S, T2, True,
    ),
    DemoCompany(
        "lames-bandiat", "Forges et Lames du Bandiat", "25.71Z",
        "couteaux professionnels et lames industrielles",
        "9 rue du Bandiat", "24300", "Nontron", S, T2, True,
    ),
    DemoCompany(
        "metallerie-mussidan", "Métallerie du Pays de Mussidan", "25.11Z",
        "charpentes et ossatures métalliques pour bâtiments agricoles",
        "ZA de la Gare, 4 rue des Forges", "24400", "Mussidan", S, T2, True,
    ),
    DemoCompany(
        "cartonnages-bergerac", "Cartonnages de Bergerac", "17.21A",
        "emballages en carton ondulé pour la viticulture et l'agroalimentaire",
        "ZI de Creysse, 12 avenue de la Roque", "24100", "Creysse", M, T10, False,
    ),
    DemoCompany(
        "extrusion-montpon", "Extrusion Plastique de Montpon", "22.21Z",
        "tubes et profilés extrudés en plastique",
        "ZA du Courrieu, 3 rue des Artisans", "24700", "Montpon-Ménestérol", S, T2, False,
    ),
    DemoCompany(
        "perigord-electronique", "Périgord Électronique Industrielle", "26.12Z",
        "cartes électroniques pour l'industrie et le médical",
        "Parc d'activités de Borie-Porte, 9 rue Édouard-Branly", "24750", "Trélissac", S, T2,
        True,
    ),
    DemoCompany(
        "papiers-couze", "Papiers Techniques de Couze", "17.12Z",
        "papiers techniques et médias filtrants",
        "Route de Bergerac, le Moulin-Neuf", "24150", "Couze-et-Saint-Front", M, T10, False,
    ),
    DemoCompany(
        "precision-vezere", "Mécanique de Précision de la Vézère", "25.62B",
        "usinage de pièces pour l'hydraulique et le machinisme agricole",
        "ZA du Bouyssou, 5 allée des Tilleuls", "24290", "Montignac-Lascaux", S, T2, True,
    ),
    DemoCompany(
        "agencement-chancelade", "Agencement Bois de Chancelade", "31.09B",
        "mobilier d'agencement pour les commerces et les hôtels",
        "ZA de Beauronne, 2 rue de l'Industrie", "24650", "Chancelade", S, T2, False,
    ),
    DemoCompany(
        "fonderie-thiviers", "Fonderie d'Aluminium de Thiviers", "24.53Z",
        "pièces moulées en alliage d'aluminium",
        "Route de Lanouaille", "24800", "Thiviers", S, T2, True,
    ),
    DemoCompany(
        "isle-automatismes", "Isle Automatismes Industriels", "28.29B",
        "machines spéciales et automatisation de lignes",
        "ZAE de Landry, 14 rue Ampère", "24750", "Boulazac Isle Manoire", S, T2, True,
    ),
    DemoCompany(
        "remorques-eymet", "Remorques et Plateaux d'Eymet", "29.20Z",
        "remorques agricoles et plateaux porte-engins",
        "ZA de la Gravette, 1 rue des Charrons", "24500", "Eymet", S, T2, False,
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
    DemoCompany(
        "avionique-merignac", "Mérignac Avionique Systèmes", "26.51A",
        "équipements électroniques embarqués pour l'aéronautique",
        "Parc d'activités de l'Aéroport, 7 rue Hélène-Boucher", "33700", "Mérignac", M, T10,
        True,
    ),
    DemoCompany(
        "ateliers-cestas", "Ateliers Métalliques de Cestas", "25.11Z",
        "structures métalliques et passerelles industrielles",
        "ZA de Jarry, 22 rue du Courneau", "33610", "Cestas", S, T2, True,
    ),
    DemoCompany(
        "chaudronnerie-bassens", "Chaudronnerie Portuaire de Bassens", "25.29Z",
        "réservoirs et tuyauteries pour la chimie et le vrac portuaire",
        "Zone portuaire, 3 quai Français", "33530", "Bassens", M, T10, True,
    ),
    DemoCompany(
        "plasturgie-canejan", "Plasturgie de Canéjan", "22.29A",
        "pièces plastiques injectées pour l'automobile et la domotique",
        "Parc d'activités du Courneau, 4 allée des Pins", "33610", "Canéjan", M, T10, False,
    ),
    DemoCompany(
        "eysines-robotique", "Eysines Robotique et Vision", "28.29B",
        "cellules robotisées avec vision industrielle",
        "ZA du Migron, 11 rue Ferdinand-de-Lesseps", "33320", "Eysines", S, T2, True,
    ),
    DemoCompany(
        "tonnellerie-libournais", "Tonnellerie du Libournais", "16.24Z",
        "barriques et foudres en chêne",
        "Route de Castillon, ZA de la Ballastière", "33500", "Libourne", S, T2, False,
    ),
    DemoCompany(
        "bassin-composites", "Bassin Composites Industrie", "22.29A",
        "cuves et pièces composites pour l'ostréiculture et le nautisme",
        "ZI de Facture, 8 rue de l'Eyre", "33380", "Biganos", S, T2, False,
    ),
    DemoCompany(
        "froid-sud-gironde", "Froid Industriel du Sud-Gironde", "28.25Z",
        "chambres froides et équipements frigorifiques",
        "ZA de Mazères, 2 allée des Tonneliers", "33210", "Mazères", S, T2, True,
    ),
    DemoCompany(
        "aluminium-coutras", "Menuiseries Aluminium du Nord-Libournais", "25.12Z",
        "menuiseries et façades en aluminium",
        "ZA des Eyguillons, 6 rue Gustave-Eiffel", "33230", "Coutras", S, T2, False,
    ),
    DemoCompany(
        "lasers-talence", "Talence Lasers Industriels", "27.90Z",
        "sources laser pour le marquage et la découpe",
        "Allée du Doyen-Brus, bâtiment C", "33400", "Talence", S, T2, False,
    ),
    DemoCompany(
        "mecanique-illac", "Mécanique Aéronautique d'Illac", "25.62B",
        "usinage de pièces de trains d'atterrissage",
        "ZA de la Forêt, 15 avenue du Las", "33127", "Saint-Jean-d'Illac", M, T10, True,
    ),
    DemoCompany(
        "thermique-estuaire", "Traitements Thermiques de l'Estuaire", "25.61Z",
        "traitements thermiques sous vide des pièces métalliques",
        "ZI de la Blanche, 4 rue des Forgerons", "33440", "Ambarès-et-Lagrave", S, T2, True,
    ),
    DemoCompany(
        "nautique-teste", "Arcachon Nautique Construction", "30.12Z",
        "bateaux de promenade et de travail en aluminium",
        "Port industriel, 12 avenue de l'Aérium", "33260", "La Teste-de-Buch", S, T2, False,
    ),
    DemoCompany(
        "electronique-villenave", "Électronique Embarquée de Villenave", "26.12Z",
        "cartes électroniques pour le ferroviaire",
        "ZA de Courréjean, 6 rue de la Garenne", "33140", "Villenave-d'Ornon", M, T10, True,
    ),
    DemoCompany(
        "films-presqu-ile", "Films Plastiques de la Presqu'île", "22.22Z",
        "films et sacs plastiques pour l'industrie",
        "Zone d'activités Lavergne, 5 rue des Tilleuls", "33560", "Carbon-Blanc", S, T2, False,
    ),
    DemoCompany(
        "cuverie-pauillac", "Cuverie Inox du Médoc", "25.29Z",
        "cuves inox et équipements de chai",
        "Route de Saint-Lambert, ZA du Pouyalet", "33250", "Pauillac", S, T2, True,
    ),
    DemoCompany(
        "instrumentation-martillac", "Instrumentation Scientifique de Martillac", "26.51B",
        "capteurs et bancs de mesure pour les laboratoires",
        "Parc d'activités de Bouchon, 3 allée de la Source", "33650", "Martillac", S, T2, False,
    ),
    DemoCompany(
        "granules-eyre", "Granulés et Bois du Val de l'Eyre", "16.29Z",
        "granulés et bûches de bois compressé",
        "ZA du Pas-de-la-Lande, 2 route de Mios", "33830", "Belin-Béliet", S, T2, False,
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
    DemoCompany(
        "constructions-marsan", "Constructions Métalliques du Marsan", "25.11Z",
        "bâtiments métalliques et ouvrages d'art",
        "Zone d'activités du Pôle Sud, 8 rue des Compagnons", "40280", "Saint-Pierre-du-Mont",
        S, T2, True,
    ),
    DemoCompany(
        "landes-bois-construction", "Landes Bois Construction", "16.23Z",
        "maisons à ossature bois et charpentes industrielles",
        "ZI de Parentis, 4 avenue de la Forêt", "40160", "Parentis-en-Born", M, T10, False,
    ),
    DemoCompany(
        "palettes-ychoux", "Palettes et Emballages d'Ychoux", "16.24Z",
        "palettes et caisses en pin des Landes",
        "Route de Parentis, quartier du Bourg", "40160", "Ychoux", S, T2, False,
    ),
    DemoCompany(
        "aire-aero", "Aire Aéro Composants", "25.62B",
        "pièces mécaniques pour hélicoptères",
        "ZI du Péré, 9 rue de l'Aviation", "40800", "Aire-sur-l'Adour", M, T10, True,
    ),
    DemoCompany(
        "ocean-glisse", "Océan Glisse Industrie", "32.30Z",
        "planches de surf et de paddle en composite",
        "ZA de Laubian, 12 rue des Artisans", "40230", "Saint-Vincent-de-Tyrosse", S, T2, False,
    ),
    DemoCompany(
        "thermoformage-labenne", "Labenne Thermoformage", "22.29A",
        "pièces plastiques thermoformées pour le nautisme et les véhicules de loisirs",
        "ZA Artiguenave, 3 rue des Pins", "40530", "Labenne", S, T2, False,
    ),
    DemoCompany(
        "machines-haute-lande", "Machines Forestières de la Haute-Lande", "28.30Z",
        "matériel forestier et broyeurs",
        "Route de Solférino, ZA du Graoux", "40630", "Sabres", S, T2, True,
    ),
    DemoCompany(
        "electromedical-adour", "Adour Équipements Électromédicaux", "26.60Z",
        "équipements électroniques de rééducation et de thermothérapie",
        "ZA du Sablar, 14 rue de la Source", "40100", "Dax", S, T2, False,
    ),
    DemoCompany(
        "menuiseries-marensin", "Menuiseries du Marensin", "16.23Z",
        "escaliers et menuiseries intérieures en pin",
        "ZA de Pédebert, 7 rue des Menuisiers", "40140", "Soustons", S, T2, True,
    ),
    DemoCompany(
        "silos-adour", "Silos et Séchoirs de l'Adour", "25.29Z",
        "silos et séchoirs à maïs",
        "Route de Mont-de-Marsan, ZA de Lapeyrade", "40270", "Grenade-sur-l'Adour", S, T2,
        True,
    ),
    DemoCompany(
        "mecanique-orthe", "Mécanique Générale du Pays d'Orthe", "25.62B",
        "usinage de pièces pour l'agroéquipement",
        "ZA de Mardecq, 5 route de Bayonne", "40300", "Peyrehorade", S, T2, True,
    ),
    DemoCompany(
        "resines-landes", "Résines et Dérivés des Landes", "20.14Z",
        "dérivés de la résine de pin pour les colles et les encres",
        "ZI de Castets, 6 avenue du Gemmage", "40260", "Castets", M, T10, False,
    ),
    DemoCompany(
        "etiquettes-gascogne", "Étiquettes et Emballages Gascons", "17.29Z",
        "étiquettes adhésives pour les vins et spiritueux",
        "ZA du Lanot, 2 rue des Imprimeurs", "40120", "Roquefort", S, T2, False,
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
    DemoCompany(
        "conditionnement-agen", "Machines de Conditionnement d'Agen", "28.29B",
        "machines de conditionnement pour la pharmacie et la cosmétique",
        "ZAC de Bel-Air, 4 allée des Cèdres", "47000", "Agen", S, T2, True,
    ),
    DemoCompany(
        "serrurerie-passage", "Serrurerie Métallerie du Passage", "25.11Z",
        "serrurerie et structures métalliques",
        "ZA de Lacassagne, 3 rue des Compagnons", "47520", "Le Passage", S, T2, True,
    ),
    DemoCompany(
        "irrigation-marmandais", "Irrigation et Pompage du Marmandais", "28.13Z",
        "pompes et équipements d'irrigation",
        "ZI de Baylac, 6 rue des Vergers", "47200", "Marmande", S, T2, True,
    ),
    DemoCompany(
        "deroulage-casteljaloux", "Bois Déroulés de Casteljaloux", "16.21Z",
        "contreplaqués de peuplier et de pin",
        "Route de Bazas, ZI de la Plaine", "47700", "Casteljaloux", M, T10, False,
    ),
    DemoCompany(
        "chaussures-guyenne", "Chaussures de Sécurité de Guyenne", "15.20Z",
        "chaussures de sécurité et de travail",
        "12 avenue de la Gare", "47800", "Miramont-de-Guyenne", M, T10, False,
    ),
    DemoCompany(
        "peintures-aiguillon", "Aiguillon Peintures Industrielles", "20.30Z",
        "peintures et vernis pour l'industrie",
        "ZI de Lagarrigue, 8 rue des Chimistes", "47190", "Aiguillon", S, T2, False,
    ),
    DemoCompany(
        "electronique-villeneuvois", "Électronique du Villeneuvois", "26.12Z",
        "cartes et faisceaux électroniques",
        "ZI du Rooy, 5 rue Pierre-Loti", "47300", "Bias", S, T2, True,
    ),
    DemoCompany(
        "recyclage-damazan", "Plastiques Recyclés de Damazan", "22.21Z",
        "granulés et profilés en plastique recyclé",
        "Zone d'activités du Confluent, 2 rue de l'Europe", "47160", "Damazan", S, T2, False,
    ),
    DemoCompany(
        "ebenisterie-penne", "Ébénisterie de Penne-d'Agenais", "31.09B",
        "meubles en noyer et en chêne massif",
        "ZA de Lamothe, 1 chemin des Noyers", "47140", "Penne-d'Agenais", XS, T_SMALL, False,
    ),
    DemoCompany(
        "tuyauterie-agenais", "Soudure et Tuyauterie de l'Agenais", "25.29Z",
        "tuyauteries et réservoirs pour l'agroalimentaire",
        "ZA de Rouquet, 7 rue des Soudeurs", "47240", "Bon-Encontre", S, T2, True,
    ),
    DemoCompany(
        "verres-haut-agenais", "Verres Techniques du Haut-Agenais", "23.19Z",
        "verres techniques et optiques de précision",
        "ZA de Gardelle, 3 route de Villeréal", "47150", "Monflanquin", S, T2, False,
    ),
    DemoCompany(
        "equipements-fruitiers", "Layrac Équipements Fruitiers", "28.30Z",
        "plateformes et machines de récolte des fruits",
        "ZA de Goulens, 9 chemin de la Garonne", "47390", "Layrac", S, T2, True,
    ),
    DemoCompany(
        "cartonnerie-albret", "Cartonnerie de l'Albret", "17.21A",
        "caisses en carton pour les fruits et légumes",
        "Route de Mézin, ZA de Labarre", "47600", "Nérac", S, T2, False,
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
    DemoCompany(
        "instrumentation-bearn", "Béarn Instrumentation Énergie", "26.51B",
        "capteurs et instruments de mesure pour l'énergie",
        "Technopole Hélioparc, 2 avenue du Président-Angot", "64000", "Pau", S, T2, True,
    ),
    DemoCompany(
        "precision-lons", "Mécanique de Précision de Lons", "25.62B",
        "pièces usinées pour les hélicoptères et l'énergie",
        "ZI de Lons, 7 rue des Métiers", "64140", "Lons", M, T10, True,
    ),
    DemoCompany(
        "composites-morlaas", "Morlaàs Composites Aéro", "22.29A",
        "pièces composites pour les intérieurs de cabine",
        "ZA Berlanne, 4 rue des Artisans", "64160", "Morlaàs", S, T2, True,
    ),
    DemoCompany(
        "tissage-nay", "Tissage Technique de Nay", "13.20Z",
        "tissus techniques pour l'aéronautique et la protection",
        "Route de Coarraze, 3 rue de la Filature", "64800", "Nay", S, T2, False,
    ),
    DemoCompany(
        "espadrilles-soule", "Espadrilles et Semelles de Soule", "15.20Z",
        "espadrilles et semelles en corde tressée",
        "14 rue des Fabriques", "64130", "Mauléon-Licharre", S, T2, False,
    ),
    DemoCompany(
        "chaudronnerie-navale-bayonne", "Chaudronnerie Navale de Bayonne", "25.29Z",
        "chaudronnerie et pièces pour la réparation navale",
        "Zone portuaire de Blancpignon, 5 allée des Docks", "64100", "Bayonne", S, T2, True,
    ),
    DemoCompany(
        "txingudi-electronique", "Txingudi Électronique", "26.11Z",
        "composants électroniques de puissance",
        "ZA des Joncaux, 6 rue Ansoenia", "64700", "Hendaye", S, T2, False,
    ),
    DemoCompany(
        "charpentes-labourd", "Charpentes du Labourd", "16.23Z",
        "charpentes et ossatures bois",
        "ZA Lana, 2 chemin de la Nive", "64480", "Ustaritz", S, T2, True,
    ),
    DemoCompany(
        "atlantique-glisse", "Atlantique Glisse Composites", "32.30Z",
        "planches de surf et de bodyboard",
        "ZA de Jalday, 3 rue Ichaca", "64500", "Saint-Jean-de-Luz", S, T2, False,
    ),
    DemoCompany(
        "chimie-lacq", "Spécialités Chimiques du Bassin de Lacq", "20.59Z",
        "spécialités chimiques et additifs industriels",
        "Zone industrielle, 2 rue des Procédés", "64170", "Lacq", M, T10, True,
    ),
    DemoCompany(
        "tolerie-soumoulou", "Soumoulou Tôlerie Fine", "25.99B",
        "tôlerie fine et coffrets électriques",
        "ZA du Pont-Long Est, 8 rue des Pyrénées", "64420", "Soumoulou", S, T2, True,
    ),
    DemoCompany(
        "marbres-ossau", "Pierres et Marbres d'Ossau", "23.70Z",
        "taille et façonnage de marbre des Pyrénées",
        "Route d'Oloron, quartier Saint-Michel", "64260", "Arudy", S, T2, False,
    ),
    DemoCompany(
        "izarbel-robotique", "Izarbel Robotique Sous-Marine", "28.29B",
        "robots sous-marins d'inspection",
        "Technopole Izarbel, 5 allée Théodore-Monod", "64210", "Bidart", S, T2, False,
    ),
    DemoCompany(
        "hydraulique-billere", "Billère Systèmes Hydrauliques", "28.12Z",
        "vérins et centrales hydrauliques",
        "ZA du Lacaou, 3 rue Lavoisier", "64140", "Billère", S, T2, True,
    ),
    DemoCompany(
        "fonderie-haut-bearn", "Fonderie d'Aluminium du Haut-Béarn", "24.53Z",
        "pièces en aluminium moulé pour l'aéronautique",
        "ZI de Légugnon, 5 rue des Fondeurs", "64400", "Oloron-Sainte-Marie", M, T10, True,
    ),
    DemoCompany(
        "meubles-saint-palais", "Meubles Basques de Saint-Palais", "31.09B",
        "mobilier en chêne et en hêtre basques",
        "ZA d'Ithurralde, 6 route de Garris", "64120", "Saint-Palais", S, T2, False,
    ),
    # --- Listed for prospecting, not yet contacted (history_data.NOT_YET_CONTACTED)
    DemoCompany(
        "teste-electronique", "Électronique Embarquée du Bassin", "26.12Z",
        "cartes électroniques pour le nautisme et les drones",
        "ZI de Cazaux, 11 rue Clément-Ader", "33260", "La Teste-de-Buch", S, T2, False,
    ),
    DemoCompany(
        "tolerie-marmandaise", "Tôlerie Fine Marmandaise", "25.99B",
        "tôlerie fine et capotages pour les machines agricoles",
        "ZI de Beyssac, 4 rue Denis-Papin", "47200", "Marmande", S, T2, True,
    ),
    DemoCompany(
        "plasturgie-dacquoise", "Plasturgie Dacquoise", "22.29A",
        "pièces plastiques injectées pour l'électroménager et le médical",
        "ZA de Larrouquère, 9 rue des Artisans", "40990", "Saint-Paul-lès-Dax", S, T2, False,
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
