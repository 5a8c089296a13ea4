"""The programme manager can require two-factor authentication per role: each of the staff's
roles, and the task force's members."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmi_aqt.accounts.models import STAFF_ROLES, Role, SecurityPolicy

from .factories import UserFactory
from .test_two_factor_setup import log_in_verified, turn_on

pytestmark = pytest.mark.django_db

POLICY_URL = reverse("accounts:security_policy")
SETUP_URL = reverse("accounts:two_factor_setup")


ALL_STAFF = sorted(STAFF_ROLES)


def require_for(*roles: str) -> None:
    SecurityPolicy.objects.update_or_create(
        pk=SecurityPolicy.SINGLETON_PK, defaults={"two_factor_roles": list(roles)}
    )


@pytest.fixture
def required(db):
    require_for(*ALL_STAFF)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def pages_that_need_a_login() -> list[str]:
    """Every URL of the project that needs a login, with made-up arguments."""
    urls = []
    for route, view in _walk(get_resolver().url_patterns):
        if route.startswith("^") or route.startswith("admin/"):
            continue  # The admin's regex routes: covered by one test of their own.
        if not getattr(view, "login_required", True) or hasattr(view, "two_factor_allowed"):
            continue
        urls.append(
            "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m[1] == "int" else "x", route)
        )
    return urls


def test_the_walk_finds_the_staff_pages():
    urls = pages_that_need_a_login()
    assert reverse("projects:portfolio") in urls
    assert reverse("companies:list") in urls
    assert reverse("taskforce:workspace") in urls
    assert POLICY_URL in urls
    assert reverse("projects:intake") not in urls
    assert SETUP_URL not in urls


@pytest.mark.parametrize(
    "fixture_name", ["officer", "finance_officer", "member", "company_user", "no_role_user"]
)
def test_the_policy_page_is_for_the_programme_manager_only(as_user, client, fixture_name):
    as_user(fixture_name)
    assert client.get(POLICY_URL).status_code == 403
    assert client.post(POLICY_URL, {"two_factor_roles": ALL_STAFF}).status_code == 403
    assert SecurityPolicy.load().two_factor_roles == []


def test_anonymous_visitors_are_sent_to_login_from_the_policy_page(client):
    response = client.get(POLICY_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_policy_page_has_a_labelled_checkbox_per_role(client, manager):
    client.force_login(manager)
    response = client.get(POLICY_URL)
    assert response.status_code == 200
    for role in [Role.OFFICER, Role.FINANCE_OFFICER, Role.TASKFORCE_MEMBER, Role.MANAGER]:
        match = re.search(
            rf'<input type="checkbox"[^>]*name="two_factor_roles" value="{role.value}"'
            r'[^>]*id="(id_two_factor_roles_\d+)"',
            response.text,
        )
        assert match, role
        assert re.search(rf'<label\s+for="{match[1]}"', response.text)
    assert f'value="{Role.COMPANY_CONTACT.value}"' not in response.text


def test_an_unknown_role_is_refused_on_the_form(client, manager):
    client.force_login(manager)
    response = client.post(POLICY_URL, {"two_factor_roles": ["company_contact"]})
    assert response.status_code == 200
    (message,) = response.context["form"].errors["two_factor_roles"]
    assert "company_contact" in message and "choix" in message  # in French, on the form
    assert SecurityPolicy.load().two_factor_roles == []


def test_the_manager_requires_two_factor_for_staff(client, manager):
    client.force_login(manager)
    response = client.post(POLICY_URL, {"two_factor_roles": ALL_STAFF})
    assert response.status_code == 302
    policy = SecurityPolicy.load()
    assert sorted(policy.two_factor_roles) == ALL_STAFF
    assert policy.updated_by == manager
    # The manager is staff too: their next page is the setup.
    following = client.get(response.url)
    assert following.status_code == 302 and following.url.startswith(SETUP_URL)


def test_the_manager_turns_the_requirement_off_again(client, manager, required):
    device, _codes = turn_on(manager)
    log_in_verified(client, manager, device)
    response = client.post(POLICY_URL, {})
    assert response.status_code == 302
    assert SecurityPolicy.load().two_factor_roles == []


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer"])
def test_when_required_staff_without_device_are_sent_to_setup_from_every_page(
    as_user, client, required, fixture_name
):
    as_user(fixture_name)
    for url in pages_that_need_a_login():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SETUP_URL), url
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(SETUP_URL)


def test_when_required_a_password_login_leads_straight_to_setup(client, officer, required):
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.email, "password": "motdepasse-de-test"},
    )
    assert response.status_code == 302 and response.url.startswith(SETUP_URL)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Le responsable du programme demande aux personnes de votre rôle" in page.text
    # The menu offers nothing that would not open; the security page and logout do open.
    assert reverse("projects:portfolio") not in page.text
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_when_required_the_officer_who_sets_it_up_goes_on_to_the_page_asked_for(
    client, officer, required
):
    from .test_two_factor_setup import code_for

    client.force_login(officer)
    to_setup = client.get(reverse("companies:list"))
    client.get(to_setup.url)
    key = client.session["two_factor_setup_key"]
    done = client.post(to_setup.url, {"code": code_for(key), "next": reverse("companies:list")})
    codes_page = client.get(done.url)
    assert f'href="{reverse("companies:list")}"' in codes_page.text
    assert client.get(reverse("companies:list")).status_code == 200


def test_when_required_staff_with_a_device_are_asked_their_code_not_the_setup(
    client, officer, required
):
    turn_on(officer)
    client.force_login(officer)
    response = client.get(reverse("projects:portfolio"))
    assert response.url.startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.parametrize(
    ("fixture_name", "url_name"),
    [
        ("member", "taskforce:workspace"),
        ("company_user", "projects:company_home"),
        ("no_role_user", "accounts:no_role"),
    ],
)
def test_when_required_people_outside_the_staff_are_unaffected(
    as_user, client, required, fixture_name, url_name
):
    as_user(fixture_name)
    assert client.get(reverse(url_name)).status_code == 200


def test_when_required_public_pages_stay_open_to_companies(client, required):
    assert client.get(reverse("projects:intake")).status_code == 200


def test_when_not_required_staff_without_device_use_the_portal_as_before(as_user, client):
    for fixture_name in ["officer", "finance_officer", "manager"]:
        as_user(fixture_name)
        assert client.get(reverse("projects:portfolio")).status_code == 200
        client.logout()


def test_the_manager_sees_who_has_it_and_resets_someone_who_lost_everything(
    client, manager, officer, member
):
    turn_on(member)
    client.force_login(manager)
    page = client.get(POLICY_URL).text
    assert officer.email in page and member.email in page
    reset_url = reverse("accounts:two_factor_reset", args=[member.pk])
    assert reset_url in page
    assert reverse("accounts:two_factor_reset", args=[officer.pk]) not in page

    response = client.post(reset_url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "member", "company_user"])
def test_only_the_manager_resets_someone_elses_two_factor(
    as_user, client, other_officer, fixture_name
):
    turn_on(other_officer)
    as_user(fixture_name)
    response = client.post(reverse("accounts:two_factor_reset", args=[other_officer.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=other_officer).exists()


def test_resetting_only_accepts_post_and_not_for_oneself(client, manager, member):
    device, _codes = turn_on(manager)
    turn_on(member)
    log_in_verified(client, manager, device)
    assert client.get(reverse("accounts:two_factor_reset", args=[member.pk])).status_code == 405
    client.post(reverse("accounts:two_factor_reset", args=[manager.pk]))
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_when_required_for_the_task_force_its_members_are_sent_to_setup(as_user, client):
    require_for(Role.TASKFORCE_MEMBER)
    as_user("member")
    response = client.get(reverse("taskforce:workspace"))
    assert response.status_code == 302 and response.url.startswith(SETUP_URL)
    assert client.get(SETUP_URL).status_code == 200


def test_required_for_one_role_leaves_the_others_free(as_user, client):
    require_for(Role.FINANCE_OFFICER)
    as_user("officer")
    assert client.get(reverse("projects:portfolio")).status_code == 200
    client.logout()
    as_user("finance_officer")
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and response.url.startswith(SETUP_URL)


def test_the_manager_requires_it_for_the_task_force_from_the_page(client, manager, member):
    client.force_login(manager)
    response = client.post(POLICY_URL, {"two_factor_roles": [Role.TASKFORCE_MEMBER]})
    assert response.status_code == 302
    assert SecurityPolicy.load().two_factor_roles == [Role.TASKFORCE_MEMBER]
    # The manager holds no role required: they go on as before.
    assert client.get(POLICY_URL).status_code == 200
    client.force_login(member)
    assert client.get(reverse("taskforce:workspace")).url.startswith(SETUP_URL)


def test_a_managers_reset_of_someones_second_factor_is_in_the_audit_trail(client, manager, member):
    turn_on(member)
    client.force_login(manager)
    client.post(reverse("accounts:two_factor_reset", args=[member.pk]))
    page = client.get(reverse("audit:log"), {"person": manager.pk}).text
    assert "Suppression — " in page
    assert f"Par {manager}," in page
    assert str(member) in page


# --- The list of people, by pages, with a search


def members(count: int, surname: str = "Etcheverry") -> list:
    return [
        UserFactory(
            email=f"{surname.lower()}{n:03}@partner.test",
            first_name="Amaia",
            last_name=f"{surname} {n:03}",
            roles=[Role.TASKFORCE_MEMBER],
        )
        for n in range(count)
    ]


def listed_people(response) -> list[str]:
    return [person.email for person in response.context["page_obj"]]


def test_the_people_are_listed_fifty_a_page_by_name(client, manager):
    people = members(60)
    client.force_login(manager)

    first = client.get(POLICY_URL)
    second = client.get(POLICY_URL, {"page": 2})

    assert [len(listed_people(first)), len(listed_people(second))] == [50, 11]
    everyone = {person.email for person in people} | {manager.email}
    assert set(listed_people(first) + listed_people(second)) == everyone
    assert "61 personnes" in first.text
    assert "Page 1 sur 2" in first.text


def test_the_page_costs_the_same_queries_for_few_or_many_people(client, manager):
    members(3)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as few:
        client.get(POLICY_URL)
    for person in members(80, surname="Lafitte"):
        turn_on(person)
    with CaptureQueriesContext(connection) as many:
        response = client.get(POLICY_URL, {"page": 2})

    assert response.context["page_obj"].number == 2
    assert len(many) == len(few)


def test_the_manager_finds_a_person_by_name_or_address(client, manager, officer):
    members(40)
    [searched] = members(1, surname="Ithurralde")
    client.force_login(manager)

    by_name = client.get(POLICY_URL, {"q": "ithurr"})
    by_address = client.get(POLICY_URL, {"q": officer.email.upper()})

    assert listed_people(by_name) == [searched.email]
    assert "1 personne" in by_name.text
    assert listed_people(by_address) == [officer.email]


def test_a_search_the_database_could_not_take_says_why_instead_of_failing(client, manager):
    members(3)
    client.force_login(manager)

    response = client.get(POLICY_URL, {"q": "nul\x00"})

    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in response.text
    assert len(listed_people(response)) == 4  # the search is left out


def test_the_people_list_leaves_out_companies_and_inactive_accounts(client, manager, company_user):
    [gone] = members(1, surname="Parti")
    gone.is_active = False
    gone.save()
    client.force_login(manager)

    emails = listed_people(client.get(POLICY_URL))

    assert company_user.email not in emails and gone.email not in emails
