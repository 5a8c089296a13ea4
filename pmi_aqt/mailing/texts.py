"""How a text the programme manager wrote becomes an email, without a template engine.

A rewritten text is plain text with `{placeholders}`. It is never run through the template
engine: each placeholder the kind documents (text_kinds.py) is replaced by a value taken from
the email's context, in one pass (a value that itself contains `{lien}` stays as it is), and
anything else — `{{ ... }}`, `{% ... %}`, HTML — reaches the reader as typed. The HTML version
is that text escaped, with its paragraphs and addresses turned into markup, inside the shared
layout (templates/emails/base.html, with the programme's name).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.template import defaultfilters
from django.template.loader import render_to_string
from django.utils.functional import Promise

from .models import OutboundEmail

# A placeholder is a name between single braces; `{{ x }}` or `{% x %}` are not placeholders
# (they hold spaces) and stay literal text.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str | Promise
    value: Callable[[Mapping], str]
    # Several lines of text: allowed in the body only.
    block: bool = False

    @property
    def token(self) -> str:
        return "{" + self.name + "}"


@dataclass(frozen=True)
class KindTexts:
    kind: str
    placeholders: tuple[Placeholder, ...]
    starter_subject: str | Promise
    starter_body: str | Promise
    sample_context: Callable[[], dict]
    by_name: dict[str, Placeholder] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_name", {p.name: p for p in self.placeholders})

    @property
    def label(self) -> str:
        return OutboundEmail.Kind(self.kind).label

    def allowed(self, *, in_subject: bool) -> list[Placeholder]:
        return [p for p in self.placeholders if not (in_subject and p.block)]

    @property
    def template(self) -> str:
        # Every kind's default templates live in templates/emails/<kind>/.
        return self.kind


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def substitute(text: str, spec: KindTexts, context: Mapping) -> str:
    """Replace the kind's placeholders by their values; leave every other character alone."""
    values: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        name = match.group(1)
        placeholder = spec.by_name.get(name)
        if placeholder is None:
            return match.group(0)
        if name not in values:
            values[name] = str(placeholder.value(context))
        return values[name]

    return PLACEHOLDER.sub(replace, text)


def render_custom(
    *, subject: str, body: str, spec: KindTexts, context: Mapping
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of an email written by the manager."""
    subject = " ".join(substitute(subject, spec, context).split())
    body_text = substitute(body.replace("\r\n", "\n").replace("\r", "\n"), spec, context)
    # An empty value (no officer yet, say) must not leave a hole of blank lines.
    body_text = re.sub(r"\n{3,}", "\n\n", body_text).strip("\n") + "\n"
    body_html = render_to_string(
        "emails/custom/body.html", {**context, "subject": subject, "body": body_text.strip()}
    )
    return subject, body_text, body_html


# --- Reading values from an email's context: a missing value is an empty string, never an error.


def lookup(path: str) -> Callable[[Mapping], str]:
    def read(context: Mapping) -> str:
        value = context
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
            if value is None:
                return ""
        return str(value)

    return read


def joined(key: str) -> Callable[[Mapping], str]:
    return lambda context: ", ".join(str(item) for item in context.get(key) or [])


def date_value(key: str, format_string: str) -> Callable[[Mapping], str]:
    def read(context: Mapping) -> str:
        value = context.get(key)
        return defaultfilters.date(value, format_string) if value else ""

    return read


def rendered(template_name: str) -> Callable[[Mapping], str]:
    # Our own template, with the email's context: the manager's text is not part of it.
    return lambda context: render_to_string(template_name, dict(context)).strip("\n")


def person(*paths: str) -> Callable[[Mapping], str]:
    """Several values (first and last name, say) joined by spaces, the empty ones left out."""

    def read(context: Mapping) -> str:
        return " ".join(filter(None, (lookup(path)(context) for path in paths)))

    return read
