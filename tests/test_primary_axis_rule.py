"""A rule of the model: a project's primary axis is always one of its axes."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import InterventionAxis, Project

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

AXES_TABLE = Project.axes.through._meta.db_table


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def axis_codes(project: Project) -> set[str]:
    return set(Project.objects.get(pk=project.pk).axes.values_list("code", flat=True))


def test_a_project_saved_with_a_primary_axis_has_it_among_its_axes():
    project = ProjectFactory(primary_axis=axis("digital"), axis_codes=["process"])

    assert axis_codes(project) == {"digital", "process"}


def test_a_new_primary_axis_joins_the_axes_and_the_former_one_stays():
    project = ProjectFactory(primary_axis=axis("digital"))
    project = Project.objects.get(pk=project.pk)

    project.primary_axis = axis("process")
    project.save()

    assert axis_codes(project) == {"digital", "process"}


def test_a_save_that_leaves_the_primary_axis_alone_does_not_touch_the_axes():
    project = Project.objects.get(pk=ProjectFactory(primary_axis=axis("digital")).pk)

    project.title = "Nouveau titre"
    with CaptureQueriesContext(connection) as queries:
        project.save()

    # No write: the dashboard's summary reads the project's axes to count it again.
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert not [sql for sql in writes if AXES_TABLE in sql]


@pytest.mark.parametrize(
    "take_it_out",
    [
        lambda project, primary: project.axes.remove(primary),
        lambda project, primary: project.axes.clear(),
        lambda project, primary: project.axes.set([axis("process")]),
        lambda project, primary: primary.projects.remove(project),
        lambda project, primary: primary.projects.clear(),
    ],
    ids=["remove", "clear", "set", "reverse-remove", "reverse-clear"],
)
def test_taking_the_primary_axis_out_of_the_axes_puts_it_back(take_it_out):
    primary = axis("digital")
    project = ProjectFactory(primary_axis=primary, axis_codes=["digital", "process"])

    take_it_out(Project.objects.get(pk=project.pk), primary)

    assert "digital" in axis_codes(project)


def test_other_axes_can_still_be_removed():
    project = ProjectFactory(primary_axis=axis("digital"), axis_codes=["digital", "process"])

    project.axes.remove(axis("process"))

    assert axis_codes(project) == {"digital"}


def test_the_migration_and_the_queryset_add_the_primary_axes_that_were_missing():
    listed = ProjectFactory(primary_axis=axis("digital"))
    missing = ProjectFactory(primary_axis=axis("process"))
    no_primary = ProjectFactory(axis_codes=["marketing"])
    # Written before the rule (a queryset delete sends no signal).
    Project.axes.through.objects.filter(project=missing).delete()
    assert axis_codes(missing) == set()

    migration = importlib.import_module("projects.migrations.0011_primary_axis_among_axes")
    with connection.cursor() as cursor:
        cursor.execute(migration.INCLUDE_PRIMARY_AXES)

    assert axis_codes(missing) == {"process"}
    assert axis_codes(listed) == {"digital"}
    assert axis_codes(no_primary) == {"marketing"}

    Project.axes.through.objects.filter(project=missing).delete()
    Project.objects.all().include_primary_axes()
    assert axis_codes(missing) == {"process"}
