"""The partner directory: organisations and their schemes (with their axes, conditions and
calls), and the organisation each task-force member sits for.

At scale 1 the directory holds 400 organisations and 5,000 schemes (issue 13's bench for the
matching). Each generated scheme copies the words and conditions of one of the demo directory's
schemes (tooling/demo/directory_data.py), numbered, so that the matching reads a believable
vocabulary, real eligibility rules and dated calls at scale rather than lorem ipsum.
"""

import datetime as dt
import time

from projects.matching.index import index_schemes
from projects.models import InterventionAxis, PartnerOrganisation, SchemeCall, SupportScheme
from taskforce.models import TaskforceMembership
from tooling.demo import directory_data

from ..writer import TableWriter
from .base import GeneratorBase
from .tables import LOREM, ORG_KINDS, SURNAMES

ORGANISATIONS_AT_SCALE_1 = 400
SCHEMES_AT_SCALE_1 = 5_000


class DirectorySteps(GeneratorBase):
    """Writes the directory; needs the people."""

    def directory(self) -> None:
        started = time.perf_counter()
        organisations = self._writer(
            PartnerOrganisation,
            [
                "name",
                "kind",
                "description",
                "website",
                "contact_name",
                "contact_email",
                "contact_phone",
                "competences",
                "is_active",
            ],
        )
        schemes = self._writer(
            SupportScheme,
            [
                "organisation",
                "name",
                "kind",
                "description",
                "keywords",
                "trades",
                "headcount_bands",
                "departments",
                "naf_included",
                "naf_excluded",
                "budget_min",
                "budget_max",
                "contact_name",
                "contact_email",
                "url",
                "is_active",
            ],
        )
        calls = self._writer(
            SchemeCall, ["scheme", "label", "opens_on", "closes_on", "recurs_yearly"]
        )
        scheme_axes = TableWriter(SupportScheme.axes.through, ["supportscheme", "interventionaxis"])
        memberships = self._writer(TaskforceMembership, ["user", "organisation", "is_active"])
        axis_ids = dict(InterventionAxis.objects.values_list("code", "pk"))
        competences = [spec.competences for spec in directory_data.ORGANISATIONS]
        templates = directory_data.SCHEMES
        count = min(ORGANISATIONS_AT_SCALE_1, max(8, round(ORGANISATIONS_AT_SCALE_1 * self.scale)))
        total = max(3 * count, round(SCHEMES_AT_SCALE_1 * min(self.scale, 1)))
        self.organisations, self.schemes = [], []
        for n in range(count):
            pk = self._id(PartnerOrganisation)
            self.organisations.append(pk)
            organisations.add(
                (
                    pk,
                    f"Partenaire {n + 1} — {self.rng.choice(SURNAMES)}",
                    ORG_KINDS[n % 9],
                    LOREM[:120],
                    "",
                    "",
                    "",
                    "",
                    competences[n % len(competences)],
                    True,
                )
            )
        for s in range(total):
            spec = templates[s % len(templates)]
            scheme = self._id(SupportScheme)
            self.schemes.append(scheme)
            schemes.add(
                (
                    scheme,
                    self.organisations[s % count],
                    f"{spec.name} {s + 1}",
                    spec.kind,
                    spec.description,
                    ", ".join(spec.keywords),
                    ", ".join(spec.trades),
                    list(spec.headcount_bands),
                    list(spec.departments),
                    list(spec.naf_included),
                    list(spec.naf_excluded),
                    spec.budget[0],
                    spec.budget[1],
                    "",
                    "",
                    "",
                    True,
                )
            )
            for code in spec.axes:
                if code in axis_ids:
                    scheme_axes.add((scheme, axis_ids[code]))
            for call in spec.calls:
                calls.add(
                    (
                        self._id(SchemeCall),
                        scheme,
                        call.label,
                        self.today + dt.timedelta(days=call.opens),
                        self.today + dt.timedelta(days=call.closes),
                        call.recurs_yearly,
                    )
                )
        for member in self.members:
            memberships.add(
                (self._id(TaskforceMembership), member, self.rng.choice(self.organisations), True)
            )
        self._done("organisations", organisations, started)
        self._done("schemes", schemes, time.perf_counter())
        self._done("scheme_axes", scheme_axes, time.perf_counter())
        self._done("scheme_calls", calls, time.perf_counter())
        # The matching reads each scheme's words from its term index (projects/matching).
        index_schemes(self.schemes)
        self._done("memberships", memberships, time.perf_counter())
