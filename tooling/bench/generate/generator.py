"""The scale data generator: each step in turn, in one transaction, then the tables analysed."""

import time

from django.contrib.auth.models import Group
from django.db import connection, transaction

from pmi_aqt.accounts.models import Role
from projects.matching.history import forget_history
from projects.models import InterventionAxis
from projects.stats.cache import forget_figures
from projects.stats.summary import rebuild_summary
from taskforce.models import ReviewCriterion

from ..writer import is_postgresql, reset_sequences
from .base import Generated
from .companies import CompanySteps
from .directory import DirectorySteps
from .files import FileSteps
from .people import PeopleSteps
from .programme import ProgrammeSteps
from .projects import ProjectSteps
from .taskforce import TaskforceSteps


class ScaleDataGenerator(
    PeopleSteps,
    DirectorySteps,
    CompanySteps,
    TaskforceSteps,
    ProjectSteps,
    ProgrammeSteps,
    FileSteps,
):
    """Writes a whole data set; `run()` returns the rows written per table and the timings."""

    def run(self) -> Generated:
        started = time.perf_counter()
        with transaction.atomic():
            self.reference()
            self.people()
            self.directory()
            self.companies()
            self.interactions()
            self.sessions()
            self.projects()
            self.programme()
            self.taskforce()
            self.intake_drafts()
            self.documents()
            self.jobs()
            reset_sequences(list(self.ids))
        step = time.perf_counter()
        # The dashboard's counters, from the rows COPY wrote without a signal.
        rebuild_summary()
        self.result.seconds["summary"] = round(time.perf_counter() - step, 2)
        forget_figures()  # Committed; rows went in by COPY, which sends no signal.
        forget_history()  # The suggestions' evidence of similar projects, for the same reason.
        if is_postgresql():
            step = time.perf_counter()
            with connection.cursor() as cursor:
                # VACUUM too: rows loaded by COPY leave the visibility map empty (every
                # index-only scan would read the table) and GIN indexes with a pending list,
                # which a production server's autovacuum would have cleared long ago.
                cursor.execute("VACUUM ANALYZE")
            self.result.seconds["analyze"] = round(time.perf_counter() - step, 2)
        self.result.seconds["total"] = round(time.perf_counter() - started, 2)
        return self.result

    def reference(self) -> None:
        self.axes = list(InterventionAxis.objects.values_list("pk", flat=True))
        self.criteria = list(
            ReviewCriterion.objects.filter(is_active=True).values_list("pk", flat=True)
        )
        self.groups = dict(Group.objects.values_list("name", "pk"))
        if not self.axes or not self.criteria or set(Role.values) - set(self.groups):
            raise RuntimeError("Reference data missing: run `manage.py migrate` first.")
