"""The kinds of email whose text the programme manager may rewrite.

For each: its placeholders (name, French description, how to read the value from the email's
context), a starting text that says what the default templates say, and sample values for the
preview. Structured parts a plain text cannot express (the digest's lists, the pack's dossiers,
the decision's outcome-dependent sentences) are placeholders whose value is rendered by our
own code or templates. A kind not described here keeps its default templates and is shown as
not editable: describe it in the module of its audience when its email exists.
"""

from ..texts import KindTexts
from . import company, staff, taskforce

KINDS: dict[str, KindTexts] = {
    spec.kind: spec for module in (company, staff, taskforce) for spec in module.KINDS
}


def kind_texts(kind: str) -> KindTexts | None:
    """How the manager may rewrite this kind of email; None when it is not editable."""
    return KINDS.get(kind)
