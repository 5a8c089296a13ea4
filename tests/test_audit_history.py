"""Every change to an audited row is kept, with its author, and shown where people look.

The forms are the real ones, posted as the role that uses them (the permission matrix's world
and payloads); the change is then found, with its author, on the manager's audit page, the
project's timeline or the company's page.
"""

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from companies.models import Company, Contact, Interaction
from pmi_aqt.accounts.models import Role, SecurityPolicy, User
from pmi_aqt.mailing.models import EmailText
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    Document,
    FinancingLine,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Project,
    Resource,
    StudentPlacement,
    SupportAction,
    SupportScheme,
    YearlyTarget,
)
from taskforce.models import AgendaItem, TaskforceMembership

from . import test_permission_matrix as matrix
from .factories import CompanyFactory, ProjectFactory, UserFactory
from .test_permission_matrix import _PREFERRED_ACTOR, PAGES, _client_for

world = matrix.world  # the matrix's world of companies, projects, sessions and people

pytestmark = pytest.mark.django_db

# Each form of the portal that writes an audited row, and the row's model.
AUDITED_FORMS = {
    "companies:create": Company,
    "companies:edit": Company,
    "companies:contact_create": Contact,
    "companies:contact_edit": Contact,
    "companies:interaction_create": Interaction,
    "companies:next_step_done": Interaction,
    "projects:move": Project,
    "projects:diagnosis": Project,
    "projects:need_create": Need,
    "projects:need_edit": Need,
    "projects:need_delete": Need,
    "projects:organisation_create": PartnerOrganisation,
    "projects:organisation_edit": PartnerOrganisation,
    "projects:organisation_deactivate": PartnerOrganisation,
    "projects:scheme_edit": SupportScheme,
    "projects:scheme_deactivate": SupportScheme,
    "projects:resource_add": Resource,
    "projects:resource_edit": Resource,
    "projects:financing_line_create": FinancingLine,
    "projects:financing_line_edit": FinancingLine,
    "projects:financing_line_delete": FinancingLine,
    "projects:document_upload": Document,
    "projects:document_delete": Document,
    "projects:support_action_create": SupportAction,
    "projects:support_action_edit": SupportAction,
    "projects:support_action_delete": SupportAction,
    "projects:placement_create": StudentPlacement,
    "projects:placement_edit": StudentPlacement,
    "projects:placement_delete": StudentPlacement,
    "projects:collective_action_create": CollectiveAction,
    "projects:collective_action_edit": CollectiveAction,
    "projects:collective_participant_add": CollectiveParticipation,
    "projects:collective_participant_edit": CollectiveParticipation,
    "projects:collective_participant_remove": CollectiveParticipation,
    "projects:target_create": YearlyTarget,
    "projects:target_edit": YearlyTarget,
    "taskforce:decision": AgendaItem,
    "mailing:text_edit": EmailText,
    "accounts:security_policy": SecurityPolicy,
    "accounts:two_factor_reset": TOTPDevice,
    "projects:contact_anonymise": Contact,
    "projects:contact_delete": Contact,
    "projects:user_anonymise": User,
    "projects:resource_confirm": Resource,
    "taskforce:agenda_item_remove": AgendaItem,
}


# What the matrix does not send (it posts empty edit forms): the form as shown, with one change.
EDITS = {
    "companies:edit": {"city": "Bayonne"},
    "companies:contact_edit": {"job_title": "Directrice technique"},
    "projects:need_edit": {"title": "Un besoin reformulé"},
    "projects:organisation_edit": {"description": "Une description revue"},
    "projects:resource_edit": {"notes": "Relancer le financeur en mars."},
    "projects:scheme_edit": {"name": "Un dispositif renommé"},
    "projects:financing_line_edit": {"amount_obtained": "12345", "status": "granted"},
    "projects:support_action_edit": {"title": "Une action renommée"},
    "projects:target_edit": {"companies_target": "77"},
    "mailing:text_edit": {"subject": "Un nouvel objet"},
    "taskforce:decision": {
        "outcome": "rejected",
        "rationale": "Hors du champ du programme.",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    },
}


def _as_post_value(value):
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def form_as_shown(client, url: str, changes: dict) -> dict:
    """The form the page shows, filled as it is shown, with `changes` typed in."""
    form = client.get(url).context["form"]
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value == "":
            continue
        value = _as_post_value(value)
        if value is not None:
            data[bound.html_name] = value
    data.update(
        {
            (name if name.startswith("actions-") else form.add_prefix(name)): value
            for name, value in changes.items()
        }
    )
    return data


@pytest.mark.parametrize("name", sorted(AUDITED_FORMS))
def test_each_form_leaves_its_change_with_its_author_on_the_audit_page(client, world, name):
    page = PAGES[name]
    role = next(r for r in _PREFERRED_ACTOR if r in page.allowed)
    author = world.users[role]
    _client_for(client, world, role)
    if page.prepare:
        page.prepare(client, world)
    already = set(LogEntry.objects.values_list("pk", flat=True))

    url = page.url(world, role)
    if name in EDITS:
        data = form_as_shown(client, url, EDITS[name])
    else:
        data = page.post(world) if page.post else {}
    response = client.post(url, data)

    assert response.status_code < 400, response.status_code
    if response.status_code == 200 and response.context and "form" in response.context:
        assert not response.context["form"].errors, response.context["form"].errors
    model = AUDITED_FORMS[name]
    written = LogEntry.objects.exclude(pk__in=already).filter(
        content_type__model=model._meta.model_name, content_type__app_label=model._meta.app_label
    )
    assert written.exists(), f"{name} wrote no history entry for {model.__name__}"
    assert {entry.actor_id for entry in written} == {author.pk}
    # The manager finds it, with its author, on the audit page (with no second factor to set
    # up first, when the change was to require one).
    SecurityPolicy.objects.update(two_factor_roles=[])
    client.force_login(world.users["manager"])
    entry = written.latest("pk")
    listing = client.get(reverse("audit:log"), {"person": author.pk})
    assert f'id="modification-{entry.pk}"' in listing.text
    assert f"Par {author}," in listing.text
    # And on the timeline of what it belongs to: the project's, or the company's page.
    timeline = timeline_of(entry)
    if timeline is not None:
        url, anchor = timeline
        assert f'id="{anchor}-{entry.pk}"' in client.get(url).text, url


def timeline_of(entry: LogEntry) -> tuple[str, str] | None:
    """The page showing `entry` on a timeline, and its anchor's prefix there (None: only the
    audit page shows it, as for the settings and accounts)."""
    scope = entry.additional_data or {}
    if scope.get("project") and Project.objects.filter(pk=scope["project"]).exists():
        return (
            reverse("projects:detail", args=[scope["project"]]),
            "historique-modification",
        )
    if scope.get("company") and Company.objects.filter(pk=scope["company"]).exists():
        return reverse("companies:detail", args=[scope["company"]]), "modification"
    if scope.get("scheme") and SupportScheme.objects.filter(pk=scope["scheme"]).exists():
        return reverse("projects:scheme_detail", args=[scope["scheme"]]), "modification"
    if scope.get("organisation"):
        return reverse("projects:organisation_detail", args=[scope["organisation"]]), (
            "modification"
        )
    return None


def test_the_project_timeline_shows_a_financing_change_field_by_field_with_its_author(
    client, finance_officer
):
    project = ProjectFactory(budget=Decimal("100000"))
    line = FinancingLine.objects.create(
        project=project,
        source_label="Région Nouvelle-Aquitaine",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("60000"),
        status=FinancingLine.Status.REQUESTED,
    )
    client.force_login(finance_officer)
    response = client.post(
        reverse("projects:financing_line_edit", args=[project.pk, line.pk]),
        {
            "scheme": "",
            "source_label": "Région Nouvelle-Aquitaine",
            "kind": "grant",
            "amount_asked": "60000",
            "amount_obtained": "55000",
            "status": "granted",
        },
    )
    assert response.status_code == 302

    page = client.get(project.get_absolute_url()).text
    assert "Modification — Ligne de financement : " in page
    assert f"Par {finance_officer}," in page
    assert "Statut : Demandé → Obtenu" in page
    assert "→ 55000" in page


def test_the_company_page_shows_who_changed_its_record_and_how(client, officer):
    company = CompanyFactory(name="Usinage Lemoine", city="Pau")
    client.force_login(officer)
    data = {
        field: value
        for field, value in Company.objects.filter(pk=company.pk).values()[0].items()
        if value is not None
    }
    from companies.forms import CompanyForm

    form_data = {name: data.get(name, "") for name in CompanyForm.base_fields}
    form_data["city"] = "Bayonne"
    form_data = {k: ("on" if v is True else v) for k, v in form_data.items() if v is not False}
    response = client.post(reverse("companies:edit", args=[company.pk]), form_data)
    assert response.status_code == 302, response.context["form"].errors

    page = client.get(reverse("companies:detail", args=[company.pk])).text
    assert "Modification — Entreprise : Usinage Lemoine" in page
    assert f"Par {officer}," in page
    assert "Commune : Pau → Bayonne" in page


def test_a_project_row_is_not_on_the_company_page_but_on_the_project_timeline(client, officer):
    project = ProjectFactory(officer=officer)
    with set_actor(officer):
        Need.objects.create(
            project=project, axis=InterventionAxis.objects.first(), title="Un besoin"
        )
    client.force_login(officer)
    company_page = client.get(reverse("companies:detail", args=[project.company_id])).text
    project_page = client.get(project.get_absolute_url()).text
    assert "Création — Besoin" not in company_page
    assert "Création — Besoin" in project_page


def test_the_project_timeline_keeps_a_fixed_number_of_queries(
    client, officer, django_assert_num_queries
):

    project = ProjectFactory(officer=officer)
    # One of each row first: the page reads some sections only when they have rows.
    Need.objects.create(project=project, axis=InterventionAxis.objects.first(), title="Un")
    FinancingLine.objects.create(
        project=project, kind=FinancingLine.Kind.GRANT, source_label="Région", amount_asked=1
    )
    client.force_login(officer)
    client.get(project.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(project.get_absolute_url())
    with set_actor(officer):
        for amount in range(1, 8):
            FinancingLine.objects.create(
                project=project,
                kind=FinancingLine.Kind.GRANT,
                source_label=f"Source {amount}",
                amount_asked=Decimal(amount * 1000),
            )
            Need.objects.create(project=project, axis=InterventionAxis.objects.first(), title="x")
    with CaptureQueriesContext(connection) as many:
        client.get(project.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries), (
        "\n".join(q["sql"][:150] for q in many.captured_queries)
        + "\n-----\n"
        + "\n".join(q["sql"][:150] for q in few.captured_queries)
    )


def test_roles_given_to_a_person_are_kept_with_who_gave_them(client, manager):
    person = UserFactory(first_name="Inès", last_name="Roux")
    with set_actor(manager):  # what the admin's user form does with its groups field
        person.groups.add(Group.objects.get(name=Role.TASKFORCE_MEMBER))
    entry = LogEntry.objects.get_for_object(person).latest("pk")
    assert entry.actor == manager
    client.force_login(manager)
    page = client.get(reverse("audit:log"), {"person": manager.pk}).text
    assert "Inès Roux" in page
    assert Role.TASKFORCE_MEMBER in page


def test_secrets_never_enter_a_diff(manager):
    person = UserFactory()
    with set_actor(manager):
        person.set_password("Un-nouveau-mot-de-passe-42")
        person.save()
        device = TOTPDevice.objects.create(user=person, name="téléphone", confirmed=True)
    diffs = " ".join(str(entry.changes) for entry in LogEntry.objects.filter(actor=manager))
    assert person.password not in diffs
    assert device.key not in diffs
    assert "password" not in diffs


def test_the_manager_resetting_someones_second_factor_says_who_reset_whose(client, manager):
    person = UserFactory(first_name="Paul", last_name="Marchand", roles=[Role.OFFICER])
    TOTPDevice.objects.create(user=person, name="téléphone", confirmed=True)
    client.force_login(manager)
    response = client.post(reverse("accounts:two_factor_reset", args=[person.pk]))
    assert response.status_code == 302
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.DELETE, content_type__model="totpdevice"
    ).latest("pk")
    assert entry.actor == manager
    page = client.get(reverse("audit:log"), {"person": manager.pk}).text
    assert "Suppression — Appareil TOTP" in page or "Suppression" in page
    assert "Paul Marchand" in page


def test_a_change_made_by_a_background_job_is_signed_systeme(client, manager):
    project = ProjectFactory()
    Project.objects.get(pk=project.pk).save()  # as a Celery task or a command would
    Need.objects.create(project=project, axis=InterventionAxis.objects.first(), title="Sans auteur")
    client.force_login(manager)
    page = client.get(project.get_absolute_url()).text
    assert "Par système," in page


def test_the_audit_page_filters_by_object_type_and_dates(client, manager, officer):
    with set_actor(officer):
        company = CompanyFactory(name="Fonderie Arrats")
        ProjectFactory(company=company)
    client.force_login(manager)
    from django.contrib.contenttypes.models import ContentType

    company_type = ContentType.objects.get_for_model(Company)
    only_companies = client.get(reverse("audit:log"), {"object_type": company_type.pk}).text
    assert "Entreprise : Fonderie Arrats" in only_companies
    assert "Création — Projet" not in only_companies
    past = client.get(reverse("audit:log"), {"date_from": "2001-01-01", "date_to": "2001-01-31"})
    assert "Fonderie Arrats" not in past.text
    backwards = client.get(
        reverse("audit:log"), {"date_from": "2001-02-01", "date_to": "2001-01-01"}
    )
    assert "La date de fin doit suivre la date de début." in backwards.text


def test_the_audit_page_pages_by_id(client, manager, settings):
    from pmi_aqt.audit import views

    with set_actor(manager):
        for number in range(views.ENTRIES_PER_PAGE + 5):
            PartnerOrganisation.objects.create(name=f"Organisation {number:03d}")
    client.force_login(manager)
    first = client.get(reverse("audit:log"))
    older = first.context["older"]
    assert older is not None
    second = client.get(reverse("audit:log"), {"avant": older})
    assert "Organisation 000" in second.text
    assert "Organisation 000" not in first.text


def test_the_management_commands_run_without_an_author(manager):
    call_command("check")
    assert not LogEntry.objects.filter(actor=manager).exists()


# --- What the portal's own pages do not write: the technical admin's forms (users, roles,
# task-force seats) and the backup codes.


@pytest.fixture
def admin_manager(db):
    """The programme manager with the technical admin (can_use_admin)."""
    return UserFactory(
        email="technique@pmi-aqt.test", roles=[Role.MANAGER], is_staff=True, is_superuser=True
    )


def admin_form_as_shown(client, url: str, changes: dict) -> dict:
    """An admin change form as it is shown, with `changes` typed in (as form_as_shown)."""
    form = client.get(url).context["adminform"].form
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple) and bound.name in {"last_login", "date_joined"}:
            continue
        value = _as_post_value(value)
        if value is not None:
            data[bound.html_name] = value
    for field in ("last_login", "date_joined"):
        if field in form.fields:
            moment = getattr(form.instance, field)
            if moment is not None:
                data[f"{field}_0"] = moment.date().isoformat()
                data[f"{field}_1"] = moment.time().replace(microsecond=0).isoformat()
    data.update(changes)
    return data


def _on_the_audit_page(client, manager, author, model) -> LogEntry:
    entry = (
        LogEntry.objects.filter(
            actor=author,
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
        .order_by("pk")
        .last()
    )
    assert entry is not None, f"no history entry for {model.__name__} by {author}"
    client.force_login(manager)
    listing = client.get(reverse("audit:log"), {"person": author.pk}).text
    assert f'id="modification-{entry.pk}"' in listing
    assert f"Par {author}," in listing
    return entry


def test_creating_a_user_and_giving_them_a_role_in_the_admin_is_kept_with_its_author(
    client, admin_manager
):
    client.force_login(admin_manager)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nouvelle.recrue@pmi-aqt.test",
            "usable_password": "true",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(email="nouvelle.recrue@pmi-aqt.test")
    created = _on_the_audit_page(client, admin_manager, admin_manager, User)
    assert created.action == LogEntry.Action.CREATE and created.object_id == person.pk

    client.force_login(admin_manager)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    officers = Group.objects.get(name=Role.OFFICER)
    response = client.post(
        url, admin_form_as_shown(client, url, {"last_name": "Recrue", "groups": [officers.pk]})
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    diffs = LogEntry.objects.get_for_object(person).filter(actor=admin_manager)
    assert any("last_name" in (entry.changes_dict or {}) for entry in diffs)
    assert any(Role.OFFICER in str((entry.changes_dict or {}).get("groups", "")) for entry in diffs)
    page = client.get(reverse("audit:log"), {"person": admin_manager.pk}).text
    assert "Recrue" in page and Role.OFFICER in page


def test_changing_what_a_role_may_do_in_the_admin_is_kept_with_its_author(client, admin_manager):
    from django.contrib.auth.models import Permission

    client.force_login(admin_manager)
    group = Group.objects.get(name=Role.FINANCE_OFFICER)
    url = reverse("admin:auth_group_change", args=[group.pk])
    permission = Permission.objects.get(codename="view_company")
    response = client.post(
        url, admin_form_as_shown(client, url, {"permissions": [str(permission.pk)]})
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = _on_the_audit_page(client, admin_manager, admin_manager, Group)
    assert entry.object_id == group.pk


def test_seating_someone_on_the_task_force_in_the_admin_is_kept_with_its_author(
    client, admin_manager, member
):
    organisation = PartnerOrganisation.objects.create(name="Bpifrance")
    client.force_login(admin_manager)
    response = client.post(
        reverse("admin:taskforce_taskforcemembership_add"),
        {"user": member.pk, "organisation": organisation.pk, "is_active": "on"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    seat = TaskforceMembership.objects.get(user=member)
    entry = _on_the_audit_page(client, admin_manager, admin_manager, TaskforceMembership)
    assert entry.object_id == seat.pk and entry.action == LogEntry.Action.CREATE


def test_renewing_ones_backup_codes_is_kept_with_its_author(client, officer, manager):
    from .test_two_factor_setup import log_in_verified, turn_on

    device, codes = turn_on(officer)
    log_in_verified(client, officer, device)
    response = client.post(reverse("accounts:backup_codes_renew"), {"regenerate-code": codes[0]})
    assert response.status_code == 302
    from django_otp.plugins.otp_static.models import StaticDevice

    entry = _on_the_audit_page(client, manager, officer, StaticDevice)
    assert entry.action == LogEntry.Action.UPDATE
    assert not any(code in str(entry.changes) for code in codes)


# Audited models whose change through a real form is proven by a test elsewhere than
# AUDITED_FORMS: the test's module and name.
PROVEN_ELSEWHERE = {
    "accounts.User": (
        "test_audit_history",
        "test_creating_a_user_and_giving_them_a_role_in_the_admin_is_kept_with_its_author",
    ),
    "auth.Group": (
        "test_audit_history",
        "test_changing_what_a_role_may_do_in_the_admin_is_kept_with_its_author",
    ),
    "taskforce.TaskforceMembership": (
        "test_audit_history",
        "test_seating_someone_on_the_task_force_in_the_admin_is_kept_with_its_author",
    ),
    "otp_static.StaticDevice": (
        "test_audit_history",
        "test_renewing_ones_backup_codes_is_kept_with_its_author",
    ),
    "projects.SupportScheme": (
        "test_directory_history",
        "test_a_scheme_page_shows_who_created_and_changed_it_and_its_calls",
    ),
    "projects.SchemeCall": (
        "test_directory_history",
        "test_a_scheme_page_shows_who_created_and_changed_it_and_its_calls",
    ),
}

# Every kind of row the issue names, by the model that holds it.
PROMISED = {
    "companies.Company",
    "companies.Contact",
    "companies.Interaction",  # exchanges
    "projects.Project",
    "projects.Need",
    "projects.Resource",
    "projects.FinancingLine",
    "projects.Document",
    "taskforce.AgendaItem",  # decisions
    "projects.SupportAction",
    "projects.StudentPlacement",
    "projects.PartnerOrganisation",  # the directory
    "projects.SupportScheme",
    "projects.SchemeCall",
    "accounts.User",
    "auth.Group",  # roles
    "taskforce.TaskforceMembership",
    "projects.YearlyTarget",  # settings
    "mailing.EmailText",
    "accounts.SecurityPolicy",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
}


def test_every_promised_model_is_audited_and_each_audited_model_has_a_form_test():
    import importlib

    from auditlog.registry import auditlog

    registered = {model._meta.label for model in auditlog.get_models()}
    assert registered >= PROMISED, f"not audited: {sorted(PROMISED - registered)}"
    through_forms = {model._meta.label for model in AUDITED_FORMS.values()}
    untested = registered - through_forms - set(PROVEN_ELSEWHERE)
    assert not untested, f"audited but changed by no test through a real form: {untested}"
    for label, (module, name) in PROVEN_ELSEWHERE.items():
        assert hasattr(importlib.import_module(f"tests.{module}"), name), (label, name)
