"""The kinds of email the portal sends, registered by the apps that send them.

Mailing knows no kind of its own: each app describes its emails in a module of its own (an
email_kinds.py) and registers them from its AppConfig.ready(). A kind says
what the staff read about it (its label), whether a person may refuse it (`essential`), and
its one default wording: a subject and a body with the kind's `{placeholders}` (texts.py),
which the programme manager may rewrite when the kind is `editable`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from .texts import Placeholder


@dataclass(frozen=True)
class EmailKind:
    # What OutboundEmail.kind and EmailText.kind store: never change it once emails exist.
    code: str
    label: str | Promise
    # The default wording, in the placeholder syntax of texts.py.
    subject: str | Promise
    body: str | Promise
    placeholders: tuple[Placeholder, ...]
    # Values for the preview of the manager's page, shaped as the sending code's context.
    sample_context: Callable[[], dict]
    # False: a person who unsubscribed no longer gets it, and it carries an unsubscribe link.
    essential: bool = True
    # False: it always goes with its default wording.
    editable: bool = True
    # True: its text opens something (a password reset link): staff never read it in the portal.
    confidential: bool = False
    by_name: dict[str, Placeholder] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {p.name: p for p in self.placeholders})

    def allowed(self, *, in_subject: bool) -> list[Placeholder]:
        return [p for p in self.placeholders if not (in_subject and p.block)]


# The registered kinds by code, in the order they were registered (the manager's list).
REGISTRY: dict[str, EmailKind] = {}


def register(kinds: Iterable[EmailKind]) -> None:
    for kind in kinds:
        known = REGISTRY.get(kind.code)
        if known is not None and known is not kind:
            raise ImproperlyConfigured(f"Two kinds of email are registered as {kind.code!r}.")
        REGISTRY[kind.code] = kind


def find(code: str) -> EmailKind | None:
    return REGISTRY.get(code)


def get(code: str) -> EmailKind:
    kind = REGISTRY.get(code)
    if kind is None:
        raise LookupError(f"No kind of email is registered as {code!r}.")
    return kind


def registered() -> list[EmailKind]:
    return list(REGISTRY.values())


def label(code: str) -> str:
    """What the staff read for a kind of email; the code itself for a kind no app registers
    any more (old emails keep theirs)."""
    kind = REGISTRY.get(code)
    return str(kind.label) if kind else code
