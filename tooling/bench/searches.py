"""The accent-blind searches and the portal's search, added to the crawl's targets.

The crawl already searches every list with a common word of the data (`searched_word`); these
type what people type — without accents — at page 1 and at 80 % of the results: "decolletage"
for the companies named "Décolletage …" (and their projects), "merignac" for a city,
"predictive" for the projects' titles ("Maintenance prédictive …"), the first contact's
last name, folded, for the contacts (found at every scale, so that query counts compare),
and the portal's search (/recherche/) with the common word, an accent-free one and that
name. Words of the generated data (tooling/bench/generate/tables.py).
"""

from math import ceil
from urllib.parse import urlencode

from django.urls import reverse

from companies.models import Company, Contact
from pmi_aqt.search import fold
from projects.filters import search_projects
from projects.models import Project

from .crawl import DEEP_SHARE, Target
from .subjects import SubjectSet, searched_word

PER_PAGE = 25
CONTACT_LABEL = "a contact's name"


def _deep_page(count: int) -> int:
    return max(1, ceil(ceil(count / PER_PAGE) * DEEP_SHARE))


def _list_targets(name: str, word: str, count: int, user, shown: str = "") -> list[Target]:
    """Page 1 and 80 % of the list searched for `word`; the key says `shown` instead of the
    word when it may differ between data sets (the crawl test pairs keys across two)."""
    base = reverse(name)
    shown = shown or word
    targets = []
    for label, query in (
        (f"q={shown}", {"q": word}),
        (f"q={shown}, page 80 %", {"q": word, "page": _deep_page(count)}),
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


def contact_word() -> str:
    last_name = Contact.objects.order_by("pk").values_list("last_name", flat=True).first()
    return fold(last_name or "") or "helene"


def search_targets(subjects: dict[str, SubjectSet]) -> list[Target]:
    officer = subjects["typical"].people["officer"]
    person = contact_word()
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
            "companies:contact_list",
            person,
            Contact.objects.search(person).count(),
            officer,
            shown=CONTACT_LABEL,
        ),
    ]
    # The common word and the contact's name may differ between data sets: fixed labels.
    for label, word in (("common word", searched_word()), ("decolletage", "decolletage"),
                        (CONTACT_LABEL, person)):  # fmt: skip
        targets.append(
            Target(
                f"search:results [q={label}]",
                "search:results",
                f"{reverse('search:results')}?{urlencode({'q': word})}",
                "officer",
                officer,
                variant=f"q={label}",
                expect=200,
            )
        )
    return targets
