"""The NAF rev. 2 nomenclature (INSEE): each code's section and label, and the company
sub-classes a label search finds. The matching reads the same table (projects/matching/naf.py).
"""

from functools import cache
from pathlib import Path

from pmi_aqt.search import fold

NOMENCLATURE = Path(__file__).with_name("naf_rev2.tsv")
# A company's code is a sub-class: two digits, a dot, two digits and a letter (25.62B).
SUBCLASS_LENGTH = 6


@cache
def table() -> dict[str, tuple[str, str]]:
    """code → (section, label), for every level (section, division, group, class, sub-class)."""
    rows = {}
    for line in NOMENCLATURE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, section, label = line.split("\t")
            rows[code] = (section, label)
    return rows


@cache
def _folded_labels() -> tuple[tuple[str, str, str], ...]:
    return tuple((code, section, fold(label)) for code, (section, label) in table().items())


def subclasses_labelled(text: str) -> list[str]:
    """The sub-classes whose label, or the label of a level above them, contains the text
    (accents and case ignored): "decolletage" gives 25.62A, "fabrication de machines" every
    sub-class of division 28."""
    wanted = fold(text.strip())
    if not wanted:
        return []
    prefixes = [
        (code, len(code) == 1) for code, _section, label in _folded_labels() if wanted in label
    ]
    if not prefixes:
        return []
    sections = {code for code, is_section in prefixes if is_section}
    starts = tuple(code for code, is_section in prefixes if not is_section)
    return sorted(
        code
        for code, section, _label in _folded_labels()
        if len(code) == SUBCLASS_LENGTH and (section in sections or code.startswith(starts))
    )
