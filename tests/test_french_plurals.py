"""French plurals: "0 projet trouvé", "1 projet trouvé", "2 projets trouvés".

A message absent from every catalog follows the English rule (singular for 1 only). The French
catalog (locale/fr, written by `manage.py plural_catalog`) holds every plural message of the
portal under the French rule, where 0 takes the singular; its compiled .mo is committed.
"""

import gettext
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tooling.management.commands.plural_catalog import catalog_path

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "sentence"),
    [(0, "0 projet trouvé"), (1, "1 projet trouvé"), (2, "2 projets trouvés")],
)
def test_the_project_list_counts_its_results_in_french(client, officer, count, sentence):
    ProjectFactory.create_batch(count, title="Découpe laser")
    client.force_login(officer)

    response = client.get(reverse("projects:list"), {"q": "découpe"})

    assert sentence in response.text


def test_ngettext_follows_the_french_rule():
    with translation.override("fr"):
        for count, expected in ((0, "entreprise"), (1, "entreprise"), (2, "entreprises")):
            text = translation.ngettext("%(count)s entreprise", "%(count)s entreprises", count)
            assert text == f"%(count)s {expected}"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
def test_the_committed_mo_is_the_po_compiled(tmp_path):
    po = catalog_path()
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)

    def catalog(path):
        with path.open("rb") as file:
            return gettext.GNUTranslations(file)._catalog

    assert catalog(po.with_suffix(".mo")) == catalog(compiled), (
        "locale/fr/LC_MESSAGES/django.mo is stale: run `manage.py plural_catalog`"
    )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="xgettext (gettext) is not installed")
def test_the_catalog_holds_every_plural_message_of_the_code():
    call_command("plural_catalog", check=True)
