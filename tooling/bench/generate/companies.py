"""The companies with their contacts, and the officers' interactions with them."""

import datetime as dt
import time

from django.utils import timezone

from companies.models import Company, Contact, Interaction
from pmi_aqt.accounts.models import Role, User

from ..writer import TableWriter, next_id
from .base import GeneratorBase
from .tables import (
    CITIES,
    DEPARTMENT_WEIGHTS,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    HEADCOUNT_WEIGHTS,
    HISTORY_DAYS,
    INTERACTION_KINDS,
    INTERACTION_NEXT_STEPS,
    LEGAL_FORMS,
    NAF_CODES,
    SURNAMES,
    TRADES,
    TURNOVER_BY_HEADCOUNT,
    make_siret,
)

# One company in this many has its manager's account on the portal (the company space); the
# rest know the programme by email links only.
COMPANY_ACCOUNT_EVERY = 10


class CompanySteps(GeneratorBase):
    """Writes the companies, their contacts and the interactions; needs the people."""

    def companies(self) -> None:
        started = time.perf_counter()
        companies = self._writer(
            Company,
            [
                "name",
                "siret",
                "naf_code",
                "headcount_band",
                "turnover_band",
                "address",
                "postcode",
                "city",
                "department",
                "website",
                "federation_member",
                "created_at",
                "updated_at",
            ],
        )
        contacts = self._writer(
            Contact,
            [
                "company",
                "first_name",
                "last_name",
                "job_title",
                "email",
                "phone",
                "data_consent_at",
                "contact_consent",
                "contact_consent_at",
                "user",
                "created_at",
            ],
        )
        # Columns as the people's (people.py): the company contacts who log in.
        accounts = self._writer(
            User,
            ["email", "first_name", "last_name", "password", "is_staff", "is_superuser",
             "is_active", "date_joined", "phone"],
        )  # fmt: skip
        account_groups = TableWriter(User.groups.through, ["user", "group"])
        self.company_ids: list[int] = []
        self.company_contacts: dict[int, list[int]] = {}
        self.company_band: dict[int, str] = {}
        offset = next_id(Company)
        for n in range(self.volumes["companies"]):
            pk = self._id(Company)
            department = self._weighted(DEPARTMENT_WEIGHTS)
            postcode, city = self.rng.choice(CITIES[department])
            band = self._weighted(HEADCOUNT_WEIGHTS)
            surname = self.rng.choice(SURNAMES)
            name = f"{self.rng.choice(TRADES)} {surname} {self.rng.choice(LEGAL_FORMS)}"
            created = self._moment(HISTORY_DAYS + 365, 30)
            companies.add(
                (
                    pk,
                    name,
                    make_siret(offset + n),
                    self.rng.choice(NAF_CODES),
                    band,
                    TURNOVER_BY_HEADCOUNT[band],
                    f"{self.rng.randint(1, 120)} rue de l'Industrie",
                    postcode,
                    city,
                    department,
                    "",
                    self.rng.random() < 0.4,
                    created,
                    created,
                )
            )
            self.company_ids.append(pk)
            self.company_band[pk] = band
            ids = []
            for c in range(1 if self.rng.random() < 0.6 else 2):
                contact = self._id(Contact)
                ids.append(contact)
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
                email = f"contact{c + 1}.{pk}@{surname.lower()}-{pk}.example"
                user = None
                if c == 0 and n % COMPANY_ACCOUNT_EVERY == 0:
                    user = self._id(User)
                    account = (f"company-{pk}@{EMAIL_DOMAIN}", first, last, self.password)
                    accounts.add((user, *account, False, False, True, created, ""))
                    account_groups.add((user, self.groups[Role.COMPANY_CONTACT]))
                contacts.add(
                    (
                        contact,
                        pk,
                        first,
                        last,
                        "Dirigeant·e" if c == 0 else "Responsable R&D",
                        email,
                        "05 56 00 00 00",
                        created,
                        self.rng.random() < 0.5,
                        None,
                        user,
                        created,
                    )
                )
            self.company_contacts[pk] = ids
        self._done("companies", companies, started)
        self._done("users", accounts, time.perf_counter())  # before the contacts naming them
        self._done("user_groups", account_groups, time.perf_counter())
        self._done("contacts", contacts, time.perf_counter())

    def interactions(self) -> None:
        started = time.perf_counter()
        rows = self._writer(
            Interaction,
            [
                "company",
                "kind",
                "occurred_on",
                "officer",
                "contact",
                "notes",
                "next_step",
                "next_step_due",
                "next_step_done_at",
                "created_at",
            ],
        )
        rng = self.rng
        for _n in range(self.volumes["interactions"]):
            company = rng.choice(self.company_ids)
            moment = self._moment(HISTORY_DAYS)
            occurred = timezone.localdate(moment)
            next_step, due, done = "", None, None
            if rng.random() < 0.3:
                next_step = rng.choice(INTERACTION_NEXT_STEPS)
                due = occurred + dt.timedelta(days=rng.randint(3, 45))
                # Most steps past due were done; a few stay open (the overdue ones).
                if due < self.today and rng.random() < 0.97:
                    done = moment + dt.timedelta(days=rng.randint(1, 40))
            rows.add(
                (
                    self._id(Interaction),
                    company,
                    rng.choice(INTERACTION_KINDS),
                    occurred,
                    rng.choice(self.officers),
                    rng.choice(self.company_contacts[company]),
                    "Échange avec le dirigeant sur le projet et les aides possibles.",
                    next_step,
                    due,
                    done,
                    moment,
                )
            )
        self._done("interactions", rows, started)
