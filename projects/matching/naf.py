"""The NAF rev. 2 nomenclature (INSEE): labels, and which companies a NAF pattern covers.

A scheme's NAF conditions are patterns: a section letter ("C"), a division ("28"), a group
("28.3"), a class ("28.30") or a sub-class ("28.30Z"). A company's code is covered by a pattern
when it starts with it, or belongs to the section.
"""

import re

# The nomenclature itself lives with the companies, whose codes it labels.
from companies.naf import table as _table

PATTERN = re.compile(r"^(?:[A-U]|[0-9]{2}(?:\.[0-9]{1,2}[A-Z]?)?)$")


def normalise_pattern(value: str) -> str:
    """'2830', '28,30' or ' 28.30 ' become '28.30'; a lowercase section letter is raised."""
    cleaned = value.strip().upper().replace(" ", "").replace(",", ".")
    if re.fullmatch(r"[0-9]{3,4}[A-Z]?", cleaned):
        cleaned = f"{cleaned[:2]}.{cleaned[2:]}"
    return cleaned


def is_known(pattern: str) -> bool:
    return bool(PATTERN.match(pattern)) and pattern in _table()


def label(code: str) -> str:
    """The label of a code of any level ('' when unknown)."""
    entry = _table().get(code)
    return entry[1] if entry else ""


def section_of(code: str) -> str:
    entry = _table().get(code) or _table().get(code[:2])
    return entry[0] if entry else ""


def describe(pattern: str) -> str:
    """'28 Fabrication de machines et équipements n.c.a.', for people reading a condition."""
    text = label(pattern)
    return f"{pattern} {text}" if text else pattern


def covers(pattern: str, code: str) -> bool:
    if not code:
        return False
    if len(pattern) == 1:
        return section_of(code) == pattern
    return code.startswith(pattern)


def patterns_covering(code: str) -> list[str]:
    """Every pattern that covers the code: its section and each of its prefixes."""
    if not code:
        return []
    patterns = [code[:length] for length in range(2, len(code) + 1)]
    section = section_of(code)
    return [section, *patterns] if section else patterns


def covered_by_any(patterns: list[str], code: str) -> str:
    """The first pattern covering the code, or ''."""
    return next((pattern for pattern in patterns if covers(pattern, code)), "")


def activity_text(code: str) -> str:
    """What a company's NAF code says of its trade, for matching words: its sub-class, group
    and division labels."""
    if not code:
        return ""
    parts = [label(code), label(code[:4]), label(code[:2])]
    return " ".join(dict.fromkeys(part for part in parts if part))
