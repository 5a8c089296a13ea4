"""The session form's members in a browser: found by typing, taken from the suggestions with
the keyboard alone, shown as ticked boxes (chips) that unticking removes, and the page passes
the accessibility checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pmi_aqt.accounts.models import Role
from taskforce.models import Session

from .browser import blocking_violations
from .factories import UserFactory
from .test_browser_pipeline import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_calls_members_with_the_keyboard_and_removes_one(live_server, page):
    officer = UserFactory(email="claire.dubreuil@pmi-aqt.test", roles=[Role.OFFICER])
    anne, luc = (
        UserFactory(first_name=first, last_name=last, roles=[Role.TASKFORCE_MEMBER])
        for first, last in (("Anne", "Berthet"), ("Luc", "Moreau"))
    )
    log_in(page, live_server, officer.email)
    page.goto(live_server.url + reverse("taskforce:session_create"))
    page.get_by_label("Date").fill("2030-03-12")
    page.get_by_label("Heure").fill("09:30")
    page.get_by_label("Lieu").fill("Mérignac")
    search = page.get_by_label("Membres convoqués")

    for member in (anne, luc):
        # One suggestion offered: Enter takes it (the form is not sent).
        search.fill(member.last_name.lower())
        page.locator(
            f'#id_members-suggestions option[value$=" — {member.get_full_name()}"]'
        ).wait_for(state="attached")
        search.press("Enter")
        expect(page.get_by_role("checkbox", name=member.get_full_name())).to_be_checked()
        expect(page.get_by_role("status")).to_contain_text(member.get_full_name())
        expect(search).to_have_value("")
    assert blocking_violations(page) == []

    page.get_by_role("checkbox", name=anne.get_full_name()).uncheck()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La séance est enregistrée.").wait_for()

    assert list(Session.objects.get().members.all()) == [luc]
