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
