"""The financing plan: who may change it, what it accepts, its totals and its section."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from projects.models import FinancingLine, PartnerOrganisation, SupportScheme
from projects.views.financing import financing_context

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

EDITOR_FIXTURES = ["finance_officer", "officer", "manager"]
REFUSED_FIXTURES = ["member", "company_user", "no_role_user"]


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, budget=Decimal("100000"))


@pytest.fixture
def scheme(db):
    region = PartnerOrganisation.objects.create(name="Région Nouvelle-Aquitaine", kind="agency")
    return SupportScheme.objects.create(organisation=region, name="AAP Innovation", kind="funding")


def make_line(project, **fields) -> FinancingLine:
    values = {
        "source_label": "Banque de l'entreprise",
        "kind": FinancingLine.Kind.LOAN,
        "amount_asked": Decimal("10000"),
        **fields,
    }
    return FinancingLine.objects.create(project=project, **values)


def create_url(project) -> str:
    return reverse("projects:financing_line_create", args=[project.pk])


def edit_url(line) -> str:
    return reverse("projects:financing_line_edit", args=[line.project_id, line.pk])


def delete_url(line) -> str:
    return reverse("projects:financing_line_delete", args=[line.project_id, line.pk])


def line_data(**overrides) -> dict:
    data = {
        "scheme": "",
        "source_label": "Bpifrance — avance remboursable",
        "kind": "loan",
        "amount_asked": "30000",
        "amount_obtained": "",
        "status": "requested",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# --- Who may add, change and remove lines


@pytest.mark.parametrize("fixture_name", EDITOR_FIXTURES)
def test_finance_officer_officers_and_manager_add_a_line(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.get(create_url(project)).status_code == 200

    response = client.post(create_url(project), line_data())

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#financement"
    line = project.financing_lines.get()
    assert line.source == "Bpifrance — avance remboursable"
    assert line.amount_asked == Decimal("30000")
    assert line.amount_obtained is None
    assert line.status == FinancingLine.Status.REQUESTED


@pytest.mark.parametrize("fixture_name", REFUSED_FIXTURES)
def test_other_roles_cannot_add_change_or_remove_lines(client, as_user, fixture_name, project):
    line = make_line(project)
    as_user(fixture_name)

    assert client.get(create_url(project)).status_code == 403
    assert client.post(create_url(project), line_data()).status_code == 403
    assert client.get(edit_url(line)).status_code == 403
    assert client.post(edit_url(line), line_data(amount_asked="1")).status_code == 403
    assert client.post(delete_url(line)).status_code == 403

    line.refresh_from_db()
    assert line.amount_asked == Decimal("10000")
    assert project.financing_lines.count() == 1


def test_anonymous_visitor_is_sent_to_login(client, project):
    line = make_line(project)
    for url in (create_url(project), edit_url(line), delete_url(line)):
        response = client.post(url, line_data())
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert project.financing_lines.count() == 1


def test_delete_needs_a_post(client, finance_officer, project):
    line = make_line(project)
    client.force_login(finance_officer)
    assert client.get(delete_url(line)).status_code == 405
    assert project.financing_lines.exists()


def test_other_methods_are_refused(client, finance_officer, project):
    line = make_line(project)
    client.force_login(finance_officer)
    assert client.put(create_url(project)).status_code == 405
    assert client.delete(edit_url(line)).status_code == 405


def test_unknown_project_or_a_line_of_another_project_is_a_404(client, finance_officer, project):
    other_line = make_line(ProjectFactory())
    client.force_login(finance_officer)

    assert client.get(reverse("projects:financing_line_create", args=[999999])).status_code == 404
    wrong_pair = reverse("projects:financing_line_edit", args=[project.pk, other_line.pk])
    assert client.post(wrong_pair, line_data()).status_code == 404
    wrong_delete = reverse("projects:financing_line_delete", args=[project.pk, other_line.pk])
    assert client.post(wrong_delete).status_code == 404
    assert FinancingLine.objects.filter(pk=other_line.pk).exists()


# --- Changing and removing


def test_finance_officer_records_the_amount_obtained(client, finance_officer, project):
    line = make_line(project, status=FinancingLine.Status.REQUESTED)
    client.force_login(finance_officer)

    form_page = client.get(edit_url(line))
    assert 'value="10000,00"' in form_page.text  # Shown the French way.
    response = client.post(
        edit_url(line),
        line_data(
            source_label=line.source_label,
            amount_asked="10 000,00",
            amount_obtained="12 000",
            status="granted",
        ),
    )

    assert response.status_code == 302
    line.refresh_from_db()
    # More than asked is possible (a scheme may top up); it only has to be positive.
    assert line.amount_obtained == Decimal("12000")
    assert line.status == FinancingLine.Status.GRANTED


def test_removing_a_line(client, officer, project):
    line = make_line(project)
    client.force_login(officer)

    response = client.post(delete_url(line))

    assert response.url == project.get_absolute_url() + "#financement"
    assert not FinancingLine.objects.filter(pk=line.pk).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "La ligne « Banque de l'entreprise » a été retirée du plan de financement."
    ]


def test_a_line_may_name_a_scheme_of_the_directory(client, finance_officer, project, scheme):
    client.force_login(finance_officer)
    # Offered as one types (the directory holds thousands of schemes).
    offered = client.get(
        reverse("projects:financing_schemes", args=[project.pk]), {"q": "innovation"}
    ).json()["results"]
    assert offered == [f"{scheme.pk} — AAP Innovation — Région Nouvelle-Aquitaine"]

    response = client.post(
        create_url(project), line_data(scheme=scheme.pk, source_label="", kind="grant")
    )

    assert response.status_code == 302
    line = project.financing_lines.get()
    assert line.scheme == scheme
    assert line.source == "AAP Innovation"


def test_a_retired_scheme_is_not_offered_for_new_lines_but_kept_on_old_ones(
    client, finance_officer, project, scheme
):
    line = make_line(project, scheme=scheme, source_label="")
    scheme.is_active = False
    scheme.save()
    client.force_login(finance_officer)

    assert "AAP Innovation" not in client.get(create_url(project)).text
    assert client.post(create_url(project), line_data(scheme=scheme.pk)).status_code == 200
    response = client.post(
        edit_url(line), line_data(scheme=scheme.pk, source_label="", amount_asked="5000")
    )
    assert response.status_code == 302


# --- What the form refuses, in French, beside the field, keeping what was typed


def test_a_source_is_required(client, finance_officer, project):
    client.force_login(finance_officer)
    response = client.post(create_url(project), line_data(source_label="  "))
    assert response.status_code == 200
    assert errors(response, "source_label") == [
        "Choisissez un dispositif dans la liste ou indiquez la source du financement."
    ]
    assert not project.financing_lines.exists()


def test_a_scheme_and_a_free_text_source_together_are_refused(
    client, finance_officer, project, scheme
):
    client.force_login(finance_officer)
    response = client.post(create_url(project), line_data(scheme=scheme.pk))
    assert errors(response, "source_label") == [
        "Choisissez un dispositif ou indiquez une autre source, pas les deux."
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e309", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        (
            "12345678901234567890",
            "Ce montant est trop grand (10 chiffres au plus avant la virgule).",
        ),
        ("NaN", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("Infinity", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("-Infinity", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("-1", "Le montant ne peut pas être négatif."),
        ("douze", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("1.234,5", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("12,345", "Le montant a au plus 2 chiffres après la virgule."),
        ("1e-999999999", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("١٢", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("0.001", "Le montant a au plus 2 chiffres après la virgule."),
        ("1e999999999999999999", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("", "Indiquez le montant demandé."),
    ],
)
def test_bad_amounts_get_a_french_message_and_keep_what_was_typed(
    client, finance_officer, project, typed, message
):
    client.force_login(finance_officer)
    response = client.post(create_url(project), line_data(amount_asked=typed))
    assert response.status_code == 200
    assert errors(response, "amount_asked") == [message]
    assert f'value="{typed}"' in response.text or typed == ""
    assert "Bpifrance — avance remboursable" in response.text
    assert not project.financing_lines.exists()


@pytest.mark.parametrize("typed", ["NaN", "-1", "1e309", "Infinity"])
def test_bad_amounts_obtained_are_refused_too(client, finance_officer, project, typed):
    client.force_login(finance_officer)
    response = client.post(create_url(project), line_data(amount_obtained=typed))
    assert response.status_code == 200
    assert errors(response, "amount_obtained")
    assert not project.financing_lines.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12,5", Decimal("12.50")),
        ("12.5", Decimal("12.50")),
        ("12 500,75", Decimal("12500.75")),
        ("12\u202f500", Decimal("12500")),
        ("8000 €", Decimal("8000")),
        ("0", Decimal("0")),
    ],
)
def test_french_ways_of_writing_amounts_are_understood(
    client, finance_officer, project, typed, stored
):
    client.force_login(finance_officer)
    response = client.post(create_url(project), line_data(amount_asked=typed))
    assert response.status_code == 302
    assert project.financing_lines.get().amount_asked == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "gift"),
        ("status", "won"),
        ("scheme", "abc"),
        ("scheme", "99999999999999999999999"),
        ("scheme", "999999"),
        ("source_label", "x" * 201),
        ("source_label", "Banque\x00"),
    ],
)
def test_bad_choices_and_texts_are_refused_without_a_server_error(
    client, finance_officer, project, field, value
):
    client.force_login(finance_officer)
    response = client.post(create_url(project), line_data(**{field: value}))
    assert response.status_code == 200
    assert errors(response, field)
    assert not project.financing_lines.exists()


# --- Totals and the section on the project page


def section_html(project, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {"project": project, "user": user, "request": request}
    context.update(financing_context(project, user))
    return render_to_string("projects/partials/financing.html", context, request=request)


def test_totals_count_asked_without_refused_lines_and_obtained_amounts(project, finance_officer):
    make_line(project, amount_asked=Decimal("40000"), amount_obtained=Decimal("35000"))
    make_line(project, amount_asked=Decimal("20000.50"))
    make_line(project, amount_asked=Decimal("15000"), status=FinancingLine.Status.REFUSED)

    totals = financing_context(project, finance_officer)["financing_section"]["totals"]

    assert totals.total_asked == Decimal("60000.50")
    assert totals.total_obtained == Decimal("35000")
    assert totals.asked_share == Decimal("60.0")
    assert totals.obtained_share == Decimal("35.0")


def test_the_section_shows_totals_and_shares_of_the_budget(project, finance_officer):
    project.budget = Decimal("150000")
    project.save()
    make_line(project, amount_asked=Decimal("50000"), amount_obtained=Decimal("25000"))

    html = section_html(project, finance_officer)

    assert '<section aria-labelledby="financement"' in html
    assert '<h2 class="h4 mb-0" id="financement">Plan de financement</h2>' in html
    assert "<caption" in html and 'scope="col"' in html
    assert "50\xa0000,00 €" in html
    assert "25\xa0000,00 €" in html
    assert "33,3 %" in html
    assert "16,7 %" in html


def test_without_a_budget_the_share_is_not_computed(finance_officer):
    project = ProjectFactory(budget=None)
    make_line(project)

    html = section_html(project, finance_officer)
    totals = financing_context(project, finance_officer)["financing_section"]["totals"]

    assert totals.asked_share is None and totals.obtained_share is None
    assert "Budget non renseigné" in html


def test_a_zero_budget_does_not_divide_by_zero(finance_officer):
    project = ProjectFactory(budget=Decimal("0"))
    make_line(project)
    html = section_html(project, finance_officer)
    assert "Budget de 0 €" in html


@pytest.mark.parametrize("fixture_name", EDITOR_FIXTURES)
def test_editors_see_the_buttons(request, project, fixture_name):
    user = request.getfixturevalue(fixture_name)
    line = make_line(project)
    html = section_html(project, user)
    assert reverse("projects:financing_line_create", args=[project.pk]) in html
    assert edit_url(line) in html


def test_people_who_may_not_edit_see_no_buttons(project, member):
    line = make_line(project)
    html = section_html(project, member)
    assert reverse("projects:financing_line_create", args=[project.pk]) not in html
    assert edit_url(line) not in html


def test_the_section_takes_one_query_whatever_the_number_of_lines(
    project, finance_officer, scheme, django_assert_num_queries
):
    finance_officer.roles  # noqa: B018 - read once per request, like the project page does.
    make_line(project, scheme=scheme, source_label="")
    with django_assert_num_queries(1):
        section_html(project, finance_officer)

    for index in range(8):
        make_line(project, scheme=scheme if index % 2 else None)
    with django_assert_num_queries(1):
        section_html(project, finance_officer)


def test_the_project_page_shows_the_plan_and_its_buttons(client, finance_officer, project):
    line = make_line(project)
    client.force_login(finance_officer)

    response = client.post(edit_url(line), line_data(amount_obtained="9000"), follow=True)

    assert response.status_code == 200
    assert "La ligne de financement a été mise à jour." in response.text
    assert '<section aria-labelledby="financement"' in response.text
    assert create_url(project) in response.text
    assert "9\xa0000,00 €" in response.text
