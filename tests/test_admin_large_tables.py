"""The technical admin at national scale: lists paged without counting whole tables, searches
through the apps' indexed searches, no select of a large table in a form, and deletions that
would list tens of thousands of rows refused with the reason, before anything is read.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Contact
from pmi_aqt.accounts.models import Role, User
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import InterventionAxis, Project
from taskforce.models import ReviewCriterion

from . import test_taskforce_data as data
from .factories import (
    CompanyFactory,
    ContactFactory,
    InteractionFactory,
    ProjectFactory,
    UserFactory,
    make_siret,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(email="technique@pmi-aqt.test", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def listed_pks(response) -> list[int]:
    return [row.pk for row in response.context["cl"].result_list]


# --- Deletions refused with the reason


def test_deleting_an_axis_is_refused_with_the_reason_before_listing_its_projects(client, superuser):
    axis = InterventionAxis.objects.get(code="digital")
    ProjectFactory.create_batch(3, axis_codes=["digital"])
    url = reverse("admin:projects_interventionaxis_delete", args=[axis.pk])

    with CaptureQueriesContext(connection) as queries:
        confirmation = client.get(url)
    refused_post = client.post(url, {"post": "yes"})
    change_form = client.get(reverse("admin:projects_interventionaxis_change", args=[axis.pk]))

    assert confirmation.status_code == refused_post.status_code == 403
    assert "ne se supprime pas : projets, besoins et dispositifs y renvoient" in (
        confirmation.content.decode()
    )
    assert not any("projects_project" in q["sql"] for q in queries)
    assert InterventionAxis.objects.filter(pk=axis.pk).exists()
    assert url not in change_form.content.decode()


def test_the_axes_list_offers_no_bulk_deletion(client, superuser):
    response = client.get(changelist(InterventionAxis))

    assert "delete_selected" not in response.content.decode()


def test_deleting_a_person_is_refused_and_deactivating_is_suggested(client, superuser, officer):
    ProjectFactory(officer=officer)
    url = reverse("admin:accounts_user_delete", args=[officer.pk])

    response = client.get(url)

    assert response.status_code == 403
    assert "Décochez « Actif » pour fermer son compte" in response.content.decode()
    assert User.objects.filter(pk=officer.pk).exists()


def test_a_role_group_cannot_be_deleted_but_another_group_can(client, superuser):
    role = Group.objects.get(name=Role.OFFICER)
    other = Group.objects.create(name="Lecteurs des rapports")

    refused = client.get(reverse("admin:auth_group_delete", args=[role.pk]))
    allowed = client.get(reverse("admin:auth_group_delete", args=[other.pk]))

    assert refused.status_code == 403
    assert "perdrait ce rôle" in refused.content.decode()
    assert allowed.status_code == 200


# --- Lists: flat queries, indexed searches


def exchanges(count: int, company_name: str = "Fonderie de l'Adour") -> Company:
    company = CompanyFactory(name=company_name)
    contact = ContactFactory(company=company)
    InteractionFactory.create_batch(count, company=company, contact=contact)
    return company


def test_the_exchanges_list_costs_the_same_queries_for_few_or_many(client, superuser):
    exchanges(3)
    with CaptureQueriesContext(connection) as few:
        client.get(changelist(InteractionFactory._meta.model))
    for n in range(6):
        exchanges(40, company_name=f"Usinage {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(changelist(InteractionFactory._meta.model), {"p": 2})

    assert len(listed_pks(response)) == 100
    assert len(many) == len(few)


def test_the_exchanges_are_searched_by_their_company_newest_recorded_first(client, superuser):
    exchanges(3, company_name="Chaudronnerie Lafitte")
    searched = exchanges(2, company_name="Décolletage Ithurralde")
    url = changelist(InteractionFactory._meta.model)

    by_name = client.get(url, {"q": "ithurr"})
    by_siret = client.get(url, {"q": searched.siret[:9]})

    expected = list(searched.interactions.order_by("-pk").values_list("pk", flat=True))
    assert listed_pks(by_name) == expected
    assert listed_pks(by_siret) == expected


def test_the_project_search_finds_a_title_a_company_name_or_a_siret(client, superuser):
    by_title = ProjectFactory(title="Ligne d'usinage connectée", company=CompanyFactory(name="A"))
    by_company = ProjectFactory(company=CompanyFactory(name="Usinage Bidart"))
    ProjectFactory(title="Robot de soudure", company=CompanyFactory(name="Forges Pujol"))
    siret = make_siret(424242)
    by_siret = ProjectFactory(company=CompanyFactory(name="Tôlerie Vignau", siret=siret))
    url = changelist(Project)

    found = set(listed_pks(client.get(url, {"q": "USINAGE"})))
    found_by_siret = listed_pks(client.get(url, {"q": siret[:9]}))

    assert found == {by_title.pk, by_company.pk}
    assert found_by_siret == [by_siret.pk]


def test_the_company_list_searches_like_the_directory(client, superuser):
    wanted = CompanyFactory(name="Aéro-Composites Larrieu", city="Pau")
    CompanyFactory(name="Tôlerie Dufau", city="Dax")

    by_city = listed_pks(client.get(changelist(Company), {"q": "pau"}))
    by_siret = listed_pks(client.get(changelist(Company), {"q": wanted.siret[:6]}))

    assert by_city == by_siret == [wanted.pk]


def test_the_contacts_are_searched_by_name_accents_ignored_or_by_their_company(client, superuser):
    by_name = ContactFactory(first_name="Hélène", last_name="Etchegaray")
    of_company = ContactFactory(company=CompanyFactory(name="Chaudronnerie Lafitte"))
    ContactFactory(first_name="Marc", last_name="Dufau")
    url = changelist(Contact)

    assert listed_pks(client.get(url, {"q": "helene etche"})) == [by_name.pk]
    assert listed_pks(client.get(url, {"q": "CHAUDRONNERIE"})) == [of_company.pk]


def email(subject: str, to: str = "dirigeant@entreprise.example", key: str = "") -> OutboundEmail:
    return OutboundEmail.objects.create(
        key=key or f"test:{subject}:{to}",
        kind="intake_confirmation",
        to=to,
        subject=subject,
        body_text="Bonjour",
    )


def test_the_emails_are_searched_by_subject_or_recipient_accents_ignored_or_by_exact_key(
    client, superuser
):
    decision = email("Décision de la task force")
    to_pujol = email("Votre demande", to="c.pujol@forges.example")
    keyed = email("Rappel", key="intake-confirmation:4242")
    url = changelist(OutboundEmail)

    assert listed_pks(client.get(url, {"q": "decision"})) == [decision.pk]
    assert listed_pks(client.get(url, {"q": "PUJOL"})) == [to_pujol.pk]
    assert listed_pks(client.get(url, {"q": "intake-confirmation:4242"})) == [keyed.pk]
    assert listed_pks(client.get(url, {"q": "intake-confirmation"})) == []


def test_a_search_is_counted_up_to_a_limit_and_says_there_are_more(client, superuser, monkeypatch):
    from pmi_aqt import pagination

    monkeypatch.setattr(pagination, "ADMIN_COUNT_LIMIT", 4)
    model = InteractionFactory._meta.model
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 2)
    company = exchanges(6, company_name="Chaudronnerie Lafitte")

    with CaptureQueriesContext(connection) as queries:
        first = client.get(changelist(model), {"q": "lafitte"})
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    second = client.get(changelist(model), {"q": "lafitte", "p": 2})

    assert "Plus de 4 échanges" in first.text
    assert "plus de 4 résultats" in first.text
    assert len(counts) == 1 and "LIMIT 5" in counts[0]
    newest_first = list(company.interactions.order_by("-pk").values_list("pk", flat=True))
    assert listed_pks(first) == newest_first[:2]
    assert listed_pks(second) == newest_first[2:4]


def test_a_search_under_the_limit_shows_its_exact_count(client, superuser):
    exchanges(3, company_name="Chaudronnerie Lafitte")

    response = client.get(changelist(InteractionFactory._meta.model), {"q": "lafitte"})

    assert "3 résultats" in response.text
    assert "Plus de" not in response.text


def test_large_lists_show_no_second_count_of_the_whole_table(client, superuser):
    exchanges(3)
    for model in (Company, Project, InteractionFactory._meta.model, User):
        model_admin = admin.site._registry[model]
        assert model_admin.show_full_result_count is False, model


# --- Forms: no select of a large table


def test_no_admin_form_offers_a_select_of_hundreds_of_rows(client, superuser):
    """With more people, companies, contacts and projects than a select should ever hold,
    every add form of the admin stays under a couple of hundred options per select."""
    many = 210
    User.objects.bulk_create(User(email=f"p{n}@masse.test") for n in range(many))
    Company.objects.bulk_create(
        Company(name=f"Masse {n}", siret=make_siret(900_000 + n), department="33")
        for n in range(many)
    )
    company = Company.objects.first()
    ContactFactory.create_batch(3, company=company)
    ProjectFactory.create_batch(3, company=company)

    too_long = []
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        response = client.get(reverse(f"{info}_add"))
        if response.status_code != 200:
            continue
        for name, options in re.findall(
            r"<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", response.content.decode(), re.S
        ):
            # A group's permissions: four per model, bounded by the schema and not by the data,
            # in Django's searchable two-list widget.
            if options.count("<option") > many and (info, name) != (
                "admin:auth_group",
                "permissions",
            ):
                too_long.append(f"{info} {name}")

    assert not too_long


def test_deleting_a_scored_criterion_is_refused_with_the_reason_before_listing_its_scores(
    client, superuser, member
):
    item = data.put_on_agenda(data.make_session(members=[member]))
    data.submit_review(item, member)
    criterion = ReviewCriterion.objects.filter(is_active=True).order_by("pk").first()
    url = reverse("admin:taskforce_reviewcriterion_delete", args=[criterion.pk])

    with CaptureQueriesContext(connection) as queries:
        confirmation = client.get(url)

    assert confirmation.status_code == 403
    assert "décochez « actif »" in confirmation.content.decode()
    assert sum("taskforce_reviewscore" in q["sql"] for q in queries) == 1  # one EXISTS
    assert ReviewCriterion.objects.filter(pk=criterion.pk).exists()
    assert "delete_selected" not in client.get(changelist(ReviewCriterion)).content.decode()


def test_a_criterion_no_review_scored_may_still_be_deleted(client, superuser):
    criterion = ReviewCriterion.objects.create(code="inutile", label="Critère inutile")
    url = reverse("admin:taskforce_reviewcriterion_delete", args=[criterion.pk])

    assert client.get(url).status_code == 200
    client.post(url, {"post": "yes"})
    assert not ReviewCriterion.objects.filter(pk=criterion.pk).exists()
