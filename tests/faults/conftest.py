"""The load and fault tests run only when asked: FAULT_TESTS=1 (see helpers.require_environment).

Without it they are deselected, not skipped, so a plain `make test` (even with CI=true, where a
skipped test fails the run) neither runs them nor counts them. This hook also covers
tests/test_load_journeys.py, since pytest calls it for every collected test.
"""

import pytest

from .helpers import FAULT_TESTS

OPT_IN_MARKERS = ("faults", "load")


def pytest_collection_modifyitems(config, items):
    if FAULT_TESTS:
        return
    kept, deselected = [], []
    for item in items:
        if any(item.get_closest_marker(name) for name in OPT_IN_MARKERS):
            deselected.append(item)
        else:
            kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def _fault_environment():
    from .helpers import require_environment

    require_environment(private_redis=True)
