"""The portal's search, from the header: one text, the matches of each kind the person may
see — companies, contacts, projects, the directory's organisations and schemes.

Each group uses the same search as its list (accents and case ignored, pmi_aqt/search), shows
its first matches and how many there are, and links to the list filtered by the same text.
Counts stop at `COUNT_CAP`: counting every project that mentions "usinage" would cost more
than the page; past it the page says "more than".
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Contact
from pmi_aqt.accounts.permissions import can_use_programme_pages

from .filters import matching_project_ids, search_organisations, search_schemes
from .models import PartnerOrganisation, Project, SupportScheme
from .permissions import can_view_directory, visible_projects

SHOWN = 5
COUNT_CAP = 1000


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResultGroup:
    key: str
    title: str
    count: int  # capped: COUNT_CAP + 1 means "more than COUNT_CAP"
    hits: list[Hit]
    see_all_url: str

    @property
    def more_than_cap(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


def capped_count(queryset: QuerySet) -> int:
    """The rows, counted up to COUNT_CAP + 1 (a LIMIT inside the count)."""
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


def _list_url(name: str, text: str) -> str:
    return f"{reverse(name)}?{urlencode({'q': text})}"


def _group(key, title, queryset, hit, list_name: str, text: str) -> ResultGroup:
    count = capped_count(queryset)
    # Read even when nothing was counted: the page's queries do not depend on what it finds.
    hits = [hit(row) for row in queryset[:SHOWN]]
    return ResultGroup(key, title, count, hits, _list_url(list_name, text))


def _company_hit(company: Company) -> Hit:
    return Hit(
        company.name,
        company.get_absolute_url(),
        [company.siret_display, f"{company.city} ({company.department})"],
    )


def _contact_hit(contact: Contact) -> Hit:
    details = [contact.company.name, contact.email]
    if contact.phone:
        details.append(contact.phone)
    return Hit(
        contact.full_name,
        f"{reverse('companies:detail', args=[contact.company_id])}#contacts",
        details,
    )


def _project_hit(project) -> Hit:
    details = [project.company.name, project.get_stage_display()]
    return Hit(project.title, project.get_absolute_url(), details)


def _organisation_hit(organisation: PartnerOrganisation) -> Hit:
    return Hit(
        organisation.name,
        reverse("projects:organisation_detail", args=[organisation.pk]),
        [organisation.get_kind_display()],
    )


def _scheme_hit(scheme: SupportScheme) -> Hit:
    return Hit(
        scheme.name,
        reverse("projects:scheme_detail", args=[scheme.pk]),
        [scheme.organisation.name, scheme.get_kind_display()],
    )


def _project_group(user, text: str) -> ResultGroup:
    """The first ids found by the search (its one trigram index on `Project.search_text`,
    projects/filters.py), up to what the count needs: reading stops there, so a common word
    no longer has every project that mentions it read and sorted. The newest of those are
    shown, read by id: asked as "the newest 5 among these", PostgreSQL walked every project
    from the newest. Two queries whatever is found (the crawl test compares query counts
    across data sets)."""
    first_found = matching_project_ids(text).values("pk")[: COUNT_CAP + 1]
    visible = visible_projects(user, Project.objects.filter(pk__in=first_found))
    ids = sorted(visible.order_by().values_list("pk", flat=True), reverse=True)
    # Asked even when nothing was found (id 0 is never given): Django sends no query for an
    # empty list, and the page's queries must not depend on what it finds.
    newest = ids[:SHOWN] or [0]
    shown = Project.objects.filter(pk__in=newest).select_related("company").order_by("-pk")
    hits = [_project_hit(project) for project in shown]
    return ResultGroup("projets", _("Projets"), len(ids), hits, _list_url("projects:list", text))


def search_portal(user, text: str) -> list[ResultGroup]:
    """The groups of matches of `text` the person may see, in the header's order."""
    groups = []
    if can_use_programme_pages(user):  # the companies' pages (companies/views.py)
        companies = Company.objects.search(text).order_by("name", "id")
        groups.append(
            _group("entreprises", _("Entreprises"), companies, _company_hit, "companies:list", text)
        )
        contacts = Contact.objects.search(text).select_related("company")
        groups.append(
            _group(
                "contacts", _("Contacts"), contacts, _contact_hit, "companies:contact_list", text
            )
        )
    if not visible_projects(user).query.is_empty():  # no group for those who see no project
        groups.append(_project_group(user, text))
    if can_view_directory(user):
        organisations = search_organisations(PartnerOrganisation.objects.all(), text)
        groups.append(
            _group(
                "organisations",
                _("Annuaire : organisations"),
                organisations.order_by("name", "id"),
                _organisation_hit,
                "projects:organisation_list",
                text,
            )
        )
        schemes = search_schemes(SupportScheme.objects.select_related("organisation"), text)
        groups.append(
            _group(
                "dispositifs",
                _("Annuaire : dispositifs"),
                schemes.order_by("name", "id"),
                _scheme_hit,
                "projects:scheme_list",
                text,
            )
        )
    return groups
