"""The finance officer's workspace: every financing line across projects, filtered, summed and
paginated; the funders' coming committees and deadlines; the CSV export of the filtered lines."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.jobs.models import Job
from projects.models import FinancingLine, PartnerOrganisation, SupportScheme

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:financing_workspace")
SCHEMES_URL = reverse("projects:financing_workspace_schemes")
CSV_URL = reverse("projects:financing_export_csv")
Kind, Status = FinancingLine.Kind, FinancingLine.Status


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def line(project, **fields) -> FinancingLine:
    values = {
        "source_label": "Banque de l'entreprise",
        "kind": Kind.LOAN,
        "amount_asked": Decimal("10000"),
        **fields,
    }
    if values.get("scheme"):
        values["source_label"] = ""
    return FinancingLine.objects.create(project=project, **values)


@pytest.fixture
def plans(officer, other_officer):
    """Two officers' projects with lines of every kind and status, two funders, dates."""
    region = PartnerOrganisation.objects.create(name="Région Nouvelle-Aquitaine", kind="agency")
    bank = PartnerOrganisation.objects.create(name="Bpifrance", kind="bank")
    aap = SupportScheme.objects.create(organisation=region, name="AAP Innovation", kind="funding")
    avance = SupportScheme.objects.create(
        organisation=bank, name="Avance innovation", kind="funding"
    )
    forges = ProjectFactory(
        title="Presse connectée", officer=officer, company=CompanyFactory(name="Forges de l'Adour")
    )
    usinage = ProjectFactory(
        title="Cellule robotisée",
        officer=other_officer,
        company=CompanyFactory(name="Usinage du Médoc"),
    )
    lines = {
        "aap_asked": line(
            forges,
            scheme=aap,
            kind=Kind.GRANT,
            amount_asked=Decimal("40000"),
            status=Status.REQUESTED,
            committee_on=days(20),
            deadline_on=days(5),
        ),
        "avance_granted": line(
            forges,
            scheme=avance,
            amount_asked=Decimal("60000"),
            amount_granted=Decimal("50000"),
            amount_obtained=Decimal("50000"),
            status=Status.GRANTED,
            committee_on=days(-30),
        ),
        "bank_refused": line(
            forges, amount_asked=Decimal("25000"), status=Status.REFUSED, committee_on=days(-10)
        ),
        "aap_planned": line(
            usinage,
            scheme=aap,
            kind=Kind.GRANT,
            amount_asked=Decimal("15000"),
            status=Status.PLANNED,
            committee_on=days(60),
            deadline_on=days(30),
        ),
        "tax_credit": line(
            usinage,
            source_label="Crédit d'impôt recherche",
            kind=Kind.TAX_CREDIT,
            amount_asked=Decimal("8000"),
            amount_granted=Decimal("8000"),
            status=Status.GRANTED,
        ),
    }
    return {"lines": lines, "region": region, "bank": bank, "aap": aap, "avance": avance}


def shown(response) -> set[int]:
    return {line.pk for line in response.context["page_obj"]}


def expected_sums(lines) -> dict:
    """The sums as the programme defines them: refused lines do not count in the total asked."""
    return {
        "count": len(lines),
        "asked": sum((x.amount_asked for x in lines if x.status != Status.REFUSED), Decimal(0)),
        "granted": sum((x.amount_granted or 0 for x in lines), Decimal(0)),
        "obtained": sum((x.amount_obtained or 0 for x in lines), Decimal(0)),
    }


def sums_of(response) -> dict:
    sums = response.context["sums"]
    return {
        "count": sums.count,
        "asked": sums.asked,
        "granted": sums.granted,
        "obtained": sums.obtained,
    }


# --- Who may see it


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_the_team_sees_every_line_across_projects(client, as_user, fixture_name, plans):
    as_user(fixture_name)

    response = client.get(URL)

    assert response.status_code == 200
    assert shown(response) == {x.pk for x in plans["lines"].values()}


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_people_outside_the_team_are_refused_with_the_reason(client, as_user, fixture_name):
    as_user(fixture_name)

    for url in (URL, CSV_URL, SCHEMES_URL):
        response = client.get(url)
        assert response.status_code == 403
        assert "Le suivi des financements est réservé à l&#x27;équipe du programme." in (
            response.text
        )


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (URL, CSV_URL, SCHEMES_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_the_page_only_reads_and_a_post_on_its_export_starts_a_background_job(
    client, finance_officer
):
    client.force_login(finance_officer)

    assert client.post(URL).status_code == 405
    started = client.post(CSV_URL)
    assert started.status_code == 302
    assert started.url == Job.objects.get(kind="projects.financing_csv").get_absolute_url()


def test_the_finance_officer_lands_on_it_and_finds_it_in_the_menu(client, finance_officer):
    client.force_login(finance_officer)

    response = client.get(reverse("home"))
    assert response.url == URL
    assert f'href="{URL}" aria-current="page"' in client.get(URL).text


def test_officers_keep_their_portfolio_as_landing_page_and_see_the_menu_entry(client, officer):
    client.force_login(officer)

    assert client.get(reverse("home")).url == reverse("projects:portfolio")
    assert f'href="{URL}"' in client.get(reverse("projects:portfolio")).text


# --- Filters and totals


def test_without_filters_the_totals_cover_every_line(client, finance_officer, plans):
    client.force_login(finance_officer)

    response = client.get(URL)

    assert sums_of(response) == expected_sums(list(plans["lines"].values()))
    page = plain(response.text)
    assert 'data-total="asked">123 000,00 €' in page  # 40 + 60 + 15 + 8 thousand, no refused
    assert 'data-total="granted">58 000,00 €' in page
    assert 'data-total="obtained">50 000,00 €' in page


def test_the_totals_of_every_line_follow_each_write(client, finance_officer, plans):
    """Every line's totals are the summary's running ones: a line added, refused, changed or
    deleted, or its project deleted, changes them as it changes the lines."""
    client.force_login(finance_officer)
    lines = plans["lines"]
    added = line(lines["aap_asked"].project, amount_asked=Decimal("7000"))
    lines["aap_asked"].status = Status.REFUSED
    lines["aap_asked"].save()
    lines["avance_granted"].amount_obtained = Decimal("31000.50")
    lines["avance_granted"].save()
    lines["tax_credit"].delete()
    gone = ProjectFactory()
    line(gone, amount_asked=Decimal("99000"), amount_obtained=Decimal("99000"))
    gone.delete()

    response = client.get(URL)

    assert sums_of(response) == expected_sums(list(FinancingLine.objects.all()))
    assert sums_of(response)["count"] == len(lines)  # one added, one deleted
    assert added.pk in {row.pk for row in response.context["page_obj"]}


def test_a_narrowed_list_adds_up_its_own_lines(client, finance_officer, plans):
    client.force_login(finance_officer)

    response = client.get(URL, {"nature": Kind.GRANT})

    assert sums_of(response) == expected_sums(list(FinancingLine.objects.filter(kind=Kind.GRANT)))


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"financeur": "region"}, {"aap_asked", "aap_planned"}),
        ({"dispositif": "avance"}, {"avance_granted"}),
        ({"nature": Kind.GRANT}, {"aap_asked", "aap_planned"}),
        ({"statut": Status.GRANTED}, {"avance_granted", "tax_credit"}),
        ({"statut": Status.REFUSED}, {"bank_refused"}),
        ({"statut": Status.REQUESTED}, {"aap_asked"}),
        ({"comite_du": "past", "comite_au": "soon"}, {"bank_refused", "aap_asked"}),
        ({"comite_du": "soon"}, {"aap_planned"}),
        ({"charge": "other_officer"}, {"aap_planned", "tax_credit"}),
        ({"q": "impôt"}, {"tax_credit"}),
        ({"q": "adour"}, {"aap_asked", "avance_granted", "bank_refused"}),
        ({"q": "bpifrance"}, {"avance_granted"}),
        # Accents and case ignored, in every field searched.
        ({"q": "IMPOT"}, {"tax_credit"}),
        ({"q": "medoc"}, {"aap_planned", "tax_credit"}),
        ({"q": "connectee"}, {"aap_asked", "avance_granted", "bank_refused"}),
        ({"q": "region nouvelle"}, {"aap_asked", "aap_planned"}),
        ({"q": "aap innov"}, {"aap_asked", "aap_planned"}),
        ({"q": "banque de l'"}, {"bank_refused"}),
        ({"q": "100%_"}, set()),
        ({"q": "adour", "statut": Status.GRANTED}, {"avance_granted"}),
        ({"nature": Kind.GRANT, "charge": "officer"}, {"aap_asked"}),
    ],
)
def test_filters_and_totals_match_the_lines(
    client, finance_officer, officer, other_officer, plans, query, names
):
    values = {
        "region": str(plans["region"].pk),
        "avance": str(plans["avance"].pk),
        "past": days(-15).isoformat(),
        "soon": days(30).isoformat(),
        "officer": str(officer.pk),
        "other_officer": str(other_officer.pk),
    }
    params = {key: values.get(value, value) for key, value in query.items()}
    client.force_login(finance_officer)

    response = client.get(URL, params)

    lines = [plans["lines"][name] for name in names]
    assert shown(response) == {x.pk for x in lines}
    assert sums_of(response) == expected_sums(lines)


def test_lines_of_projects_without_an_officer_can_be_found(client, finance_officer, plans):
    orphan = line(ProjectFactory(officer=None), amount_asked=Decimal("999"))
    client.force_login(finance_officer)

    response = client.get(URL, {"charge": "aucun"})

    assert shown(response) == {orphan.pk}


def test_the_funder_is_typed_by_name_and_never_offered_as_a_select(client, finance_officer, plans):
    for number in range(30):  # funders naming lines: none of them becomes an option
        line(
            ProjectFactory(),
            scheme=SupportScheme.objects.create(
                organisation=PartnerOrganisation.objects.create(
                    name=f"Financeur {number}", kind="agency"
                ),
                name=f"AAP {number}",
                kind="funding",
            ),
        )
    client.force_login(finance_officer)

    response = client.get(URL, {"financeur": "region nouvelle"})

    assert shown(response) == {plans["lines"]["aap_asked"].pk, plans["lines"]["aap_planned"].pk}
    assert "Financeur 12</option>" not in response.text
    assert 'name="financeur" value="region nouvelle"' in response.text


def test_a_funder_named_by_no_line_is_refused_in_french(client, finance_officer, plans):
    PartnerOrganisation.objects.create(name="Fondation sans ligne", kind="agency")
    client.force_login(finance_officer)

    response = client.get(URL, {"financeur": "Fondation sans ligne"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["financeur"]
    assert 'value="Fondation sans ligne"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"comite_du": "31/02/2026"},
        {"comite_au": "demain"},
        {"statut": "perdu"},
        {"nature": "don"},
        {"financeur": "999999"},
        {"dispositif": "1" * 40},
        {"charge": "quelqu'un"},
        {"page": "abc"},
    ],
)
def test_bad_filter_values_are_ignored_with_a_french_message_never_an_error(
    client, finance_officer, plans, query
):
    client.force_login(finance_officer)

    response = client.get(URL, query)

    assert response.status_code == 200
    assert shown(response) == {x.pk for x in plans["lines"].values()}
    if "page" not in query:
        assert response.context["filter"].form.errors


def test_a_bad_date_is_told_in_french(client, finance_officer):
    client.force_login(finance_officer)

    response = client.get(URL, {"comite_du": "31/02/2026"})

    assert "Saisissez une date valide, par exemple 15/03/2026." in response.text


def test_dates_typed_the_french_way_filter_too(client, finance_officer, plans):
    client.force_login(finance_officer)

    response = client.get(URL, {"comite_du": days(50).strftime("%d/%m/%Y")})

    assert shown(response) == {plans["lines"]["aap_planned"].pk}


def test_only_funders_and_schemes_named_by_lines_are_offered(client, finance_officer, plans):
    unused = PartnerOrganisation.objects.create(name="Cluster sans financement", kind="cluster")
    SupportScheme.objects.create(organisation=unused, name="AAP oublié", kind="expertise")
    client.force_login(finance_officer)

    page = client.get(URL).text
    suggested = client.get(SCHEMES_URL, {"q": "aap"}).json()["results"]

    assert "Région Nouvelle-Aquitaine" in page and "Cluster sans financement" not in page
    assert suggested == [f"{plans['aap'].pk} — AAP Innovation — Région Nouvelle-Aquitaine"]


def test_the_scheme_is_typed_with_suggestions_not_chosen_in_a_select_of_every_scheme(
    client, finance_officer, plans
):
    client.force_login(finance_officer)

    page = client.get(URL).text

    assert '<select name="dispositif"' not in page
    assert f'data-search-url="{SCHEMES_URL}"' in page
    assert 'list="id_dispositif-suggestions"' in page and "js/search-choice" in page


@pytest.mark.parametrize("typed", ["avance", "Avance innovation", "bpifrance"])
def test_a_scheme_typed_in_words_filters_its_lines(client, finance_officer, plans, typed):
    client.force_login(finance_officer)

    response = client.get(URL, {"dispositif": typed})

    assert shown(response) == {plans["lines"]["avance_granted"].pk}


def test_words_matching_several_schemes_are_answered_with_their_numbers(
    client, finance_officer, plans
):
    SupportScheme.objects.create(organisation=plans["bank"], name="AAP Bpifrance", kind="funding")
    line(ProjectFactory(), scheme=SupportScheme.objects.get(name="AAP Bpifrance"))
    client.force_login(finance_officer)

    response = client.get(URL, {"dispositif": "aap"})

    assert response.status_code == 200
    assert "Plusieurs choix correspondent" in response.text
    assert f"{plans['aap'].pk} — AAP Innovation" in html.unescape(response.text)


def test_the_scheme_suggestions_need_two_letters_and_refuse_a_post(client, finance_officer, plans):
    client.force_login(finance_officer)

    assert client.get(SCHEMES_URL, {"q": "a"}).json() == {"results": []}
    assert client.post(SCHEMES_URL, {"q": "aap"}).status_code == 405


# --- Pages


def link(response, label: str) -> str:
    """The address of the pagination's link named `label` (its query string, unescaped)."""
    found = re.search(rf'href="(\?[^"]*)"[^>]*>{label}<', response.text)
    assert found, f"no link {label!r}"
    return html.unescape(found.group(1))


def listed(response) -> list[str]:
    return [line.source_label for line in response.context["page_obj"]]


@pytest.fixture
def thirty_lines(officer):
    """Thirty lines of one project, added in the order of their source."""
    project = ProjectFactory(officer=officer)
    return [
        line(project, source_label=f"Source {n:02d}", amount_asked=Decimal("1000"))
        for n in range(30)
    ]


def test_the_list_is_paged_and_the_totals_cover_every_page(client, finance_officer, thirty_lines):
    client.force_login(finance_officer)

    first = client.get(URL)
    second = client.get(URL + link(first, "Suivante"))

    assert listed(first) == [f"Source {n:02d}" for n in range(25)]
    assert listed(second) == [f"Source {n:02d}" for n in range(25, 30)]
    assert sums_of(second)["asked"] == Decimal("30000")
    assert "30 lignes trouvées" in second.text
    assert "Suivante<" not in second.text and "Dernière page<" not in second.text
    assert "Précédente<" not in first.text and "Première page<" not in first.text


def test_previous_first_and_last_pages_lead_where_they_say(client, finance_officer, thirty_lines):
    client.force_login(finance_officer)
    first = client.get(URL)

    last = client.get(URL + link(first, "Dernière page"))
    back = client.get(URL + link(last, "Précédente"))
    again = client.get(URL + link(last, "Première page"))

    assert listed(last) == [f"Source {n:02d}" for n in range(5, 30)]
    assert listed(back) == [f"Source {n:02d}" for n in range(5)]
    assert "Précédente<" not in back.text and "Suivante<" in back.text
    assert listed(again) == listed(first)


def test_the_pages_follow_the_companies_by_name_then_their_projects(
    client, finance_officer, officer
):
    for name in ("Zinc du Sud", "Atelier Martin", "Métal 33"):
        company = CompanyFactory(name=name)
        for title in ("Premier", "Second"):
            project = ProjectFactory(company=company, officer=officer, title=title)
            for n in range(5):
                line(project, source_label=f"{name} {title} {n}")
    client.force_login(finance_officer)

    first = client.get(URL)
    second = client.get(URL + link(first, "Suivante"))

    expected = [
        f"{name} {title} {n}"
        for name in ("Atelier Martin", "Métal 33", "Zinc du Sud")
        for title in ("Premier", "Second")
        for n in range(5)
    ]
    assert listed(first) + listed(second) == expected


def test_a_page_keeps_the_filters_and_the_filter_form_starts_again_at_the_first(
    client, finance_officer, thirty_lines
):
    line(ProjectFactory(), source_label="Ligne obtenue", status=Status.GRANTED)
    client.force_login(finance_officer)

    first = client.get(URL, {"statut": Status.PLANNED})
    second = client.get(URL + link(first, "Suivante"))

    assert "statut=planned" in link(first, "Suivante")
    assert listed(second) == [f"Source {n:02d}" for n in range(25, 30)]
    # The filters' form names no line: a new search lists its first page.
    assert 'name="apres"' not in second.text


@pytest.mark.parametrize(
    "query",
    [
        {"apres": "abc"},
        {"avant": "-3"},
        {"apres": "99999999"},
        {"apres": "9" * 40},
        {"avant": "١٢"},
        {"page": "999"},
        {"fin": "", "apres": "x"},
    ],
)
def test_a_page_link_typed_wrong_gives_the_first_page(client, finance_officer, thirty_lines, query):
    client.force_login(finance_officer)

    response = client.get(URL, query)

    assert response.status_code == 200
    if "fin" in query:
        assert listed(response)[-1] == "Source 29"
    else:
        assert listed(response)[0] == "Source 00"


def test_a_line_the_filters_leave_out_still_marks_where_the_page_starts(
    client, finance_officer, thirty_lines
):
    for granted in thirty_lines[1::2]:
        granted.status = Status.GRANTED
        granted.save(update_fields=["status"])
    client.force_login(finance_officer)

    response = client.get(URL, {"apres": thirty_lines[3].pk, "statut": Status.PLANNED})

    assert listed(response) == [f"Source {n:02d}" for n in range(4, 30, 2)]


def test_a_line_deleted_since_gives_the_first_page(client, finance_officer, thirty_lines):
    gone = thirty_lines[10].pk
    thirty_lines[10].delete()
    client.force_login(finance_officer)

    response = client.get(URL, {"apres": gone})

    assert listed(response)[0] == "Source 00"


def test_a_page_deep_in_the_list_costs_the_queries_of_the_first_and_skips_nothing(
    client, finance_officer, officer
):
    fill(60, [officer])
    client.force_login(finance_officer)
    client.get(URL)
    first = client.get(URL)
    deep_link = link(client.get(URL + link(first, "Suivante")), "Suivante")

    with CaptureQueriesContext(connection) as at_first:
        client.get(URL)
    with CaptureQueriesContext(connection) as deep:
        response = client.get(URL + deep_link)

    assert len(response.context["page_obj"]) == 10
    # One query more: the line the link names, for its place in the order.
    assert len(deep.captured_queries) == len(at_first.captured_queries) + 1
    assert not any("OFFSET" in query["sql"] for query in deep.captured_queries)


def test_the_list_shows_each_line_with_its_funder_project_and_link_to_edit(
    client, finance_officer, plans
):
    client.force_login(finance_officer)
    aap = plans["lines"]["aap_asked"]

    page = plain(client.get(URL).text)

    row = page[page.index(f'id="ligne-{aap.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Forges de l&#x27;Adour" in row and "Presse connectée" in row
    assert "Région Nouvelle-Aquitaine" in row and "AAP Innovation" in row
    assert "40 000,00 €" in row
    assert days(20).strftime("%d/%m/%Y") in row and days(5).strftime("%d/%m/%Y") in row
    assert reverse("projects:financing_line_edit", args=[aap.project_id, aap.pk]) in row


def test_what_people_typed_is_escaped(client, finance_officer, officer):
    attack = '<script>alert("x")</script>'
    line(ProjectFactory(title=attack, officer=officer), source_label=attack)
    client.force_login(finance_officer)

    page = client.get(URL).text

    assert "<script>alert" not in page


# --- The funders' coming dates


def test_coming_committees_and_deadlines_of_lines_awaiting_an_answer(
    client, finance_officer, plans
):
    lines = plans["lines"]
    client.force_login(finance_officer)

    coming = client.get(URL, {"statut": Status.GRANTED}).context["coming"]

    # Nearest first; past dates and answered lines left out; the filters do not hide them.
    assert coming.committees == [lines["aap_asked"], lines["aap_planned"]]
    assert coming.deadlines == [lines["aap_asked"], lines["aap_planned"]]


def test_a_committee_sitting_today_is_still_coming(client, finance_officer, officer):
    today = line(ProjectFactory(officer=officer), committee_on=days(0), status=Status.REQUESTED)
    client.force_login(finance_officer)

    assert client.get(URL).context["coming"].committees == [today]


def test_the_coming_dates_are_said_on_the_page(client, finance_officer, plans):
    client.force_login(finance_officer)

    page = client.get(URL).text

    committees = page[page.index('id="prochains-comites"') : page.index('id="dates-limites"')]
    assert days(20).strftime("%d/%m/%Y") in committees
    assert days(-30).strftime("%d/%m/%Y") not in committees


def test_without_dates_the_page_says_so(client, finance_officer):
    client.force_login(finance_officer)

    page = client.get(URL).text

    assert "Aucun comité à venir n'est noté." in page
    assert "Aucune date limite à venir n'est notée." in page


# --- The CSV export


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return [row.split(";") for row in content.lstrip("\ufeff").strip().split("\r\n")]


def test_the_csv_export_holds_the_filtered_lines(client, finance_officer, plans):
    client.force_login(finance_officer)

    response = client.get(CSV_URL, {"statut": Status.GRANTED})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "financements-" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [
        "Entreprise",
        "Projet",
        "Chargé·e de mission",
        "Financeur",
        "Dispositif",
        "Nature",
        "Statut",
        "Montant demandé (€)",
        "Montant accordé (€)",
        "Montant obtenu (€)",
        "Date limite de dépôt",
        "Date du comité",
    ]
    assert len(rows) == 2
    by_funder = {row[header.index("Financeur")]: row for row in rows}
    avance = by_funder["Bpifrance"]
    assert avance[header.index("Dispositif")] == "Avance innovation"
    assert avance[header.index("Statut")] == "Obtenu"
    assert avance[header.index("Montant demandé (€)")] == "60000,00"
    assert avance[header.index("Montant accordé (€)")] == "50000,00"
    assert avance[header.index("Date du comité")] == days(-30).strftime("%d/%m/%Y")
    assert avance[header.index("Date limite de dépôt")] == ""
    tax = by_funder["Crédit d'impôt recherche"]
    assert tax[header.index("Dispositif")] == ""
    assert tax[header.index("Nature")] == "Crédit d'impôt"


def test_the_csv_export_neutralises_formulas(client, finance_officer, officer):
    line(ProjectFactory(officer=officer), source_label="=1+1")
    client.force_login(finance_officer)

    header, row = csv_rows(client.get(CSV_URL))

    assert row[header.index("Financeur")].startswith("'=")


# --- A search that finds too many lines to add them up on each visit


@pytest.fixture
def limit_of_3(monkeypatch):
    monkeypatch.setattr("projects.views.financing.SEARCH_COUNT_LIMIT", 3)


def test_a_search_finding_more_lines_than_the_limit_says_so_and_withholds_its_totals(
    client, finance_officer, thirty_lines, limit_of_3
):
    client.force_login(finance_officer)

    response = client.get(URL, {"q": "source"})

    assert response.context["sums"] is None
    text = plain(html.unescape(response.text))
    assert "Plus de 3 lignes trouvées" in text
    assert (
        "Au-delà de 3 lignes trouvées, les lignes sont listées dans l'ordre de leur saisie" in text
    )
    assert "leurs totaux ne sont pas calculés" in text
    assert "L'export reprend toutes les lignes trouvées" in text
    assert "data-total=" not in response.text
    assert "Lignes de financement, dans l'ordre de leur saisie" in text


def test_a_search_beyond_the_limit_is_paged_in_the_order_the_lines_were_entered(
    client, finance_officer, thirty_lines, limit_of_3
):
    other = line(ProjectFactory(company=CompanyFactory(name="Aaa")), source_label="Autre source")
    line(ProjectFactory(), source_label="Sans le mot")
    client.force_login(finance_officer)

    first = client.get(URL, {"q": "source"})
    second = client.get(URL + link(first, "Suivante"))
    last = client.get(URL + link(first, "Dernière page"))

    entered = [x.source_label for x in thirty_lines] + [other.source_label]
    assert listed(first) == entered[:25]
    assert listed(second) == entered[25:]
    assert listed(last) == entered[-25:]
    assert "Suivante<" not in second.text


def test_the_export_of_a_search_beyond_the_limit_holds_every_line_found(
    client, finance_officer, thirty_lines, limit_of_3
):
    client.force_login(finance_officer)

    header, *rows = csv_rows(client.get(CSV_URL, {"q": "source"}))

    assert len(rows) == 30


def test_a_search_finding_as_many_lines_as_the_limit_shows_their_totals(
    client, finance_officer, plans, limit_of_3
):
    """ "adour" finds the three lines of the project of Forges de l'Adour; one of them names
    the word in its source as well: counted once, so the search stays within the limit."""
    lines = plans["lines"]
    lines["bank_refused"].source_label = "Banque de l'Adour"
    lines["bank_refused"].save()
    client.force_login(finance_officer)

    response = client.get(URL, {"q": "adour"})

    found = [lines["aap_asked"], lines["avance_granted"], lines["bank_refused"]]
    assert sums_of(response) == expected_sums(found)
    assert "3 lignes trouvées" in response.text


def test_the_limit_counts_the_lines_the_other_filters_keep(
    client, finance_officer, thirty_lines, limit_of_3
):
    for kept in thirty_lines[:2]:
        kept.status = Status.GRANTED
        kept.save()
    client.force_login(finance_officer)

    response = client.get(URL, {"q": "source", "statut": Status.GRANTED})

    assert sums_of(response) == expected_sums(thirty_lines[:2])


def test_a_search_costs_the_same_queries_within_and_beyond_the_limit(
    client, finance_officer, monkeypatch
):
    monkeypatch.setattr("projects.views.financing.SEARCH_COUNT_LIMIT", 10)
    officers = [UserFactory(roles=["officer"]) for _n in range(3)]
    client.force_login(finance_officer)
    fill(3, officers)
    searched = f"{URL}?q=banque"
    client.get(searched)
    few = count_queries(client, searched)

    fill(27, officers)
    many = count_queries(client, searched)

    assert many == few - 1  # the totals, not added up beyond the limit


# --- A fixed number of queries whatever the number of lines


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def fill(count: int, officers) -> None:
    region = PartnerOrganisation.objects.create(name=f"Financeur {count}", kind="agency")
    scheme = SupportScheme.objects.create(organisation=region, name=f"AAP {count}", kind="funding")
    for n in range(count):
        project = ProjectFactory(officer=officers[n % len(officers)])
        line(
            project,
            scheme=scheme if n % 2 else None,
            amount_asked=Decimal("1000"),
            committee_on=days(n + 1),
            deadline_on=days(n),
            status=Status.REQUESTED,
        )


def test_the_workspace_costs_the_same_queries_with_3_or_30_lines(client, finance_officer):
    officers = [UserFactory(roles=["officer"]) for _n in range(3)]
    client.force_login(finance_officer)
    fill(3, officers)
    client.get(URL)  # Session and caches warmed, as for any later request.
    few = count_queries(client, URL)
    few_csv = count_queries(client, CSV_URL)

    fill(27, officers)
    assert FinancingLine.objects.count() == 30
    many = count_queries(client, URL)
    many_csv = count_queries(client, CSV_URL)

    assert few == many
    assert few_csv == many_csv
    assert many < 20, many
