"""With DEBUG off and no SECRET_KEY: commands that sign nothing run, the serving processes stop."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from pmi_aqt.celery import _require_secret_key
from pmi_aqt.startup import WITHOUT_A_KEY, require_secret_key

ROOT = Path(__file__).resolve().parent.parent


def run_without_a_key(*arguments: str) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECRET_KEY", "PMI_TESTING", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_migration_commands_run_without_a_key():
    done = run_without_a_key("manage.py", "makemigrations", "--check", "--dry-run")

    assert done.returncode == 0, done.stderr
    assert "No changes detected" in done.stdout


def test_the_web_application_refuses_to_start_without_a_key():
    done = run_without_a_key("-c", "import pmi_aqt.wsgi")

    assert done.returncode != 0
    assert WITHOUT_A_KEY in done.stderr


def test_the_check_passes_with_a_key_and_says_what_to_do_without(settings):
    require_secret_key()  # the test settings have one

    settings.SECRET_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set when DEBUG is off"):
        require_secret_key()


def test_a_celery_worker_or_beat_stops_without_a_key(settings):
    settings.SECRET_KEY = ""

    with pytest.raises(SystemExit, match="SECRET_KEY must be set when DEBUG is off"):
        _require_secret_key(sender=None)
