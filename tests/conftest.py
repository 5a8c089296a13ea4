import os

# Playwright's sync API keeps an event loop running in the test thread; Django would refuse
# database access from it. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from pmi_aqt.accounts.models import Role  # noqa: E402
from pmi_aqt.celery import app as celery_app  # noqa: E402

from .factories import CompanyFactory, ContactFactory, UserFactory  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _restore_rows_without_history() -> None:
    """A transactional test with `serialized_rollback` restores the seeded rows before it
    runs. They are not edits: auditlog's receivers would write history for them and, with
    Django's content-type cache cold (a file run alone), create the content types they name
    before the restored ones arrive ("UNIQUE constraint failed: django_content_type")."""
    from auditlog.context import disable_auditlog
    from django.db.backends.base.creation import BaseDatabaseCreation

    restore = BaseDatabaseCreation.deserialize_db_from_string

    def restore_without_history(self, data):
        with disable_auditlog():
            return restore(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = restore_without_history


_restore_rows_without_history()


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_tasks_inline():
    # Unit tests run tasks in-process; tests marked `worker` start a real worker instead.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


# The data migrations that seed reference data (all idempotent).
SEED_MIGRATIONS = [
    ("accounts", "0002_seed_roles"),
    ("accounts", "0004_seed_security_policy"),
    ("projects", "0002_seed_axes"),
    ("projects", "0005_seed_yearly_targets"),
    ("taskforce", "0002_seed_review_criteria"),
]


def _reseed_reference_data() -> None:
    """Run the seeding data migrations again on the current models."""
    from django.apps import apps
    from django.db import migrations
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in SEED_MIGRATIONS:
        for operation in loader.disk_migrations[key].operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    # A transactional test ends with a flush that also empties what the data migrations seeded
    # (roles, the security policy, axes, review criteria, targets); the tests after it still
    # need them, and a page writing a missing one again would count queries of its own.
    if not _uses_db(request):
        return
    from django.contrib.auth.models import Group

    from projects.models import InterventionAxis

    with django_db_blocker.unblock():
        if not (Group.objects.exists() and InterventionAxis.objects.exists()):
            _reseed_reference_data()


def _uses_db(request) -> bool:
    fixtures = request.fixturenames
    marked = request.node.get_closest_marker("django_db")
    return bool(marked or "db" in fixtures or "transactional_db" in fixtures)


@pytest.fixture(autouse=True)
def _clear_cache(request):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    # The database cache (SQLite runs) is out of reach of a test that has no database; the
    # abuse counters ("limits") always keep a part in the database.
    if _uses_db(request) or not isinstance(caches["default"], DatabaseCache):
        caches["default"].clear()
    if _uses_db(request):
        caches["limits"].clear()
    yield


# --- The cast: one person per role, plus an outsider with no role.


@pytest.fixture
def officer(db):
    return UserFactory(email="officer@pmi-aqt.test", roles=[Role.OFFICER])


@pytest.fixture
def other_officer(db):
    return UserFactory(email="officer2@pmi-aqt.test", roles=[Role.OFFICER])


@pytest.fixture
def finance_officer(db):
    return UserFactory(email="finance@pmi-aqt.test", roles=[Role.FINANCE_OFFICER])


@pytest.fixture
def manager(db):
    return UserFactory(email="manager@pmi-aqt.test", roles=[Role.MANAGER])


@pytest.fixture
def member(db):
    return UserFactory(email="member@partner.test", roles=[Role.TASKFORCE_MEMBER])


@pytest.fixture
def company_user(db):
    user = UserFactory(email="contact@company.test", roles=[Role.COMPANY_CONTACT])
    ContactFactory(user=user, email=user.email)
    return user


@pytest.fixture
def no_role_user(db):
    return UserFactory(email="nobody@pmi-aqt.test")


@pytest.fixture
def company(db):
    return CompanyFactory()


ROLE_FIXTURES = ["officer", "finance_officer", "manager", "member", "company_user", "no_role_user"]
STAFF_FIXTURES = ["officer", "finance_officer", "manager"]
NON_STAFF_FIXTURES = ["member", "company_user", "no_role_user"]


@pytest.fixture
def as_user(client, request):
    """Log the client in as the cast member named by the test's parameter."""

    def login(fixture_name: str):
        user = request.getfixturevalue(fixture_name)
        client.force_login(user)
        return user

    return login


# --- Real headless Chromium (Debian's), never a downloaded browser.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests.")
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


# --- In CI nothing may pass by being skipped: a missing browser, database or broker fails.


def pytest_collection_modifyitems(config, items):
    # Tests of PostgreSQL-only behaviour (row locks, indexes) run in CI's PostgreSQL pass; on
    # SQLite they are deselected, not skipped, so the skip rule below still means something.
    # Likewise tests of SQLite-only behaviour (its table rebuilds) on PostgreSQL.
    from django.conf import settings

    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    other_database = "sqlite_only" if on_postgresql else "postgresql_only"
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker(other_database) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionfinish(session, exitstatus):
    import shutil

    from django.conf import settings

    # The filesystem broker's folder belongs to this run only.
    if "celery-test-" in getattr(settings, "FILESYSTEM_BROKER_DIR", ""):
        shutil.rmtree(settings.FILESYSTEM_BROKER_DIR, ignore_errors=True)
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures.", red=True)
        session.exitstatus = 1
