"""The abuse limits keep counting when Redis does not answer: their counters go on in the
database, while the ordinary cache still fails open (pmi_aqt/cache.py)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db

# A Redis nobody listens to: every call fails at once with a connection error.
UNREACHABLE_REDIS = "redis://127.0.0.1:9/0"
INTAKE_URL = reverse("projects:intake")
LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def redis_down(settings):
    options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}
    settings.CACHES = {
        "default": {
            "BACKEND": "pmi_aqt.cache.FailOpenRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": options,
        },
        "limits": {
            "BACKEND": "pmi_aqt.cache.FallbackRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": options,
            "FALLBACK": "limits_fallback",
        },
        "limits_fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pmi_limits",
        },
    }
    caches["limits_fallback"].clear()
    yield
    caches["limits_fallback"].clear()


def test_the_ordinary_cache_still_fails_open(redis_down):
    cache = caches["default"]
    cache.set("figure", 42)
    assert cache.set_many({"one": 1, "two": 2}) == ["one", "two"]
    cache.delete_many(["one", "two"])
    assert cache.add("new", 1)
    cache.delete("figure")

    assert cache.get("figure", "missing") == "missing"
    assert cache.get_many(["one", "two"]) == {}


def test_counters_go_on_in_the_database_when_redis_is_down(redis_down):
    limits = caches["limits"]

    assert limits.add("counter", 1, 60)
    assert limits.incr("counter") == 2
    assert limits.get("counter") == 2
    assert caches["limits_fallback"].get("counter") == 2


def test_the_eleventh_intake_from_one_address_gets_429_while_redis_is_down(
    client, settings, redis_down
):
    from .factories import intake_form_data, make_siret

    settings.INTAKE_RATE_LIMIT = "10/h"
    statuses = [
        client.post(
            INTAKE_URL,
            intake_form_data(siret=make_siret(720000 + n), email=f"dirigeant{n}@limite.example"),
        ).status_code
        for n in range(11)
    ]

    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_the_sixth_wrong_password_locks_the_account_while_redis_is_down(
    client, settings, officer, redis_down
):
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = "5/15m"
    for _attempt in range(5):
        client.post(LOGIN_URL, {"username": officer.email, "password": "mauvais"})

    response = client.post(LOGIN_URL, {"username": officer.email, "password": "motdepasse-de-test"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
