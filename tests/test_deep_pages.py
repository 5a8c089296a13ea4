"""Deep pages of the long lists: the company list and the staff's list of emails.

A page far into a list lists the right rows in order, costs the same queries as page 1 whatever
the data, never evaluates the per-row counts of the rows it skips, and the whole list of a large
table says its size is approximate rather than counting it on every visit.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.pagination import IdPaginator

from .factories import CompanyFactory, ContactFactory, ProjectFactory

pytestmark = pytest.mark.django_db

COMPANIES = reverse("companies:list")
EMAILS = reverse("mailing:list")


@pytest.fixture
def estimated_at(monkeypatch):
    """PostgreSQL's estimate of a whole table (SQLite has none): the figure the list gets."""
    from pmi_aqt import pagination

    def estimate(figure: int) -> None:
        monkeypatch.setattr(
            pagination,
            "estimated_row_count",
            lambda queryset: None if queryset.query.where else figure,
        )

    return estimate


def companies_named(count: int, prefix: str = "Atelier") -> list[str]:
    names = [f"{prefix} {index:03}" for index in range(count)]
    for name in names:
        company = CompanyFactory(name=name)
        ContactFactory(company=company)
        ProjectFactory(company=company)
    return names


def listed(response) -> list[str]:
    return [company.name for company in response.context["page_obj"]]


# --- The company list


def test_a_deep_company_page_lists_the_right_companies_with_their_counts(client, officer):
    names = companies_named(60)
    client.force_login(officer)

    pages = [client.get(COMPANIES, {"page": number}) for number in (1, 2, 3)]

    assert [listed(page) for page in pages] == [names[:25], names[25:50], names[50:]]
    last = pages[2].context["page_obj"][0]
    assert (last.project_count, last.contact_count) == (1, 1)
    assert "Page 3 sur 3" in pages[2].text


def test_a_deep_company_page_costs_the_queries_of_page_one_whatever_the_data(client, officer):
    companies_named(30)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as first_page:
        client.get(COMPANIES)
    companies_named(70, prefix="Usine")
    with CaptureQueriesContext(connection) as deep_page:
        response = client.get(COMPANIES, {"page": 4})

    assert len(listed(response)) == 25
    assert len(deep_page) == len(first_page)


def test_the_companies_skipped_are_never_counted_only_the_page_rows_are(client, officer):
    companies_named(60)
    client.force_login(officer)

    with CaptureQueriesContext(connection) as queries:
        client.get(COMPANIES, {"page": 2})

    page = next(q["sql"] for q in queries if "OFFSET" in q["sql"])
    skipped = page[page.index("IN (SELECT") :]
    assert "projects_project" in page  # the page's rows count their projects…
    assert "projects_project" not in skipped  # …the ids chosen for the page count nothing


def test_the_whole_company_list_says_its_size_is_approximate_without_counting(
    client, officer, estimated_at
):
    companies_named(30)
    estimated_at(100_000)
    client.force_login(officer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(COMPANIES)

    assert "Environ 100000 entreprises" in response.text
    assert "page 1 sur environ 4000" in response.text
    assert not any(q["sql"].startswith("SELECT COUNT(*)") for q in queries)


def test_a_searched_company_list_is_counted_exactly(client, officer, estimated_at):
    companies_named(3, prefix="Chaudronnerie")
    companies_named(30)
    estimated_at(100_000)
    client.force_login(officer)

    response = client.get(COMPANIES, {"q": "chaudronnerie"})

    assert "3 entreprises trouvées" in response.text
    assert "environ" not in response.text


def test_a_page_number_past_the_end_shows_the_last_page(client, officer):
    names = companies_named(30)
    client.force_login(officer)

    response = client.get(COMPANIES, {"page": 99})

    assert listed(response) == names[25:]


# --- The staff's list of emails


def emails_sent(count: int, start: datetime.datetime | None = None) -> list[str]:
    """Emails one minute apart, oldest first; returns their subjects newest first."""
    start = start or timezone.now() - datetime.timedelta(days=1)
    subjects = []
    for index in range(count):
        subject = f"E-mail {index:03}"
        OutboundEmail.objects.create(
            key=f"deep:{index}:{start.timestamp()}",
            kind="intake_confirmation",
            to="dirigeant@entreprise.example",
            subject=subject,
            body_text="Bonjour",
            created_at=start + datetime.timedelta(minutes=index),
        )
        subjects.append(subject)
    return subjects[::-1]


def listed_subjects(response) -> list[str]:
    return [email.subject for email in response.context["page_obj"]]


def test_a_deep_email_page_lists_the_right_emails_newest_first(client, officer):
    subjects = emails_sent(120)
    client.force_login(officer)

    pages = [listed_subjects(client.get(EMAILS, {"page": n})) for n in (1, 2, 3)]

    assert pages == [subjects[:50], subjects[50:100], subjects[100:]]


def test_a_deep_email_page_costs_the_queries_of_page_one_whatever_the_data(client, officer):
    emails_sent(60)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as first_page:
        client.get(EMAILS)
    emails_sent(200, start=timezone.now() - datetime.timedelta(days=3))
    with CaptureQueriesContext(connection) as deep_page:
        response = client.get(EMAILS, {"page": 5})

    assert len(listed_subjects(response)) == 50
    assert len(deep_page) == len(first_page)


def test_the_whole_email_list_is_estimated_and_a_filtered_one_counted(
    client, officer, estimated_at
):
    emails_sent(60)
    estimated_at(400_000)
    client.force_login(officer)

    whole = client.get(EMAILS)
    failed = client.get(EMAILS, {"statut": OutboundEmail.Status.FAILED})

    assert "Page 1 sur environ 8000" in whole.text
    assert whole.context["page_obj"].paginator.approximate
    assert not failed.context["page_obj"].paginator.approximate


# --- The paginator itself


def test_the_paginator_reads_a_page_in_the_second_half_from_the_end(officer):
    names = companies_named(100)

    with CaptureQueriesContext(connection) as queries:
        page = list(IdPaginator(Company.objects.all(), 10).page(9))

    assert [company.name for company in page] == names[80:90]
    assert any("ORDER BY" in q["sql"] and "DESC" in q["sql"] for q in queries)


def test_the_paginator_makes_rows_unique_when_the_list_is_distinct(officer):
    names = companies_named(12)
    for company in Company.objects.all():
        ContactFactory(company=company)  # two contacts each: a join would double them
    doubled = Company.objects.filter(contacts__isnull=False).distinct()

    pages = [list(IdPaginator(doubled, 5).page(n)) for n in (1, 2, 3)]

    assert [c.name for page in pages for c in page] == names
