"""The labelled cases of docs/matching_cases.csv, ranked on the demo directory: the measure the
matching is held to (docs/matching.md), on SQLite and on PostgreSQL alike."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tooling.demo.directory import load_directory

pytestmark = pytest.mark.django_db

CASES = Path(__file__).resolve().parent.parent / "docs" / "matching_cases.csv"
SUMMARY = re.compile(r"^hit@3 (\d+)/(\d+), forbidden-in-top-5 (\d+)/(\d+), MRR ([0-9.]+)$")


def evaluate(path: Path = CASES) -> tuple[str, tuple[int, int, int, float]]:
    out = StringIO()
    call_command("evaluate_matching", str(path), stdout=out)
    output = out.getvalue()
    match = SUMMARY.match(output.strip().splitlines()[-1])
    assert match, output
    hits, total, forbidden, _total, mrr = match.groups()
    return output, (int(hits), int(total), int(forbidden), float(mrr))


def test_the_labelled_cases_find_their_schemes_and_never_offer_a_forbidden_one():
    load_directory()

    output, (hits, total, forbidden, mrr) = evaluate()

    print(output)
    assert total >= 40
    assert hits / total >= 0.9, output
    assert forbidden == 0, output
