"""The companies' and contacts' folded search text (`search_text`), written by the database's
triggers (companies/search_columns.py) on every way a name, city or email is written, and
what the searches compare instead of folding every row they read."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Contact
from companies.search_columns import backfill, install_triggers
from projects.services.personal_data import contact_anonymise

from .factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


def stored(row) -> str:
    return type(row).objects.values_list("search_text", flat=True).get(pk=row.pk)


def test_a_new_company_holds_its_name_and_city_folded():
    company = CompanyFactory(name="Forges du Médoc", city="Mérignac")

    assert stored(company) == "forges du medoc\nmerignac"


def test_a_new_contact_holds_its_name_and_email_folded():
    contact = ContactFactory(first_name="Héloïse", last_name="Dubreuil", email="H.D@Forge.fr")

    assert stored(contact) == "heloise dubreuil\nh.d@forge.fr"


def test_saving_or_updating_a_name_rewrites_the_search_text():
    company = CompanyFactory(name="Soudure Adour", city="Pau")
    contact = ContactFactory(first_name="Jean", last_name="Bidart")

    company.name = "Décolletage Sud"
    company.save()
    Contact.objects.filter(pk=contact.pk).update(last_name="Etchéverry")

    assert list(Company.objects.search("decolletage")) == [company]
    assert list(Company.objects.search("soudure")) == []
    assert list(Contact.objects.search("etcheverry")) == [contact]
    assert list(Contact.objects.search("bidart")) == []


def test_a_write_to_the_column_itself_is_put_right():
    contact = ContactFactory(first_name="Anne", last_name="Laborde")

    Contact.objects.filter(pk=contact.pk).update(search_text="faux")

    assert stored(contact).startswith("anne laborde\n")


def test_the_searches_find_what_they_found_before():
    company = CompanyFactory(name="Atelier Ouest", city="Saint-Médard")
    contact = ContactFactory(
        company=company, first_name="Éloïse", last_name="Marti", email="eloise@ouest.fr"
    )

    assert list(Company.objects.search("SAINT-MEDARD")) == [company]
    assert list(Company.objects.search("atelier")) == [company]
    assert list(Contact.objects.search("eloise marti")) == [contact]  # "first last"
    assert list(Contact.objects.search("@ouest")) == [contact]
    assert list(Contact.objects.search("100%")) == []  # a wildcard typed is a character


def test_the_erasure_of_a_contact_leaves_no_folded_copy_of_the_name(officer):
    contact = ContactFactory(first_name="Héloïse", last_name="Dubreuil")

    contact_anonymise(contact=contact, by=officer)

    assert "heloise" not in stored(contact)
    assert "dubreuil" not in stored(contact)
    assert list(Contact.objects.search("dubreuil")) == []


def _disable_triggers(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE companies_contact DISABLE TRIGGER companies_contact_search_text"
        )
    else:
        cursor.execute("DROP TRIGGER companies_contact_search_text_update")


def _enable_triggers(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("ALTER TABLE companies_contact ENABLE TRIGGER companies_contact_search_text")
    else:
        install_triggers(connection)


def test_the_backfill_computes_the_column_of_rows_written_before_it():
    contact = ContactFactory(first_name="Paul", last_name="Irigoyen")
    with connection.cursor() as cursor:
        _disable_triggers(cursor)
        cursor.execute("UPDATE companies_contact SET search_text = '' WHERE id = %s", [contact.pk])
        _enable_triggers(cursor)
    assert stored(contact) == ""

    assert backfill(connection, batch=1) == Company.objects.count() + Contact.objects.count()

    assert stored(contact).startswith("paul irigoyen\n")


@pytest.mark.sqlite_only  # SQLite rebuilds tables (and drops their triggers)
def test_sqlite_s_triggers_come_back_after_a_migration_rebuilt_the_table():
    with connection.cursor() as cursor:
        _disable_triggers(cursor)

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    contact = ContactFactory(last_name="Arrieta")
    Contact.objects.filter(pk=contact.pk).update(last_name="Olaizola")
    assert list(Contact.objects.search("olaizola")) == [contact]


def test_a_deep_page_of_a_contact_search_costs_the_queries_of_its_first(client, officer):
    company = CompanyFactory()
    for n in range(60):
        ContactFactory(company=company, first_name=f"Jean{n:02}", last_name="Bidart")
    client.force_login(officer)
    url = reverse("companies:contact_list")
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"q": "bidart"})
    with CaptureQueriesContext(connection) as deep:
        response = client.get(url, {"q": "bidart", "page": 3})

    assert [c.first_name for c in response.context["page_obj"]] == [
        f"Jean{n:02}" for n in range(50, 60)
    ]
    assert len(deep) == len(first)


@pytest.mark.postgresql_only
def test_postgresql_searches_the_stored_texts_through_their_trigram_indexes():
    CompanyFactory(name="Forges Adour")
    ContactFactory(last_name="Bidart")
    for queryset, index in (
        (Company.objects.search("adour"), "company_search_text_trgm_idx"),
        (Contact.objects.search("bidart"), "contact_search_text_trgm_idx"),
    ):
        sql, params = queryset.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            for setting in ("seqscan", "indexscan"):
                cursor.execute(f"SET LOCAL enable_{setting} = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())

        assert index in plan
        assert "pmi_fold(companies_" not in plan
