"""The tables behind the newer parts of the programme year in `manage.py load_demo`: collective
actions, student placements, prospecting and the funders' calendar. tooling/demo/programme.py
loads them. Texts are in French, as the programme writes them; amounts are in euros.
"""

from dataclasses import dataclass
from decimal import Decimal

from tooling.demo import directory_data as directory
from tooling.demo.project_data import DemoProject

# --- Collective actions: one action, several companies, each through a project in support.


@dataclass(frozen=True)
class DemoCollectiveAction:
    kind: str  # CollectiveAction.Kind
    title: str  # unique: the demo finds the action again by its title
    description: str
    provider: str  # a DemoOrganisation name
    # When it starts, in days before the reference day. The current year's action starts
    # CURRENT_ACTION_DAYS_AHEAD days after the reference day instead when that would fall in the
    # previous year (a reference day in January), so the year always has one.
    days_ago: int
    duration_days: int
    total_cost: Decimal
    companies_share: Decimal  # of the total cost, split between the participants by their days
    participants: tuple[int, int]  # how many companies, lowest and highest
    days: tuple[str, ...]  # each participant's days, drawn from these
    axes: tuple[str, ...]  # participants are drawn first among the projects of these axes
    current_year: bool = False


COLLECTIVE_ACTIONS = [
    DemoCollectiveAction(
        "training",
        "Formation-action lean manufacturing entre PMI",
        "Quatre journées de formation à l'atelier, une par mois et par site d'accueil : "
        "cartographie des flux, 5S, SMED et animation d'un point quotidien. Chaque entreprise "
        "mène un chantier pilote entre deux journées.",
        directory.CETIM,
        days_ago=640,
        duration_days=95,
        total_cost=Decimal("24000"),
        companies_share=Decimal("0.4"),
        participants=(5, 6),
        days=("3", "4", "4"),
        axes=("process", "management"),
    ),
    DemoCollectiveAction(
        "diagnosis",
        "Diagnostic énergie collectif des sites industriels",
        "Un ingénieur énergie passe une journée et demie sur chaque site : relevé des "
        "consommations, air comprimé, fours et chauffage, puis restitution commune des gisements "
        "d'économies et des aides mobilisables.",
        directory.CETIM,
        days_ago=395,
        duration_days=70,
        total_cost=Decimal("15000"),
        companies_share=Decimal("0.3"),
        participants=(4, 5),
        days=("1.5", "2"),
        axes=("process",),
    ),
    DemoCollectiveAction(
        "trade_fair",
        "Stand partagé « PMI en AQT » au salon de la sous-traitance industrielle",
        "Un stand de 72 m² aux couleurs du programme : chaque entreprise dispose d'un comptoir et "
        "d'une vitrine, le programme prend en charge l'aménagement et la communication.",
        directory.ADI,
        days_ago=190,
        duration_days=3,
        total_cost=Decimal("36000"),
        companies_share=Decimal("0.5"),
        participants=(4, 6),
        days=("2", "3", "3"),
        axes=("marketing",),
    ),
    DemoCollectiveAction(
        "expertise",
        "Expertise partagée en cybersécurité industrielle",
        "Audit des réseaux d'atelier et des machines connectées, par un expert du centre "
        "technique, puis un plan d'action par entreprise et deux ateliers communs sur la "
        "sauvegarde et la gestion des accès.",
        directory.CATIE,
        days_ago=24,
        duration_days=80,
        total_cost=Decimal("18000"),
        companies_share=Decimal("0.35"),
        participants=(3, 4),
        days=("2", "2.5", "3"),
        axes=("digital",),
        current_year=True,
    ),
]
CURRENT_ACTION_DAYS_AHEAD = 12
# Participants join (and the portal records them) this many days before the action starts.
COLLECTIVE_SIGN_UP_DAYS = (10, 45)


# --- Student placements: one per intern, work-study and PhD action of a project in support.

# The degree prepared, by kind; for a PhD, by laboratory (DemoOrganisation name).
DEGREES = {
    "intern": [
        "Diplôme d'ingénieur, stage de fin d'études (5e année)",
        "Master 2 génie industriel, stage de fin d'études",
    ],
    "work_study": [
        "Diplôme d'ingénieur par apprentissage, génie industriel",
        "Diplôme d'ingénieur par apprentissage, mécanique et production",
    ],
}
PHD_DEGREES = {
    directory.I2M: "Doctorat en mécanique et ingénierie",
    directory.IMS: "Doctorat en électronique",
    directory.IPREM: "Doctorat en chimie et physico-chimie des polymères",
}
PHD_DEGREE = "Doctorat en sciences pour l'ingénieur"
# What the company pays a month, lowest and highest: an intern's allowance, a work-study
# student's and a PhD student's salary with the employer's contributions.
MONTHLY_COST = {"intern": (650, 1100), "work_study": (1500, 2100), "phd": (3200, 3700)}
# Work-study contracts: mostly apprenticeships, some professionalisation contracts.
PROFESSIONALISATION_SHARE = 0.25
# The State's aid for hiring a work-study student, by the year the contract starts (simplified:
# the amounts of the successive schemes for a first-year engineering student).
WORK_STUDY_AID = [(2015, 1000), (2019, 4125), (2020, 8000), (2023, 6000), (2025, 5000)]
# A CIFRE agreement: the ANRT's grant for each of its three years.
CIFRE_GRANT_A_YEAR = 14000
# The institution's tutor: a PhD's supervisor is a professor.
SUPERVISOR_TITLES = {"phd": "Pr"}

# A shorter internship besides, ending within the month: the officers' digest lists it. Starts
# INTERNSHIP_DAYS_AGO days before the reference day, on a project in support by then.
ENDING_INTERNSHIP_DEGREE = "Diplôme d'ingénieur, stage de 4e année"
INTERNSHIP_DAYS_AGO = 72
INTERNSHIP_ENDS_IN = (9, 22)  # days after the reference day


# --- Prospecting: a project an officer opens for a company met while prospecting.


@dataclass(frozen=True)
class ProspectedProject:
    project: DemoProject
    visit_days_ago: int  # the visit, in days before the reference day; opened that evening
    visit_notes: str
    next_step: str
    next_step_days: int
    comment: str  # the officer's words after the portal's "opened by … while prospecting"


PROSPECTED_PROJECT = ProspectedProject(
    DemoProject(
        "nerac-chaudronnerie",
        "Robotisation du soudage des cuves inox",
        "Souder les viroles et les fonds des cuves inox avec une cellule robotisée, pour tenir "
        "les délais des caves et des conserveries malgré le manque de soudeurs qualifiés. "
        "L'entreprise doit choisir entre robot collaboratif et cellule fermée, et former deux "
        "opérateurs à la programmation.",
        ("process", "digital"),
    ),
    visit_days_ago=9,
    visit_notes=(
        "Visite de prospection avec {contact} : atelier de 2 400 m², trois soudeurs partent en "
        "retraite d'ici deux ans. Projet de soudage robotisé identifié, ouvert dans la foulée."
    ),
    next_step="Caler la visite de diagnostic avec le bureau d'études",
    next_step_days=14,
    comment=(
        "Besoin vu sur place : le soudage des cuves est le goulot de l'atelier. Diagnostic à "
        "caler avec un intégrateur et le CETIM."
    ),
)


# --- The funders' calendar: the committees that will answer the lines still asked, and the
# deadlines for their complete files, which the finance officer notes on the plans.

# The funders' committees, by the kind of line they answer: the weekday they sit on (Monday is
# 0) and every how many days (the Region's standing committee each month, Bpifrance's
# commitment committee every fortnight). A line goes to one of the next COMMITTEES_AHEAD, the
# first of them at least COMMITTEE_NOT_BEFORE_DAYS after the reference day.
COMMITTEES = {"grant": (0, 28), "loan": (3, 14)}
COMMITTEES_AHEAD = 3
COMMITTEE_NOT_BEFORE_DAYS = 4
# The complete file is due this many days before the committee (filed already, or still to
# file when that day is yet to come).
FILE_BEFORE_COMMITTEE_DAYS = (18, 40)
# The kinds of lines a funder's committee answers.
COMMITTEE_KINDS = tuple(COMMITTEES)
