"""The kinds of background job, registered by the apps that know how to produce them.

A kind names the function that produces its file. The function receives the job (its
parameters and the person who asked, whose rights it applies again) and a `Progress` to
report to, and returns a `JobOutput`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

_KINDS: dict[str, "JobKind"] = {}


@dataclass(frozen=True)
class JobOutput:
    file: IO[bytes]  # open, read from its start; the job's runner closes it
    filename: str
    content_type: str


@dataclass(frozen=True)
class JobKind:
    name: str
    title: Any  # lazy text: "Export des projets (Excel)"
    run: Callable[..., JobOutput]


def register(*kinds: JobKind) -> None:
    for kind in kinds:
        _KINDS[kind.name] = kind


def get(name: str) -> JobKind:
    return _KINDS[name]
