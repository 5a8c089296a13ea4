"""The demo's ecosystem directory (tooling/demo/directory_data.py, loaded by
tooling/demo/directory.py): a believable Nouvelle-Aquitaine ecosystem that says whom each
scheme is for, loaded once however often it runs."""

import datetime

import pytest

from projects.matching import naf
from projects.matching.eligibility import call_state
from projects.models import PartnerOrganisation, SchemeCall, SchemeKind, SchemeTerm, SupportScheme
from tooling.demo import directory_data
from tooling.demo.directory import load_directory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def snapshot() -> list:
    return [
        sorted(PartnerOrganisation.objects.values_list("name", "competences", "student_kinds")),
        sorted(SupportScheme.objects.values_list("organisation__name", "name", "keywords")),
        sorted(SchemeCall.objects.values_list("scheme__name", "opens_on", "closes_on")),
        SchemeTerm.objects.count(),
    ]


def test_the_demo_directory_is_a_believable_ecosystem_with_conditions_and_calls():
    organisations, schemes, counts = load_directory(TODAY)

    assert len(organisations) >= 40 and len(schemes) >= 120
    assert counts["schemes"] == (len(schemes), len(schemes))
    assert {scheme.kind for scheme in schemes.values()} == set(SchemeKind.values)
    assert all(scheme.keywords for scheme in schemes.values())
    assert sum(bool(scheme.trades) for scheme in schemes.values()) >= 15
    for scheme in schemes.values():
        scheme.full_clean()
        assert all(naf.is_known(p) for p in scheme.naf_included + scheme.naf_excluded)
    states = [
        call_state([(c.opens_on, c.closes_on, c.recurs_yearly) for c in scheme.calls.all()], TODAY)
        for scheme in SupportScheme.objects.prefetch_related("calls")
    ]
    assert sum(s.open_all_year for s in states) >= 60
    assert sum(s.open_until is not None and (s.open_until - TODAY).days <= 30 for s in states) >= 3
    assert sum(s.open_until is not None and (s.open_until - TODAY).days > 30 for s in states) >= 3
    assert sum(not s.is_open and s.closed_since is not None for s in states) >= 5
    assert sum(not s.is_open and s.next_window is not None for s in states) >= 3
    assert SchemeTerm.objects.count() > 20 * len(schemes)
    students = {kind for o in organisations.values() for kind in o.student_kinds}
    assert students == {"intern", "work_study", "phd"}


def test_loading_the_demo_directory_again_changes_nothing():
    load_directory(TODAY)
    before = snapshot()

    _organisations, _schemes, counts = load_directory(TODAY + datetime.timedelta(days=3))

    assert snapshot() == before
    assert counts["organisations"][1] == 0 and counts["schemes"][1] == 0


def test_a_directory_loaded_by_an_older_demo_gets_its_profile_once():
    # What the demo loaded before the directory had keywords, calls and competences.
    spec = directory_data.SCHEMES[0]
    older = PartnerOrganisation.objects.create(name=spec.organisation, kind="agency")
    SupportScheme.objects.create(organisation=older, name=spec.name, kind=spec.kind)

    load_directory(TODAY)

    refreshed = SupportScheme.objects.get(organisation=older, name=spec.name)
    assert refreshed.keywords == ", ".join(spec.keywords)
    assert PartnerOrganisation.objects.get(pk=older.pk).competences
    assert SchemeTerm.objects.filter(scheme=refreshed).exists()
