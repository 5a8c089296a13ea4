"""Tests run in parallel processes; each gets a Redis database of its own."""

import pytest

from pmi_aqt.settings import redis_url_of_test_process


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/15", "gw0", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379/15", "gw1", "redis://127.0.0.1:6379/14"),
        ("redis://127.0.0.1:6379/0", "gw1", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379", "gw2", "redis://127.0.0.1:6379/14"),
        ("redis://:secret@cache.internal:6380/9", "gw3", "redis://:secret@cache.internal:6380/6"),
    ],
)
def test_each_parallel_test_process_gets_its_own_redis_database(url, worker, expected):
    assert redis_url_of_test_process(url, worker) == expected
