"""The volumes at each scale and the vocabulary the generated rows are made of."""

from companies.models import Interaction
from companies.validators import luhn_is_valid
from pmi_aqt.accounts.models import Role
from projects.models import FinancingLine, PartnerOrganisation, SupportAction
from projects.models.project import Stage
from taskforce.models import ConflictDeclaration

# The volumes at scale 1 (issue 7).
FULL_SCALE = {
    "companies": 100_000,
    "projects": 250_000,
    "interactions": 1_000_000,
    "sessions": 5_000,
    "reviews": 50_000,
}
# The people, at scale 1, and the fewest of each at any scale.
PEOPLE = {
    Role.OFFICER: (500, 2),
    Role.FINANCE_OFFICER: (100, 1),
    Role.MANAGER: (10, 1),
    Role.TASKFORCE_MEMBER: (1_000, 4),
}
EMAIL_DOMAIN = "scale.example"
PASSWORD = "bench-scale-password"  # noqa: S105 - a generated data set's, documented
SEATS_PER_SESSION = 8
MIN_SESSIONS = 3
HISTORY_DAYS = 6 * 365

# Where projects are now: share of all projects (closed ones included, six years of history).
STAGE_WEIGHTS = {
    Stage.INTAKE: 5,
    Stage.QUALIFIED: 5,
    Stage.DIAGNOSIS: 9,
    Stage.DOSSIER_READY: 5,
    Stage.ON_AGENDA: 3,
    Stage.DECIDED: 5,
    Stage.IN_SUPPORT: 20,
    Stage.COMPLETED: 33,
    Stage.ABANDONED: 15,
}
PATH = [
    Stage.INTAKE,
    Stage.QUALIFIED,
    Stage.DIAGNOSIS,
    Stage.DOSSIER_READY,
    Stage.ON_AGENDA,
    Stage.DECIDED,
    Stage.IN_SUPPORT,
    Stage.COMPLETED,
]
AGENDA_STAGES = {Stage.ON_AGENDA, Stage.DECIDED, Stage.IN_SUPPORT, Stage.COMPLETED}
DEPARTMENT_WEIGHTS = {"33": 45, "64": 22, "24": 11, "40": 11, "47": 11}
CITIES = {
    "33": [
        ("33000", "Bordeaux"),
        ("33700", "Mérignac"),
        ("33600", "Pessac"),
        ("33500", "Libourne"),
    ],
    "64": [("64100", "Bayonne"), ("64000", "Pau"), ("64200", "Biarritz"), ("64300", "Orthez")],
    "24": [("24000", "Périgueux"), ("24100", "Bergerac"), ("24200", "Sarlat-la-Canéda")],
    "40": [("40000", "Mont-de-Marsan"), ("40100", "Dax"), ("40200", "Mimizan")],
    "47": [("47000", "Agen"), ("47300", "Villeneuve-sur-Lot"), ("47200", "Marmande")],
}
HEADCOUNT_WEIGHTS = {"1-9": 25, "10-49": 40, "50-249": 25, "250-499": 7, "500+": 3}
TURNOVER_BY_HEADCOUNT = {
    "1-9": "<2M",
    "10-49": "2-10M",
    "50-249": "10-50M",
    "250-499": ">50M",
    "500+": ">50M",
}
NAF_CODES = [
    "25.62B", "25.11Z", "28.41Z", "25.73A", "29.32Z", "30.30Z", "33.12Z", "24.51Z",
    "25.50B", "22.29A", "26.51B", "27.12Z", "28.29B", "28.92Z",
]  # fmt: skip
TRADES = [
    "Mécanique", "Usinage", "Forges", "Chaudronnerie", "Fonderie", "Décolletage", "Tôlerie",
    "Aéro-Composites", "Électronique", "Robotique", "Traitements de surface", "Outillage",
    "Précision", "Hydraulique",
]  # fmt: skip
SURNAMES = [
    "Dupont", "Etcheverry", "Lafitte", "Garnier", "Laborde", "Marchand", "Duprat", "Lacoste",
    "Bordenave", "Castaing", "Darrigade", "Fourcade", "Larrieu", "Pujol", "Sallaberry",
    "Ithurralde", "Bernadet", "Cazenave", "Dufau", "Lalanne", "Mendiboure", "Ospital",
    "Peyrelongue", "Soubiran", "Tastet", "Urruty", "Vignau", "Arrieta", "Bidart", "Haristoy",
]  # fmt: skip
FIRST_NAMES = [
    "Maïté", "Jean", "Hélène", "Olivier", "Sophie", "Pierre", "Claire", "Mathieu", "Amaia",
    "Julien", "Nathalie", "Xavier", "Élodie", "Thomas", "Isabelle", "Peio", "Camille", "Laurent",
]  # fmt: skip
LEGAL_FORMS = ["SAS", "SARL", "SA", "Industries", "et Fils", "Groupe"]
PROJECT_TOPICS = [
    "Capteurs connectés sur la presse", "Robotisation du poste de soudure",
    "Nouveau procédé de traitement thermique", "Jumeau numérique de la ligne d'usinage",
    "Lancement d'une gamme de pièces composites", "Réorganisation lean de l'atelier",
    "Maintenance prédictive des machines", "Export vers le marché espagnol",
    "Recrutement d'un ingénieur R&D en alternance", "Fabrication additive métal",
    "Démarche RSE et qualité de vie au travail", "ERP et traçabilité des lots",
    "Contrôle qualité par vision industrielle", "Réduction de la consommation d'énergie",
    "Nouveau produit pour l'aéronautique", "Marketing digital et site de vente B2B",
]  # fmt: skip
INTERACTION_NEXT_STEPS = [
    "Envoyer la plaquette du programme", "Planifier la visite de l'atelier",
    "Relancer pour le devis", "Préparer le diagnostic", "Présenter le dossier à la task force",
    "Transmettre le plan de financement", "Rappeler le dirigeant",
]  # fmt: skip
ORG_KINDS = [kind for kind, _label in PartnerOrganisation.Kind.choices]
SCHEME_KINDS = ["funding", "expertise", "training", "research", "intern", "work_study", "phd"]
ACTION_KINDS = [kind for kind, _label in SupportAction.Kind.choices]
FINANCING_KINDS = [kind for kind, _label in FinancingLine.Kind.choices]
INTERACTION_KINDS = [kind for kind, _label in Interaction.Kind.choices]
CONFLICT_KINDS = [kind for kind, _label in ConflictDeclaration.Kind.choices]
LOREM = (
    "L'entreprise souhaite moderniser son outil de production et développer de nouveaux "
    "marchés. Le diagnostic a identifié des besoins en organisation, en compétences et en "
    "financement ; le projet mobilise les partenaires du programme."
)


def volumes(scale: float) -> dict[str, int]:
    return {name: max(1, round(count * scale)) for name, count in FULL_SCALE.items()}


def people_counts(scale: float) -> dict[str, int]:
    return {role: max(least, round(full * scale)) for role, (full, least) in PEOPLE.items()}


def check_digit(digits: str) -> str:
    """The digit that makes `digits + it` pass the Luhn check."""
    return next(str(d) for d in range(10) if luhn_is_valid(digits + str(d)))


def make_siret(number: int) -> str:
    """A valid SIRET (SIREN and SIRET Luhn keys) whose SIREN is unique per `number`."""
    base = f"{10_000_000 + number * 7 % 89_999_999:08d}"  # 8 digits, one per number
    siren = base + check_digit(base)
    nic = "0001"
    return siren + nic + check_digit(siren + nic)
