"""`manage.py load_demo` on an empty database (the demo's other tests share one loaded demo, in
test_demo_data.py; these run apart from it, on whichever test process is free)."""

import pytest
from django.core.management import CommandError
from django.db import transaction

from companies.models import Company
from pmi_aqt.accounts.models import User
from pmi_aqt.mailing.models import OutboundEmail
from projects.matching.history import UncommittedHistory
from projects.matching.snapshot import UncommittedWrites
from projects.models import Document, DocumentRequest, Project
from projects.stats.cache import forget_figures
from taskforce.models import AgendaItem, Session

from .test_demo_data import load_demo, natural_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_database(db):
    assert not Company.objects.exists() and not Project.objects.exists()


def natural_data_of_a_load() -> dict:
    """What the command loads, then the database as it was before: the rollback to the
    savepoint gives the next load a fresh database, as a new installation's would be."""
    with transaction.atomic():
        load_demo()
        loaded = natural_data()
        transaction.set_rollback(True)
    assert not Company.objects.exists() and not User.objects.exists()
    return loaded


def test_it_loads_the_same_programme_on_every_fresh_database(empty_database):
    first = natural_data_of_a_load()
    assert first["companies"] and first["projects"] and first["sessions"]
    assert natural_data_of_a_load() == first


def test_it_refuses_a_production_configuration_unless_forced_and_sends_no_email(
    empty_database, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not User.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_demo(force=True)
    assert Company.objects.exists()
    # The portal's services the demo goes through (collective actions, prospecting, financing)
    # make the cached figures, the suggestions' directory and history stale at commit; nothing else
    # waits for the commit.
    assert all(
        callback is forget_figures or isinstance(callback, (UncommittedWrites, UncommittedHistory))
        for callback in callbacks
    )
    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()
    # Not even for the task force: its agendas are published and its decisions recorded.
    assert Session.objects.filter(status=Session.Status.PUBLISHED).exists()
    assert AgendaItem.objects.exclude(outcome="").exists()
    # Nor any file: documents are only asked for.
    assert DocumentRequest.objects.exists()
    assert not Document.objects.exists()
