"""The suggestions' history of similar projects, cached per similarity key
(projects/matching/history.py): read from the cache while nothing it counts changes, and counted
again on the next request after a confirmation, a dismissal, a financing line, an action on a
similar project, a new project or a company changing trade. The project's own rows are always
read live.

These tests commit (a transactional database): the cache is used only outside a transaction
that wrote to the history, as another request's would be."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects.matching import history
from projects.matching.ranking import match_project, suggest_schemes
from projects.models import FinancingLine, Resource, SupportAction, SupportScheme
from projects.services.directory import resource_confirm, suggestion_dismiss

from .factories import CompanyFactory, ProjectFactory
from .test_imports_prospects import SIRET_A, confirm, csv_file, row, upload
from .test_matching import TODAY, names, project_for, scheme

pytestmark = pytest.mark.django_db(transaction=True)


def reasons(project, name: str) -> list[str]:
    return next(s.reasons for s in suggest_schemes(project, today=TODAY) if s.scheme.name == name)


def similar_read(captured) -> int:
    """How many times the similar projects were looked for (by axis, by trade)."""
    return sum("LIMIT 2001" in query["sql"] for query in captured.captured_queries)


def database_queries(captured) -> list[str]:
    """The queries but the cache's (the database is the cache of the SQLite runs)."""
    return [query["sql"] for query in captured.captured_queries if "pmi_cache" not in query["sql"]]


def ranked_twice(project):
    """The suggestions, then the queries of ranking the same project again."""
    first = suggest_schemes(project, today=TODAY)
    with CaptureQueriesContext(connection) as captured:
        again = suggest_schemes(project, today=TODAY)
    assert [(s.scheme.pk, s.relevance, s.reasons) for s in again] == [
        (s.scheme.pk, s.relevance, s.reasons) for s in first
    ]
    return captured


def test_the_history_is_counted_once_then_read_from_the_cache():
    aid = scheme("Aide à l'innovation", kind="funding")
    Resource.objects.create(
        project=project_for("Passé"), scheme=aid, status=Resource.Status.OBTAINED
    )
    project = project_for("Nouveau")
    with CaptureQueriesContext(connection) as first:
        suggest_schemes(project, today=TODAY)
    assert similar_read(first) == 2

    captured = ranked_twice(project)

    assert similar_read(captured) == 0
    assert "mobilisé pour 1 projet semblable, obtenu 1 fois" in reasons(
        project, "Aide à l'innovation"
    )


def test_a_confirmation_on_a_similar_project_changes_the_evidence_on_the_next_request(officer):
    aid = scheme("Aide à l'innovation", kind="funding")
    similar = project_for("Semblable")
    project = project_for("Nouveau")
    assert not any("semblable" in reason for reason in reasons(project, "Aide à l'innovation"))

    resource_confirm(project=similar, scheme=aid, by=officer)

    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )


def test_a_dismissal_on_a_similar_project_changes_the_evidence_on_the_next_request(officer):
    first = scheme("Dispositif A")
    scheme("Dispositif B")
    similar = project_for("Semblable")
    project = project_for("Nouveau")
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A", "Dispositif B"]

    suggestion_dismiss(project=similar, scheme=first, reason="Hors sujet", by=officer)

    ranked = suggest_schemes(project, today=TODAY)
    assert names(ranked) == ["Dispositif B", "Dispositif A"]
    assert "écarté pour 1 projet semblable" in ranked[1].reasons


def test_a_financing_line_and_an_action_on_a_similar_project_count_on_the_next_request():
    aid = scheme("Aide à l'innovation", kind="funding")
    lean = scheme("Formation lean", org="CETIM", kind="training")
    similar = project_for("Semblable")
    project = project_for("Nouveau")
    suggest_schemes(project, today=TODAY)

    line = FinancingLine.objects.create(
        project=similar,
        scheme=aid,
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("1000"),
        status=FinancingLine.Status.GRANTED,
    )
    SupportAction.objects.create(
        project=similar,
        kind=SupportAction.Kind.TRAINING,
        title="Lean",
        provider=lean.organisation,
        status=SupportAction.Status.DONE,
    )

    assert "mobilisé pour 1 projet semblable, obtenu 1 fois" in reasons(
        project, "Aide à l'innovation"
    )
    assert "mobilisé pour 1 projet semblable, obtenu 1 fois" in reasons(project, "Formation lean")
    line.delete()
    assert not any("semblable" in reason for reason in reasons(project, "Aide à l'innovation"))


def test_a_new_similar_project_and_a_company_changing_trade_change_the_similar_projects():
    aid = scheme("Aide à l'innovation", kind="funding")
    project_for("Semblable")  # the key's counts are cached, not empty
    project = project_for("Nouveau", naf_code="25.62B")
    other = project_for("Autre axe", axes=("marketing",), naf_code="16.10A")
    Resource.objects.create(project=other, scheme=aid)
    assert not any("semblable" in reason for reason in reasons(project, "Aide à l'innovation"))

    company = type(other.company).objects.get(pk=other.company_id)  # as a form reads it
    company.naf_code = "25.11Z"  # now in the project's division
    company.save()

    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )
    newcomer = project_for("Nouveau semblable")
    Resource.objects.create(project=newcomer, scheme=aid, status=Resource.Status.OBTAINED)
    assert "mobilisé pour 2 projets semblables, obtenu 1 fois" in reasons(
        project, "Aide à l'innovation"
    )


def test_the_projects_own_dismissal_shows_at_once_and_is_not_its_own_evidence(officer):
    first = scheme("Dispositif A")
    scheme("Dispositif B")
    project = project_for("Projet")
    project_for("Semblable")
    suggest_schemes(project, today=TODAY)

    suggestion_dismiss(project=project, scheme=first, reason="Hors sujet", by=officer)

    matching = match_project(project, today=TODAY)
    assert names(matching.suggestions) == ["Dispositif B"]
    assert matching.excluded[0].dismissed
    assert not any("semblable" in reason for reason in matching.excluded[0].reasons)


def test_a_project_among_the_newest_gets_the_counts_of_the_others(monkeypatch, officer):
    """The cached counts are those of the newest projects of the key; a project among them
    gets them without its own and with the next project's: the counts of its similar
    projects."""
    monkeypatch.setattr(history, "SIMILAR_PROJECTS_READ", 2)
    aid = scheme("Aide à l'innovation", kind="funding")
    lean = scheme("Formation lean", kind="training")
    oldest = project_for("Le plus ancien")
    older = project_for("Ancien")
    middle = project_for("Milieu")
    newest = project_for("Le plus récent")
    Resource.objects.create(project=oldest, scheme=lean, status=Resource.Status.OBTAINED)
    Resource.objects.create(project=older, scheme=aid, status=Resource.Status.OBTAINED)
    Resource.objects.create(project=middle, scheme=aid)
    suggestion_dismiss(project=newest, scheme=lean, reason="Non", by=officer)
    Resource.objects.create(project=newest, scheme=aid, status=Resource.Status.OBTAINED)

    def of_similar_projects(project):
        similar = history.similar_projects(project, set())
        return history._counted(similar, own=0, extra=None)[history.REST]

    history.evidence(newest, set(), directory_version="v")  # counted, and cached
    for project in (newest, middle, older, oldest):
        with CaptureQueriesContext(connection) as captured:
            cached = history.evidence(project, set(), directory_version="v")
        assert len(database_queries(captured)) <= 1, (
            project.title
        )  # its own and the next project's rows
        assert cached == of_similar_projects(project), project.title
    assert history.evidence(middle, set(), directory_version="v") == {
        aid.pk: history.Evidence(mobilised=2, obtained=2, dismissed=0),
        lean.pk: history.Evidence(mobilised=0, obtained=0, dismissed=1),
    }


def test_a_transaction_that_wrote_counts_live_and_the_others_are_told_at_commit(officer):
    aid = scheme("Aide à l'innovation", kind="funding")
    similar = project_for("Semblable")
    project = project_for("Nouveau")
    suggest_schemes(project, today=TODAY)
    key = history._similarity(project, set())
    before = history._history_version(*key)

    with transaction.atomic():
        resource_confirm(project=similar, scheme=aid, by=officer)
        assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
            project, "Aide à l'innovation"
        )
        # Another process counts what is committed, under the versions of before, until the
        # commit replaces them.
        assert history._history_version(*key) == before

    assert history._history_version(*key) != before
    with CaptureQueriesContext(connection) as captured:
        assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
            project, "Aide à l'innovation"
        )
    assert similar_read(captured) == 2  # counted again, by axis and by trade


def test_a_write_in_another_trade_and_on_other_axes_leaves_the_cached_counts_valid(officer):
    aid = scheme("Aide à l'innovation", kind="funding")
    Resource.objects.create(project=project_for("Semblable", naf_code="25.62B"), scheme=aid)
    project = project_for("Usinage", naf_code="25.62A")
    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )
    elsewhere = project_for("Scierie", axes=("marketing",), naf_code="16.10A")

    resource_confirm(project=elsewhere, scheme=aid, by=officer)
    suggestion_dismiss(project=elsewhere, scheme=aid, reason="Hors sujet", by=officer)
    with CaptureQueriesContext(connection) as captured:
        still = reasons(project, "Aide à l'innovation")

    assert similar_read(captured) == 0  # read from the cache
    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in still
    # A write on a project sharing its trade, though on other axes, is counted again.
    same_trade = project_for("Décolletage", axes=("marketing",), naf_code="25.62B")
    resource_confirm(project=same_trade, scheme=aid, by=officer)
    assert "mobilisé pour 2 projets semblables, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )


def test_rows_written_in_bulk_are_seen_once_the_history_is_forgotten():
    aid = scheme("Aide à l'innovation", kind="funding")
    resource = Resource.objects.create(project=project_for("Semblable"), scheme=aid)
    project = project_for("Nouveau")
    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )
    Resource.objects.filter(pk=resource.pk).update(status=Resource.Status.OBTAINED)  # no signal
    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )

    history.forget_history()  # what a bulk writer calls

    assert "mobilisé pour 1 projet semblable, obtenu 1 fois" in reasons(
        project, "Aide à l'innovation"
    )


def test_with_the_history_cached_a_ranking_takes_as_many_queries_with_10_or_100_similar_projects():
    project = project_for("Réduire la consommation des fours")

    def grow(count: int) -> None:
        start = SupportScheme.objects.count()
        for index in range(start, start + count):
            created = scheme(f"Dispositif {index}", keywords="four, énergie")
            Resource.objects.create(project=project_for(f"Passé {index}"), scheme=created)

    grow(10)
    few = ranked_twice(project)
    grow(90)
    many = ranked_twice(project)

    assert len(many) == len(few)
    assert similar_read(many) == 0


def test_an_import_filling_a_companys_naf_code_makes_its_projects_similar(client, officer):
    aid = scheme("Aide à l'innovation", kind="funding")
    project = project_for("Nouveau", naf_code="25.11Z")
    project_for("Semblable", naf_code="25.11Z")  # the key's counts are cached, not empty
    known = CompanyFactory(siret=SIRET_A, naf_code="")
    other = ProjectFactory(company=known, title="Autre axe", axis_codes=["marketing"])
    Resource.objects.create(project=other, scheme=aid)
    assert not any("semblable" in reason for reason in reasons(project, "Aide à l'innovation"))
    client.force_login(officer)

    upload(client, csv_file([row()]), duplicates="merge")  # its NAF code: 25.62B
    confirm(client)

    assert "mobilisé pour 1 projet semblable, obtenu 0 fois" in reasons(
        project, "Aide à l'innovation"
    )
