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
