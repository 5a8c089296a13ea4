"""What an email is about: a generic link (mailing holds no foreign key to the domain), read
back in a known number of queries; and mailing's place below the apps that send email."""

import ast
import dataclasses
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

import pmi_aqt.mailing
from pmi_aqt.mailing import kinds, services
from pmi_aqt.mailing.models import OutboundEmail
from projects.services.pipeline import project_timeline

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"first_name": "Claire", "project_title": "Robotisation", "link": "https://x/"}


def queue(key: str, regarding=None) -> OutboundEmail:
    return services.email_queue(
        key=key, kind="company_link", to="claire@forges.example", context=CONTEXT,
        regarding=regarding,
    )  # fmt: skip


def test_an_email_regards_its_project_and_is_found_from_it_only(django_capture_on_commit_callbacks):
    project, other = ProjectFactory(), ProjectFactory()
    company = project.company
    with django_capture_on_commit_callbacks(execute=False):
        about_project = queue("r:project", regarding=project)
        about_other = queue("r:other", regarding=other)
        about_company = queue("r:company", regarding=company)
        about_nothing = queue("r:none")

    assert OutboundEmail.objects.get(pk=about_project.pk).regarding == project
    assert list(OutboundEmail.objects.regarding(project)) == [about_project]
    assert list(OutboundEmail.objects.regarding(other)) == [about_other]
    assert list(OutboundEmail.objects.regarding(company)) == [about_company]
    assert OutboundEmail.objects.get(pk=about_nothing.pk).regarding is None


def test_a_company_and_a_project_with_the_same_id_keep_their_own_emails(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    company = CompanyFactory()
    with django_capture_on_commit_callbacks(execute=False):
        queue("same:project", regarding=project)
        queue("same:company", regarding=company)
    company_type = ContentType.objects.get_for_model(company)
    OutboundEmail.objects.filter(key="same:company").update(regarding_id=project.pk)
    company.pk = project.pk  # an unsaved stand-in with the project's id

    assert [e.key for e in OutboundEmail.objects.regarding(project)] == ["same:project"]
    assert [e.key for e in OutboundEmail.objects.regarding(company)] == ["same:company"]
    assert OutboundEmail.objects.get(key="same:company").regarding_type == company_type


def test_the_timeline_reads_the_emails_in_one_query_even_with_a_cold_type_cache(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=False):
        queue("t:1", regarding=project)
    ContentType.objects.clear_cache()
    # stage changes, exchanges, notes, documents, financing changes, collective actions, emails,
    # the history of changes
    with django_assert_num_queries(8):
        entries = project_timeline(project)
    assert [entry.item.key for entry in entries if entry.kind == "email"] == ["t:1"]


def test_an_unregistered_kind_is_refused_before_anything_is_recorded():
    with pytest.raises(LookupError, match="inconnu"):
        services.email_queue(key="x", kind="inconnu", to="a@b.example", context={})
    assert not OutboundEmail.objects.exists()


def test_two_kinds_cannot_share_a_code():
    twin = dataclasses.replace(kinds.get("decision"), label="Autre")
    with pytest.raises(ImproperlyConfigured, match="decision"):
        kinds.register([twin])
    kinds.register([kinds.get("decision")])  # the same kind again changes nothing
    assert kinds.get("decision").label != "Autre"


def test_an_old_email_of_a_kind_no_app_registers_keeps_its_code_and_goes_as_essential():
    email = OutboundEmail(kind="ancien_type")
    assert email.kind_label == "ancien_type"
    assert email.is_essential


# --- Mailing stands below the apps that send email


MAILING = Path(pmi_aqt.mailing.__file__).parent
DOMAIN_APPS = {"companies", "projects", "taskforce"}


def imports_of(path: Path) -> set[str]:
    """The modules a file imports, relative ones resolved within pmi_aqt.mailing."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = "pmi_aqt.mailing" + (f".{base}" if base else "")
                names |= {f"{base}.{alias.name}" for alias in node.names}
            names.add(base)
    return names


def mailing_sources() -> list[Path]:
    return [p for p in MAILING.rglob("*.py") if "migrations" not in p.parts]


def test_mailing_imports_none_of_the_domain_apps():
    for path in mailing_sources():
        domain = {name for name in imports_of(path) if name.split(".")[0] in DOMAIN_APPS}
        assert not domain, f"{path.relative_to(MAILING)} imports {sorted(domain)}"


def test_mailing_s_modules_import_each_other_without_a_circle():
    modules = {f"pmi_aqt.mailing.{p.stem}": p for p in MAILING.glob("*.py")}
    graph = {
        name: {imported for imported in imports_of(path) if imported in modules} - {name}
        for name, path in modules.items()
    }

    def reaches(start: str, target: str, seen: set) -> bool:
        for following in graph[start]:
            if following == target or (
                following not in seen and reaches(following, target, seen | {following})
            ):
                return True
        return False

    circles = sorted(name for name in graph if reaches(name, name, {name}))
    assert not circles, f"import circle through {circles}"
    # Tasks call the delivery; only the queue, below the services, calls the tasks.
    assert not reaches("pmi_aqt.mailing.tasks", "pmi_aqt.mailing.services", set())
