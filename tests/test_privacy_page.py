"""The privacy page says who is responsible, whom to write to, how long data are kept."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_names_the_controller_the_dpo_and_the_retention(client, settings):
    settings.DATA_CONTROLLER = "UIMM Aquitaine"
    settings.DPO_EMAIL = "dpo@uimm-aquitaine.example"
    settings.RETENTION_YEARS = 5
    page = client.get(reverse("privacy")).text
    assert "porté par UIMM Aquitaine, responsable du traitement" in page
    assert 'href="mailto:dpo@uimm-aquitaine.example"' in page
    assert "5 ans après la dernière activité" in page
    assert "mailto:dpo@uimm-aquitaine.example?subject=Effacement" in page
    assert "écrivez au programme" not in page.lower()


def test_it_states_each_retention_period_from_the_settings(client, settings):
    settings.INTAKE_DRAFT_LIFETIME_DAYS = 30
    settings.JOB_FILE_HOURS = 48
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = "5/15m"
    settings.LOGIN_FAILURE_LIMIT_PER_IP = "20/15m"
    settings.INTAKE_RATE_LIMIT = "10/2h"
    settings.RETENTION_YEARS = 3
    settings.HISTORY_RETENTION_YEARS = 4
    page = client.get(reverse("privacy")).text
    assert "3 ans après la dernière activité de l'entreprise" in page
    assert "historique des modifications : 4 ans après leur date" in page
    assert "jamais envoyées : effacées 30 jours après leur dernier enregistrement" in page
    assert "Comptes de l'équipe du programme et de la task force" in page
    assert "effacés 48 heures après leur préparation" in page
    assert "fenêtre de comptage, 120 minutes au plus" in page


def test_the_drafts_lifetime_stated_is_the_one_applied(settings):
    from projects.models.intake_draft import DRAFT_LIFETIME

    assert DRAFT_LIFETIME.days == settings.INTAKE_DRAFT_LIFETIME_DAYS


def test_abuse_counters_past_their_window_leave_the_database(settings):
    import datetime

    from django.core.cache import caches
    from freezegun import freeze_time

    from pmi_aqt.accounts.throttling import expired_counters_purge

    alias = "limits_fallback" if "limits_fallback" in settings.CACHES else "limits"
    counters = caches[alias]
    counters.set("rl:old-address", 3, timeout=60)
    counters.set("rl:current-address", 1, timeout=3600)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)
    with freeze_time(later):
        assert expired_counters_purge() == 1
    assert counters.get("rl:current-address") == 1


def test_the_counters_purge_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pmi_aqt.accounts.tasks.purge_expired_counters" in tasks
