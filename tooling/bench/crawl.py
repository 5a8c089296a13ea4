"""The bench's crawler: every URL pattern of the URL configuration, found by walking it.

Nobody lists the pages. For each pattern of the resolver (the technical admin has its own
walk, admin_crawl.py), and for each set of subjects (subjects.py: typical and heaviest):

1. its arguments are filled from the set's objects (`ARGUMENTS`: a route prefix and an argument
   name say which object, the longest prefix wins), or, for a pattern whose arguments the
   table does not know, from a link to it found on a page already crawled;
2. it is asked as each persona in turn (team, task force, company, anyone: `PERSONAS`) until
   one gets a 2xx answer (else a redirect that is not to the login page); a 405 to a GET
   means an action taking a POST only, listed and not timed;
3. its answer says what more to measure: a paginated list (a `Page` in the template's
   context) gets its page at 80 %, a list paged from a row onwards (a `KeysetPage`) its last
   page, a search box (`q`) a search with a common word of the data, a sort menu (`tri`) every
   sort, each at page 1 and deep.

The result is a list of `Target`s for pages.py to time; `Crawl.problems` says what could not
be opened (no object of that kind in the data, nobody allowed, a server error).
"""

import html
import math
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import Page
from django.db import connection, reset_queries
from django.http import HttpResponse
from django.template import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, instrumented_test_render
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls import reverse as django_reverse

from pmi_aqt.pagination import KeysetPage

from .subjects import PERSONAS, SubjectSet

# (route prefix, argument name) → the subject set's object (its pk) or value filling it. A new
# page whose arguments are named like its neighbours' is measured without being added here.
ARGUMENTS: dict[tuple[str, str], str] = {
    ("compte/mot-de-passe/nouveau/", "uidb64"): "reset_uid",
    ("compte/mot-de-passe/nouveau/", "token"): "reset_token",
    ("compte/securite/regles/", "pk"): "two_factor_person",
    ("entreprises/", "pk"): "company",
    ("entreprises/", "contact_pk"): "contact",
    ("entreprises/", "interaction_pk"): "interaction",
    ("projets/", "pk"): "project",
    ("projets/", "need_pk"): "need",
    ("projets/", "resource_pk"): "resource",
    ("projets/", "line_pk"): "line",
    ("projets/", "document_pk"): "document",
    ("projets/", "request_pk"): "doc_request",
    ("projets/", "action_pk"): "action",
    ("projets/", "follow_up_pk"): "follow_up",
    ("projets/", "placement_pk"): "placement",
    ("projets/actions-collectives/", "pk"): "collective_action",
    ("projets/actions-collectives/", "participation_pk"): "participation",
    ("projets/equipe/personnes/", "among"): "team_set",
    ("projets/annuaire/organisations/", "pk"): "organisation",
    ("projets/annuaire/organisations/suggestions/", "among"): "organisation_set",
    ("projets/annuaire/dispositifs/", "pk"): "scheme",
    ("projets/objectifs/", "year"): "target_year",
    ("projets/demande/reprendre/", "token"): "draft_token",
    ("projets/suivi/", "token"): "company_link",
    ("projets/questionnaire/", "token"): "survey_token",
    ("task-force/seances/", "pk"): "session",
    ("task-force/dossiers/", "item_pk"): "item",
    ("task-force/agenda/", "token"): "calendar_token",
    ("task-force/dossiers/<int:item_pk>/decision/", "item_pk"): "undecided_item",
    ("emails/", "pk"): "email",
    ("exports/", "pk"): "job",
    ("emails/desinscription/", "token"): "unsubscribe_token",
    ("emails/textes/", "kind"): "email_kind",
}

# The portal's conventions for lists: the page number, the search box and the sort menu.
PAGE_PARAM = "page"
KEYSET_LAST_PARAM = "fin"  # a list paged from a row onwards (keyset_page): its last page
SEARCH_PARAM = "q"
SORT_PARAM = "tri"
DEEP_SHARE = 0.8

LOGIN_URL_NAMES = ("accounts:login", "admin:login")


@dataclass
class Target:
    """One request to time: a URL pattern, with its arguments and query, as one person."""

    key: str  # the same at every scale: the pattern, the subject set and the variant
    name: str  # the URL pattern's name
    path: str
    who: str  # the persona (subjects.PERSONAS) or "admin"
    user: object = None
    subject: str = ""  # "typical", "heaviest", or "" when the page names no object
    variant: str = ""  # "", "page 80 %", "tri=entreprise", "q=usinage", …
    kind: str = "page"  # page, redirect, download, admin
    method: str = "get"
    data: dict = field(default_factory=dict)
    expect: int | None = None
    before: Callable[[], None] | None = None
    # The crawl's own request of it, when it made one: (status, queries, bytes, seconds).
    crawled: tuple[int, int, int, float] | None = None
    # The most options one of its selects offers (a page should search past a few hundred).
    largest_select: int = 0


@dataclass
class Problem:
    key: str
    name: str
    path: str
    reason: str
    status: int | None = None


@dataclass
class Crawl:
    targets: list[Target] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)  # POST-only patterns, not timed
    problems: list[Problem] = field(default_factory=list)


# --- The URL configuration, walked


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    arguments: tuple[str, ...]


def walk(patterns, namespace: str = "", route: str = "") -> Iterator[Pattern]:
    for pattern in patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, inner, here)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {here}>"
            full = f"{namespace}:{name}" if namespace else name
            yield Pattern(full, here, tuple(pattern.pattern.converters))


def portal_patterns(urlconf: str | None = None) -> list[Pattern]:
    """Every pattern but the admin's (walked by admin_crawl.py) and the static files."""
    static = settings.STATIC_URL.lstrip("/")
    found, seen = [], set()
    for pattern in walk(get_resolver(urlconf).url_patterns):
        if pattern.name.startswith("admin:") or pattern.route.startswith(static):
            continue
        if pattern.name in seen:
            continue  # one name, several routes (a language prefix…): reverse picks one
        seen.add(pattern.name)
        found.append(pattern)
    return found


def _value(subject: SubjectSet, attribute: str):
    value = getattr(subject.objects, attribute, None)
    return getattr(value, "pk", value)


def arguments_for(pattern: Pattern, subject: SubjectSet) -> dict | None:
    """The pattern's arguments from the subject set, or None when one is unknown or missing."""
    route = pattern.route
    chosen: dict[str, str] = {}
    for argument in pattern.arguments:
        candidates = [
            (len(prefix), attribute)
            for (prefix, name), attribute in ARGUMENTS.items()
            if name == argument and route.startswith(prefix)
        ]
        if not candidates:
            return None
        chosen[argument] = max(candidates)[1]
    values = {}
    for argument, attribute in chosen.items():
        value = _value(subject, attribute)
        if value is None:
            return None
        values[argument] = value
    # A child named in the URL belongs to its parent: the parent's argument is the child's.
    for argument, attribute in chosen.items():
        for other, child in chosen.items():
            parent_id = getattr(getattr(subject.objects, child, None), f"{attribute}_id", None)
            if other != argument and parent_id is not None:
                values[argument] = parent_id
    return values


def reverse(name: str, kwargs: dict | None = None, urlconf: str | None = None) -> str | None:
    try:
        return django_reverse(name, kwargs=kwargs or None, urlconf=urlconf)
    except NoReverseMatch:
        return None


# --- Asking a page


@contextmanager
def template_contexts():
    """Record the templates' contexts in test client responses (as Django's test runner does),
    for the crawl's own requests only: the timed requests render as in production."""
    original = Template._render
    Template._render = instrumented_test_render
    try:
        yield
    finally:
        Template._render = original


def read(response: HttpResponse) -> bytes:
    """The whole body, streamed ones included (an export is timed to its last byte)."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
        response.close()
        return body
    return response.content


def is_login_redirect(response, urlconf: str | None = None) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    where = urlsplit(response.get("Location", "")).path
    return where in {reverse(name, urlconf=urlconf) for name in LOGIN_URL_NAMES}


def kind_of(response) -> str:
    if 300 <= response.status_code < 400:
        return "redirect"
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "")
    if "attachment" in disposition or not content_type.startswith("text/html"):
        return "download"
    return "page"


def context_values(response) -> Iterator:
    contexts = getattr(response, "context", None)
    if contexts is None:
        return
    if not isinstance(contexts, list):
        contexts = [contexts]
    for context in contexts:
        for layer in getattr(context, "dicts", [context]):
            if isinstance(layer, dict):
                yield from layer.values()


def page_count(response) -> int | None:
    """The number of pages of the list the page shows, or None when it shows none."""
    for value in context_values(response):
        if isinstance(value, Page):
            return value.paginator.num_pages
        paginator = getattr(value, "paginator", None)  # the admin's ChangeList
        if paginator is not None and hasattr(value, "result_list"):
            return paginator.num_pages
    return None


def shows_keyset_page(response) -> bool:
    """Whether the page shows a list paged from a row onwards (pmi_aqt.pagination)."""
    return any(isinstance(value, KeysetPage) for value in context_values(response))


def deep_page(pages: int) -> int:
    return max(1, math.ceil(pages * DEEP_SHARE))


_SELECT = re.compile(r"<select[^>]*\bname=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
_OPTION = re.compile(r"<option[^>]*\bvalue=\"([^\"]*)\"")
_INPUT = re.compile(r"<input[^>]*\bname=\"([^\"]+)\"[^>]*>")
_LINK = re.compile(r"\b(?:href|action)=\"(/[^\"#]*)\"")


def form_options(body: str) -> tuple[bool, list[str]]:
    """Whether the page has a search box, and the values of its sort menu (in the page's
    main content: the header's portal search is on every staff page)."""
    body = body[body.find("<main") :] if "<main" in body else body
    searchable = any(name == SEARCH_PARAM and "hidden" not in tag for tag, name in _inputs(body))
    sorts = []
    for name, options in _SELECT.findall(body):
        if name == SORT_PARAM:
            sorts = [html.unescape(value) for value in _OPTION.findall(options) if value]
    return searchable, sorts


def largest_select(body: bytes | str) -> int:
    """The number of options of the page's largest select (0 without one)."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return max(
        (len(_OPTION.findall(options)) for _name, options in _SELECT.findall(body)), default=0
    )


def _inputs(body: str) -> Iterator[tuple[str, str]]:
    for match in _INPUT.finditer(body):
        yield match.group(0), match.group(1)


def links(body: str) -> Iterator[str]:
    for link in _LINK.findall(body):
        yield html.unescape(link)


class Crawler:
    """Walks the URL configuration with the subject sets (see the module's docstring)."""

    def __init__(
        self,
        subjects: dict[str, SubjectSet],
        *,
        urlconf: str | None = None,
        search_word: str = "usinage",
        only: Callable[[str], bool] | None = None,
    ):
        self.subjects = subjects
        self.urlconf = urlconf
        self.search_word = search_word
        self.only = only
        self.clients: dict[object, Client] = {}
        self.crawl = Crawl()
        # Requests made already (path, person), with the page's body for its links.
        self._seen: dict[tuple[str, object], str | None] = {}
        self._bodies: dict[str, list[str]] = {}  # the pages crawled, for their links
        # (pattern, set) → who got what, for pages refused to everyone and left to the links.
        self._refused: dict[tuple[str, str], str] = {}

    def forget_bodies(self) -> None:
        """The pages read for their links, no longer needed once the crawl is over."""
        self._seen.clear()
        self._bodies.clear()

    # --- clients, one per person (logged in once)

    def client_for(self, user) -> Client:
        key = getattr(user, "pk", None)
        if key not in self.clients:
            client = Client()
            if user is not None:
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def get(self, path: str, user) -> HttpResponse:
        client = self.client_for(user)
        started = time.perf_counter()
        # The connection keeps its last 9,000 queries only and the capture stops the reset a
        # request would make: emptied first, a long crawl never counts against a full log.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            response.body = read(response)
        response.crawled = (
            response.status_code,
            len(queries),
            len(response.body),
            time.perf_counter() - started,
        )
        return response

    # --- the walk

    def run(self) -> Crawl:
        patterns = [p for p in portal_patterns(self.urlconf) if not self.only or self.only(p.name)]
        with template_contexts():
            for subject in self.subjects.values():
                pending = []
                for pattern in patterns:
                    if subject.name != "typical" and not pattern.arguments:
                        # A page naming no object differs between the sets by its people only.
                        self._visit(pattern, subject, reverse(pattern.name, urlconf=self.urlconf))
                        continue
                    values = arguments_for(pattern, subject) if pattern.arguments else {}
                    if values is None:
                        pending.append(pattern)
                        continue
                    path = reverse(pattern.name, values, urlconf=self.urlconf)
                    refused = self._visit(pattern, subject, path)
                    if refused is None:
                        continue
                    if pattern.arguments and " 404" in refused:
                        # Not found for anyone: the table named the wrong kind of object (a new
                        # page under a known prefix); a link to the page may tell the right one.
                        self._refused[(pattern.name, subject.name)] = f"{path}: {refused}"
                        pending.append(pattern)
                    else:
                        self._problem(pattern, subject, path, f"nobody may open it: {refused}")
                self._follow_links(pending, subject)
        return self.crawl

    def _problem(self, pattern, subject, path, reason: str, status=None, variant="") -> None:
        key = self._key(pattern, subject, variant)
        self.crawl.problems.append(Problem(key, pattern.name, path, reason, status))

    def _key(self, pattern: Pattern, subject: SubjectSet, variant: str = "") -> str:
        parts = [pattern.name]
        if pattern.arguments or subject.name != "typical":
            parts.append(f"({subject.name})")
        if variant:
            parts.append(f"[{variant}]")
        return " ".join(parts)

    def _follow_links(self, pending: list[Pattern], subject: SubjectSet) -> None:
        """Patterns whose arguments the table does not give: a link to them on a page of the
        same subject set crawled so far gives them."""
        if not pending:
            return
        wanted = {pattern.name: pattern for pattern in pending}
        for body in list(self._bodies.get(subject.name, [])):
            for link in links(body):
                path = urlsplit(link).path
                try:
                    match = resolve(path, self.urlconf)
                except Resolver404:
                    continue
                pattern = wanted.pop(match.view_name, None)
                if pattern is not None:
                    refused = self._visit(pattern, subject, path)
                    if refused:
                        self._problem(pattern, subject, path, f"nobody may open it: {refused}")
            if not wanted:
                break
        for pattern in wanted.values():
            refused = self._refused.get((pattern.name, subject.name))
            if refused:
                reason = f"nobody may open {refused}, and no link to it on the pages crawled"
            else:
                missing = [a for a in pattern.arguments if not self._known(pattern, a, subject)]
                reason = (
                    "no object for "
                    + ", ".join(missing or pattern.arguments)
                    + " in the data set, and no link to it on the pages crawled"
                )
            self._problem(pattern, subject, pattern.route, reason)

    def _known(self, pattern: Pattern, argument: str, subject: SubjectSet) -> bool:
        for (prefix, name), attribute in ARGUMENTS.items():
            if name == argument and pattern.route.startswith(prefix):
                return _value(subject, attribute) is not None
        return False

    def _visit(self, pattern: Pattern, subject: SubjectSet, path: str | None) -> str | None:
        """Asks the page as each persona in turn and adds what to time; when nobody may open
        it, returns who got what ("officer 403, …") for the caller to report."""
        if path is None:
            return None
        answers = []
        for persona in PERSONAS:
            if persona not in subject.people:
                continue
            user = subject.people[persona]
            if persona != "anonymous" and user is None:
                continue
            response = self.get(path, user)
            answers.append((persona, user, response))
            if response.status_code >= 500:
                self._problem(
                    pattern, subject, path, f"server error as {persona}", response.status_code
                )
                return None
            if 200 <= response.status_code < 300:
                break
        chosen = next(((p, u, r) for p, u, r in answers if 200 <= r.status_code < 300), None)
        if chosen is None:
            chosen = next(
                (
                    (p, u, r)
                    for p, u, r in answers
                    if 300 <= r.status_code < 400 and not is_login_redirect(r, self.urlconf)
                ),
                None,
            )
        if chosen is None:
            if any(r.status_code == 405 for _p, _u, r in answers):
                if subject.name == "typical" or pattern.arguments:
                    self.crawl.actions.append({"name": pattern.name, "path": path})
                return None
            return ", ".join(sorted({f"{p} {r.status_code}" for p, _u, r in answers}))
        persona, user, response = chosen
        seen = (path, getattr(user, "pk", None))
        if seen in self._seen:
            # The same request as the typical set's (a page of everyone): timed once, its
            # links followed for this set too.
            if self._seen[seen] is not None:
                self._bodies.setdefault(subject.name, []).append(self._seen[seen])
            return None
        kind = kind_of(response)
        if 200 <= response.status_code < 300:
            # Counted asked again: the first request of a page may fill a cache an earlier page
            # of another subject happened to fill already or not (the scheme suggestions'
            # evidence is shared per axis and trade), a difference of the crawl's order, not of
            # the data; a page's steady count is its second's.
            response.crawled = self.get(path, user).crawled
        self._add(pattern, subject, path, persona, user, kind, answer=response)
        self._seen[seen] = None
        if kind != "page":
            return None
        body = self._seen[seen] = response.body.decode("utf-8", errors="replace")
        self._bodies.setdefault(subject.name, []).append(body)
        self._variants(pattern, subject, path, persona, user, response, body)
        return None

    def _add(self, pattern, subject, path, persona, user, kind, variant="", answer=None) -> None:
        self.crawl.targets.append(
            Target(
                key=self._key(pattern, subject, variant),
                name=pattern.name,
                path=path,
                who=persona,
                user=user,
                subject=subject.name if (pattern.arguments or subject.name != "typical") else "",
                variant=variant,
                kind=kind,
                expect=answer.status_code if answer is not None else 200,
                crawled=answer.crawled if answer is not None else None,
                largest_select=(
                    largest_select(answer.body) if answer is not None and kind == "page" else 0
                ),
            )
        )

    def _variants(self, pattern, subject, path, persona, user, response, body) -> None:
        """A list at 80 % (a list paged from a row onwards: its last page, the walk from the
        other end), every sort and a search (each at page 1 and deep)."""
        keyset = shows_keyset_page(response)
        if page_count(response) is None and not keyset:
            return

        def deep(answer) -> tuple[dict, str]:
            if keyset:
                return {KEYSET_LAST_PARAM: 1}, "last page"
            return {PAGE_PARAM: deep_page(page_count(answer) or 1)}, "page 80 %"

        searchable, sorts = form_options(body)
        query, deep_label = deep(response)
        self._add(pattern, subject, _with(path, **query), persona, user, "page", deep_label)
        queries = [{SORT_PARAM: value} for value in sorts[1:]]  # the first is the default
        if searchable:
            queries.append({SEARCH_PARAM: self.search_word})
        for query in queries:
            # The searched word may differ between data sets: the key says "search" only.
            label = "search" if SEARCH_PARAM in query else f"{SORT_PARAM}={query[SORT_PARAM]}"
            first = _with(path, **query)
            answer = self.get(first, user)
            if answer.status_code >= 500:
                self._problem(pattern, subject, first, "server error", answer.status_code, label)
                continue
            self._add(pattern, subject, first, persona, user, "page", label, answer)
            deeper, deep_label = deep(answer)
            self._add(pattern, subject, _with(path, **query, **deeper), persona, user, "page",
                      f"{label}, {deep_label}")  # fmt: skip


def _with(path: str, **query) -> str:
    return f"{path}?{urlencode(query)}"
