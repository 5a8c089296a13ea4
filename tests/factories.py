"""factory_boy factories shared by the tests."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from companies.models import Company, Contact, Department, HeadcountBand, Interaction
from companies.validators import luhn_is_valid
from pmi_aqt.accounts.models import User
from projects.models import InterventionAxis, Project


def make_siret(sequence: int) -> str:
    """A valid SIRET (Luhn on the SIREN and on the whole number) unique per sequence."""
    siren_base = f"{(123000 + sequence) % 1000000:06d}00"
    siren = next(siren_base + str(d) for d in range(10) if luhn_is_valid(siren_base + str(d)))
    nic_base = "0001"
    return next(
        siren + nic_base + str(d) for d in range(10) if luhn_is_valid(siren + nic_base + str(d))
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("motdepasse-de-test")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Usinage Atlantique {n}")
    siret = factory.Sequence(make_siret)
    naf_code = "25.62B"
    headcount_band = HeadcountBand.SMALL
    postcode = "33700"
    city = "Mérignac"
    department = Department.GIRONDE
    address = "12 avenue de l'Industrie"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contact{n}@entreprise.example")
    job_title = "Directeur général"
    data_consent_at = factory.LazyFunction(timezone.now)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    company = factory.SubFactory(CompanyFactory)
    kind = Interaction.Kind.CALL
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    officer = factory.SubFactory(UserFactory, roles=["officer"])
    notes = "Premier échange sur le projet."


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Projet d'innovation {n}")
    description = "Automatiser la ligne de découpe."

    @factory.post_generation
    def axis_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.axes.add(*InterventionAxis.objects.filter(code__in=extracted))


def record_decision(project, outcome: str, *, conditions: str = "", by=None, decided_at=None):
    """A decision of the task force on the project, as recorded at a held session (the
    decision is stored on the agenda item only; the project reads its latest one). For tests
    of what follows a decision; the task force's own tests go through its pages."""
    from taskforce.models import AgendaItem, Session

    decided_at = decided_at or timezone.now()
    session = Session.objects.create(
        date=timezone.localdate(decided_at),
        starts_at=datetime.time(9, 30),
        place="Bordeaux",
        status=Session.Status.HELD,
        published_at=decided_at - datetime.timedelta(days=10),
    )
    item = AgendaItem.objects.create(
        session=session,
        project=project,
        outcome=outcome,
        conditions=conditions,
        rationale="Décision de test",
        decided_at=decided_at,
        decided_by=by,
    )
    project.__dict__.pop("latest_decision", None)
    return item


def decided_project(outcome: str, **kwargs):
    """A project (ProjectFactory's arguments) after the task force's decision `outcome`,
    recorded as record_decision does; no decision when `outcome` is empty."""
    project = ProjectFactory(**kwargs)
    if outcome:
        record_decision(project, outcome)
    return project


# --- The public intake form


def siret_of_establishment(siren: str, establishment: int) -> str:
    """A valid SIRET for another establishment (NIC) of the company with this SIREN."""
    nic_base = f"{establishment:04d}"
    return next(
        siren + nic_base + str(d) for d in range(10) if luhn_is_valid(siren + nic_base + str(d))
    )


# A company the programme does not know yet (far from CompanyFactory's sequence).
NEW_COMPANY_SIRET = make_siret(500000)


def intake_form_data(*, axis_codes=("digital", "process"), **overrides) -> dict:
    """What a person types into the intake form, ready to POST; override any field."""
    data = {
        "siret": f"{NEW_COMPANY_SIRET[:3]} {NEW_COMPANY_SIRET[3:6]} {NEW_COMPANY_SIRET[6:9]} "
        f"{NEW_COMPANY_SIRET[9:]}",
        "company_name": "Forges de Bayonne",
        "address": "4 rue des Forgerons",
        "postcode": "64100",
        "city": "Bayonne",
        "headcount_band": HeadcountBand.SMALL,
        "first_name": "Maïté",
        "last_name": "Etcheverry",
        "job_title": "Directrice industrielle",
        "email": "maite.etcheverry@forges-bayonne.example",
        "phone": "05 59 00 00 00",
        "title": "Capteurs connectés sur la presse",
        "description": "Suivre l'usure des outils en temps réel pour réduire les arrêts.",
        "axes": [
            str(pk)
            for pk in InterventionAxis.objects.filter(code__in=axis_codes).values_list(
                "pk", flat=True
            )
        ],
        "timing": "6m",
        "data_consent": "on",
    }
    data.update(overrides)
    return data
