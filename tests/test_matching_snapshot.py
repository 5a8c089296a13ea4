"""The directory each process holds for the suggestions (projects/matching/snapshot.py): read
again after every write to schemes, calls, axes, organisations or terms, by this process at
once and by the others once the write commits; kept while nothing changes, so that the project
page's queries do not grow with the directory."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects.matching import snapshot
from projects.matching.index import index_schemes
from projects.matching.ranking import match_project, suggest_schemes
from projects.models import InterventionAxis, PartnerOrganisation, SchemeCall, SupportScheme

from .factories import CompanyFactory, ProjectFactory
from .test_imports_directory import (  # noqa: F401 (the fixture)
    as_file,
    confirm,
    directory,
    exported_csv,
    send,
)
from .test_matching import TODAY, names, project_for, scheme

pytestmark = pytest.mark.django_db


def test_a_scheme_edited_is_judged_as_edited():
    kept = scheme("Dispositif A")
    scheme("Dispositif B")
    project = project_for("Projet", headcount_band="10-49")
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A", "Dispositif B"]

    kept.headcount_bands = ["250-499"]
    kept.save()

    matching = match_project(project, today=TODAY)
    assert names(matching.suggestions) == ["Dispositif B"]
    assert [excluded.scheme.name for excluded in matching.excluded] == ["Dispositif A"]


def test_a_call_added_to_a_scheme_is_judged():
    later = scheme("Dispositif A")
    project = project_for("Projet")
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]

    SchemeCall.objects.create(
        scheme=later, opens_on=datetime.date(2027, 3, 1), closes_on=datetime.date(2027, 4, 30)
    )

    matching = match_project(project, today=TODAY)
    assert matching.suggestions == []
    assert "aucun appel ouvert ; prochain appel le 01/03/2027" in matching.excluded[0].reasons


def test_an_organisation_deactivated_takes_its_schemes_out():
    scheme("Dispositif A")
    scheme("Dispositif B", org="CETIM")
    project = project_for("Projet")
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A", "Dispositif B"]

    cetim = PartnerOrganisation.objects.get(name="CETIM")
    cetim.is_active = False
    cetim.save()

    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]


def test_an_axis_served_and_words_indexed_are_read_again():
    marketing = scheme("Dispositif A", axes=("marketing",))
    project = project_for("Salon export", axes=("process",))
    assert suggest_schemes(project, today=TODAY) == []

    marketing.axes.add(InterventionAxis.objects.get(code="process"))
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]
    # Written in bulk, without signals: indexing says the directory changed.
    SupportScheme.objects.filter(pk=marketing.pk).update(keywords="salon")
    index_schemes([marketing.pk])

    (suggestion,) = suggest_schemes(project, today=TODAY)
    assert suggestion.words == ["salon"]


def test_an_import_is_read_again(client, manager, directory):  # noqa: F811 (the fixture)
    company = CompanyFactory(headcount_band="10-49", department="33", naf_code="28.30Z")
    project = ProjectFactory(
        company=company, title="Soudage laser des cadres", axis_codes=["digital"], budget=50_000
    )
    index_schemes([directory.pk])
    (before,) = suggest_schemes(project)
    assert "soudage" not in before.words
    client.force_login(manager)
    header, *rows = exported_csv(client)
    column = header.index("Mots-clés")
    row = next(row for row in rows if row[0] == "ADI Nouvelle-Aquitaine")
    row[column] = "robot, cobot, soudage laser"
    send(client, as_file([header, *rows]))

    confirm(client)

    (after,) = suggest_schemes(project)
    assert "soudage" in after.words


def test_the_other_processes_read_the_directory_again_when_a_write_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as at_commit:
        scheme("Dispositif A")
        project = project_for("Projet")
        assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]
        version = cache.get(snapshot.VERSION_KEY)
        SupportScheme.objects.create(
            organisation=PartnerOrganisation.objects.get(), name="Dispositif B", kind="expertise"
        )
        written = cache.get(snapshot.VERSION_KEY)
        assert written != version

    for callback in at_commit:
        callback()

    # Again: a process may have read the directory before the write was committed.
    assert cache.get(snapshot.VERSION_KEY) != written


def test_a_process_keeps_its_directory_until_the_shared_version_changes():
    written_elsewhere = scheme("Dispositif A")
    project = project_for("Projet")
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]
    # Another process's write: this one is told only by the version in the shared cache.
    SupportScheme.objects.filter(pk=written_elsewhere.pk).update(is_active=False)
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]

    snapshot.forget_directory()  # what that process's commit does

    assert suggest_schemes(project, today=TODAY) == []


def test_a_write_rolled_back_is_forgotten():
    kept = scheme("Dispositif A")
    project = project_for("Projet")
    suggest_schemes(project, today=TODAY)

    with pytest.raises(RuntimeError), transaction.atomic():
        kept.is_active = False
        kept.save()
        assert suggest_schemes(project, today=TODAY) == []
        raise RuntimeError

    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]


def test_the_directory_is_read_for_each_ranking_when_the_cache_does_not_answer(monkeypatch):
    kept = scheme("Dispositif A")
    project = project_for("Projet")
    monkeypatch.setattr(snapshot, "current_version", lambda: None)
    assert names(suggest_schemes(project, today=TODAY)) == ["Dispositif A"]
    SupportScheme.objects.filter(pk=kept.pk).update(is_active=False)

    assert suggest_schemes(project, today=TODAY) == []


def test_the_project_page_reads_as_many_rows_whatever_the_directory_size(client, officer):
    project = project_for("Réduire la consommation des fours")
    for index in range(5):
        scheme(f"Dispositif {index}", keywords="four")
    client.force_login(officer)
    client.get(project.get_absolute_url())  # reads the directory after the writes

    with CaptureQueriesContext(connection) as small:
        assert client.get(project.get_absolute_url()).status_code == 200
    for index in range(5, 60):
        scheme(f"Dispositif {index}", keywords="four", org=f"Organisation {index}")
    client.get(project.get_absolute_url())
    with CaptureQueriesContext(connection) as large:
        assert client.get(project.get_absolute_url()).status_code == 200

    assert len(large) == len(small)
