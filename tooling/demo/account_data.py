"""The accounts `manage.py load_demo` creates, one per role, and the seed of the whole demo.

Every person here is invented (see company_data.py and project_data.py for the rest of the
programme).
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
