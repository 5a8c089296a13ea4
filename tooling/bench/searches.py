"""The accent-blind searches and the portal's search, added to the crawl's targets.

The crawl already searches every list with a common word of the data (`searched_word`); these
type what people type — without accents — at page 1 and at 80 % of the results: "decolletage"
for the companies named "Décolletage …" (and their projects), "merignac" for a city,
"predictive" for the projects' titles ("Maintenance prédictive …"), "helene" for the
contacts, and the portal's search (/recherche/) with the common word and with an accent-free
one. Words of the generated data (tooling/bench/generate/tables.py).
"""

from math import ceil
from urllib.parse import urlencode

from django.urls import reverse

from companies.models import Company, Contact
from projects.filters import search_projects
from projects.models import Project

from .crawl import DEEP_SHARE, Target
from .subjects import SubjectSet, searched_word

PER_PAGE = 25


def _deep_page(count: int) -> int:
    return max(1, ceil(ceil(count / PER_PAGE) * DEEP_SHARE))


def _list_targets(name: str, word: str, count: int, user) -> list[Target]:
    base = reverse(name)
    targets = []
    for label, query in (
        (f"q={word}", {"q": word}),
        (f"q={word}, page 80 %", {"q": word, "page": _deep_page(count)}),
    ):
        targets.append(
            Target(
                f"{name} [{label}]",
                name,
                f"{base}?{urlencode(query)}",
                "officer",
                user,
                variant=label,
                expect=200,
            )
        )
    return targets


def search_targets(subjects: dict[str, SubjectSet]) -> list[Target]:
    officer = subjects["typical"].people["officer"]
    targets = [
        *_list_targets(
            "companies:list", "decolletage", Company.objects.search("decolletage").count(), officer
        ),
        *_list_targets(
            "companies:list", "merignac", Company.objects.search("merignac").count(), officer
        ),
        *_list_targets(
            "projects:list",
            "predictive",
            search_projects(Project.objects.all(), "predictive").count(),
            officer,
        ),
        *_list_targets(
            "projects:list",
            "decolletage",
            search_projects(Project.objects.all(), "decolletage").count(),
            officer,
        ),
        *_list_targets(
            "companies:contact_list", "helene", Contact.objects.search("helene").count(), officer
        ),
    ]
    for word in (searched_word(), "decolletage", "helene"):
        targets.append(
            Target(
                f"search:results [q={word}]",
                "search:results",
                f"{reverse('search:results')}?{urlencode({'q': word})}",
                "officer",
                officer,
                variant=f"q={word}",
                expect=200,
            )
        )
    return targets
