"""The partner directory: organisations and their schemes (with their axes), and the
organisation each task-force member sits for.
"""

import time

from projects.matching.index import index_schemes
from projects.models import PartnerOrganisation, SupportScheme
from taskforce.models import TaskforceMembership

from ..writer import TableWriter
from .base import GeneratorBase
from .tables import DEPARTMENT_WEIGHTS, HEADCOUNT_WEIGHTS, LOREM, ORG_KINDS, SCHEME_KINDS, SURNAMES


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
                "headcount_bands",
                "departments",
                "contact_name",
                "contact_email",
                "url",
                "is_active",
            ],
        )
        scheme_axes = TableWriter(SupportScheme.axes.through, ["supportscheme", "interventionaxis"])
        memberships = self._writer(TaskforceMembership, ["user", "organisation", "is_active"])
        count = min(400, max(8, round(400 * self.scale)))
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
                    True,
                )
            )
            for s in range(3):
                scheme = self._id(SupportScheme)
                self.schemes.append(scheme)
                bands = self.rng.sample(list(HEADCOUNT_WEIGHTS), self.rng.randint(0, 3))
                departments = self.rng.sample(list(DEPARTMENT_WEIGHTS), self.rng.randint(0, 2))
                schemes.add(
                    (
                        scheme,
                        pk,
                        f"Dispositif {s + 1}",
                        SCHEME_KINDS[(n + s) % 7],
                        LOREM[:200],
                        bands,
                        departments,
                        "",
                        "",
                        "",
                        True,
                    )
                )
                for axis in self.rng.sample(self.axes, self.rng.randint(1, 3)):
                    scheme_axes.add((scheme, axis))
        for member in self.members:
            memberships.add(
                (self._id(TaskforceMembership), member, self.rng.choice(self.organisations), True)
            )
        self._done("organisations", organisations, started)
        self._done("schemes", schemes, time.perf_counter())
        self._done("scheme_axes", scheme_axes, time.perf_counter())
        # The matching reads each scheme's words from its term index (projects/matching).
        index_schemes(self.schemes)
        self._done("memberships", memberships, time.perf_counter())
