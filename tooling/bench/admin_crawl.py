"""The technical admin, walked through its registry: for every model it manages, the list (page
1, page at 80 %, a search with a common word), the add form, the change form and the delete
confirmation of a typical row and of the row most others point at (the axis of 84,000
projects), and each autocomplete of its forms. Asked as a superuser made for the crawl.
"""

from contextlib import contextmanager
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import get_user_model

from .crawl import Crawler, Problem, Target, deep_page, page_count, reverse
from .subjects import the_busiest, typical_pk

ADMIN_EMAIL = "bench-admin@bench.invalid"


@contextmanager
def admin_person():
    """A superuser for the crawl, removed afterwards (the data set is left as it was)."""
    users = get_user_model()._default_manager
    user = users.filter(email=ADMIN_EMAIL).first() or users.create_superuser(
        ADMIN_EMAIL, password=None, first_name="Banc", last_name="d'essai"
    )
    try:
        yield user
    finally:
        user.delete()


def _target(name: str, path: str, user, variant: str, response) -> Target:
    key = f"{name} [{variant}]" if variant else name
    target = Target(key, name, path, "admin", user, variant=variant, kind="admin")
    target.expect, target.crawled = response.status_code, response.crawled
    return target


def admin_targets(crawler: Crawler, user) -> None:
    """Adds the admin's pages to the crawler's targets (problems to its problems)."""
    crawl = crawler.crawl
    site = admin.site

    def visit(name: str, path: str | None, variant: str = "") -> object:
        if path is None or (crawler.only is not None and not crawler.only(name)):
            return None
        response = crawler.get(path, user)
        key = f"{name} [{variant}]" if variant else name
        if response.status_code >= 500 or response.status_code == 404:
            crawl.problems.append(Problem(key, name, path, "admin", response.status_code))
            return None
        crawl.targets.append(_target(name, path, user, variant, response))
        return response

    visit("admin:index", reverse("admin:index", urlconf=crawler.urlconf))
    labels = sorted({model._meta.app_label for model in site._registry})
    for label in labels:
        path = reverse("admin:app_list", {"app_label": label}, urlconf=crawler.urlconf)
        visit(f"admin:app_list {label}", path)
    for model, model_admin in sorted(site._registry.items(), key=lambda i: i[0]._meta.label):
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        views = ("changelist", "add", "change", "delete")
        if crawler.only is not None and not any(crawler.only(f"{info}_{v}") for v in views):
            continue
        changelist = reverse(f"{info}_changelist", urlconf=crawler.urlconf)
        response = visit(f"{info}_changelist", changelist)
        if response is not None and response.status_code == 200:
            pages = page_count(response) or 1
            visit(f"{info}_changelist", f"{changelist}?p={deep_page(pages)}", "page 80 %")
            if model_admin.search_fields:
                searched = f"{changelist}?{urlencode({'q': crawler.search_word})}"
                found = visit(f"{info}_changelist", searched, "search")
                if found is not None and found.status_code == 200:
                    deep = deep_page(page_count(found) or 1)
                    visit(f"{info}_changelist", f"{searched}&p={deep}", "search, page 80 %")
        visit(f"{info}_add", reverse(f"{info}_add", urlconf=crawler.urlconf))
        rows = {"typical": typical_pk(model), "heaviest": the_busiest(model)}
        if rows["heaviest"] == rows["typical"]:
            rows.pop("heaviest")
        for subject, pk in rows.items():
            if pk is None:
                continue
            for view in ("change", "delete"):
                path = reverse(f"{info}_{view}", {"object_id": pk}, urlconf=crawler.urlconf)
                visit(f"{info}_{view}", path, subject)
        for field in model_admin.autocomplete_fields:
            query = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field,
                "term": crawler.search_word[:4],
            }
            path = reverse("admin:autocomplete", urlconf=crawler.urlconf)
            visit("admin:autocomplete", f"{path}?{urlencode(query)}", f"{info} {field}")
