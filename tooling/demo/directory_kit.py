"""The vocabulary of the demo directory's tables: the shapes of an organisation, a scheme and a
call for applications, the helpers that date calls from the reference day, and the names the
tables share (tooling/demo/directory_data.py, directory_schemes*.py)."""

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
