"""The people: officers, finance officers, managers and task-force members, each in the group
of their role.
"""

import time

from django.contrib.auth.hashers import make_password

from pmi_aqt.accounts.models import Role, User

from ..writer import TableWriter
from .base import GeneratorBase
from .tables import EMAIL_DOMAIN, FIRST_NAMES, HISTORY_DAYS, PASSWORD, SURNAMES, people_counts


class PeopleSteps(GeneratorBase):
    """Writes the people; sets the ids of each role for the steps after it."""

    def people(self) -> None:
        started = time.perf_counter()
        password = self.password = make_password(PASSWORD)
        users = self._writer(
            User,
            [
                "email",
                "first_name",
                "last_name",
                "password",
                "is_staff",
                "is_superuser",
                "is_active",
                "date_joined",
                "phone",
            ],
        )
        user_groups = TableWriter(User.groups.through, ["user", "group"])
        self.people_ids: dict[str, list[int]] = {}
        for role, count in people_counts(self.scale).items():
            ids = []
            for n in range(count):
                pk = self._id(User)
                ids.append(pk)
                users.add(
                    (
                        pk,
                        f"{role.replace('_', '-')}-{n + 1}@{EMAIL_DOMAIN}",
                        self.rng.choice(FIRST_NAMES),
                        self.rng.choice(SURNAMES),
                        password,
                        False,
                        False,
                        True,
                        self._moment(HISTORY_DAYS, 200),
                        "",
                    )
                )
                user_groups.add((pk, self.groups[role]))
            self.people_ids[role] = ids
        self._done("users", users, started)
        self._done("user_groups", user_groups, time.perf_counter())
        self.officers = self.people_ids[Role.OFFICER]
        self.finance_officers = self.people_ids[Role.FINANCE_OFFICER]
        self.managers = self.people_ids[Role.MANAGER]
        self.members = self.people_ids[Role.TASKFORCE_MEMBER]
