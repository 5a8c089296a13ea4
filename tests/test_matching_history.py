"""Which projects are similar for the suggestions' history (projects/matching/history.py): the
newest of those sharing the primary axis or the company's NAF division, whichever way they are
read."""

import pytest

from projects.matching import history

from .test_matching import project_for

pytestmark = pytest.mark.django_db


def test_the_newest_similar_projects_mix_the_axis_and_the_trade(monkeypatch):
    monkeypatch.setattr(history, "SIMILAR_PROJECTS_READ", 3)
    old_axis = project_for("Axe, ancien", axes=("process",), naf_code="16.10A")
    old_trade = project_for("Filière, ancien", axes=("marketing",), naf_code="25.62B")
    project_for("Ni l'un ni l'autre", axes=("marketing",), naf_code="16.10A")
    new_trade = project_for("Filière, récent", axes=("marketing",), naf_code="25.61Z")
    new_axis = project_for("Axe, récent", axes=("process",), naf_code="16.10A")
    project = project_for("Projet", axes=("process",), naf_code="25.62B")
    newest = project_for("Axe et filière, le plus récent", axes=("process",), naf_code="25.11Z")

    similar = history.similar_projects(project, set())

    assert similar == [newest.pk, new_axis.pk, new_trade.pk]
    assert old_axis.pk not in similar and old_trade.pk not in similar
    monkeypatch.setattr(history, "SIMILAR_PROJECTS_READ", 10)
    assert history.similar_projects(project, set()) == [
        newest.pk,
        new_axis.pk,
        new_trade.pk,
        old_trade.pk,
        old_axis.pk,
    ]
