"""How an email's text becomes the email, without a template engine.

Every email is written as plain text with `{placeholders}`: the kind's default wording, as its
app registered it (kinds.py), or the programme manager's own version (EmailText). The text is
never run through the template engine: each placeholder the kind documents is replaced by a
value taken from the email's context, in one pass (a value that itself contains `{lien}` stays
as it is), and anything else — `{{ ... }}`, `{% ... %}`, HTML — reaches the reader as typed. A
line of the body whose placeholders are all empty is left out, so that "Démarrage souhaité :
{demarrage}" only appears when there is one. The HTML version is that text escaped, with its
paragraphs and addresses turned into markup, inside the shared layout
(templates/emails/base.html, with the programme's name).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.template import defaultfilters
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.html import Urlizer, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# A placeholder is a name between single braces; `{{ x }}` or `{% x %}` are not placeholders
# (they hold spaces) and stay literal text.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000

# The HTML of every email: the text, escaped and laid out in the programme's layout.
HTML_TEMPLATE = "emails/message.html"


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


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


class _Values:
    """The values of a kind's placeholders for one email, each read once."""

    def __init__(self, placeholders: Mapping[str, Placeholder], context: Mapping) -> None:
        self.placeholders = placeholders
        self.context = context
        self.values: dict[str, str] = {}

    def __call__(self, name: str) -> str | None:
        """The value of `name`, or None when the kind has no such placeholder."""
        if name not in self.values:
            placeholder = self.placeholders.get(name)
            if placeholder is None:
                return None
            self.values[name] = str(placeholder.value(self.context))
        return self.values[name]

    def fill(self, text: str) -> str:
        """Replace the kind's placeholders by their values; leave every other character alone."""

        def replace(match: re.Match) -> str:
            value = self(match.group(1))
            return match.group(0) if value is None else value

        return PLACEHOLDER.sub(replace, text)

    def all_empty(self, line: str) -> bool:
        """True when the line has placeholders of the kind and all of them are empty."""
        values = [self(name) for name in PLACEHOLDER.findall(line)]
        known = [value for value in values if value is not None]
        return bool(known) and not any(known)


def render_text(
    *, subject: str, body: str, placeholders: Mapping[str, Placeholder], context: Mapping
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of an email written as text with placeholders (the
    kind's, by name)."""
    values = _Values(placeholders, context)
    subject = " ".join(values.fill(subject).split())
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body_text = "\n".join(values.fill(line) for line in lines if not values.all_empty(line))
    # An empty value (no officer yet, say) must not leave a hole of blank lines.
    body_text = re.sub(r"\n{3,}", "\n\n", body_text).strip("\n") + "\n"
    body_html = render_to_string(
        HTML_TEMPLATE, {**context, "subject": subject, "body": linked(body_text.strip())}
    )
    return subject, body_text, body_html


_urlizer = Urlizer()

# The words |urlize splits the text into (runs between spaces, "<", ">" and quotes) that hold a
# ".", "@" or ":": the only ones it might make a link of. Everything else is escaped as it is.
_MAYBE_LINK = re.compile(r"""(?<![^\s<>"'])[^\s<>"']*[.@:][^\s<>"']*""")
# A plain web address: what |urlize leaves as it is (nothing to trim, quote or escape), so its
# link is the word itself. Any other word goes through |urlize's own code.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?(?:/[A-Za-z0-9/_~.-]*)?")
_PLAIN_URL_MAX_LENGTH = 2048  # |urlize's MAX_URL_LENGTH
# What |urlize made of the other words ("S.A.", an address followed by a full stop): the same
# ones come back in email after email. Past this many, words are no longer remembered.
_LINK_CACHE_LIMIT = 5000
_linked_words: dict[tuple[str, bool], str] = {}


def linked(text: str) -> SafeString:
    """The text escaped, its addresses made into links: what Django's |urlize filter gives,
    without its cost per word. Only the words |urlize could make a link of go through its own
    code: those with a ".", "@" or ":" before their trailing punctuation (which |urlize strips
    first: "fois." or "suivant :" are no links), and a plain web address is linked directly;
    the text between them is escaped at once."""
    parts: list[str] = []
    start = 0
    for match in _MAYBE_LINK.finditer(text):
        word = match.group()
        stem = word.rstrip(_urlizer.trailing_punctuation_chars)
        if not ("." in stem or "@" in stem or ":" in stem):
            continue
        parts.append(escape(text[start : match.start()]))
        parts.append(_link(word))
        start = match.end()
    parts.append(escape(text[start:]))
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped above or by Django


def _link(word: str) -> str:
    if (
        word[-1] not in _urlizer.trailing_punctuation_chars
        and len(word) <= _PLAIN_URL_MAX_LENGTH
        and _PLAIN_URL.fullmatch(word)
    ):
        return f'<a href="{word}" rel="nofollow">{word}</a>'
    # A bare domain's link depends on this setting (http or https).
    key = (word, getattr(settings, "URLIZE_ASSUME_HTTPS", False))
    link = _linked_words.get(key)
    if link is None:
        link = _urlizer.handle_word(word, safe_input=False, nofollow=True, autoescape=True)
        if len(_linked_words) < _LINK_CACHE_LIMIT:
            _linked_words[key] = link
    return link


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
    # The sending app's own template, with the email's context: the text is not part of it.
    return lambda context: render_to_string(template_name, dict(context)).strip("\n")


def person(*paths: str) -> Callable[[Mapping], str]:
    """Several values (first and last name, say) joined by spaces, the empty ones left out."""

    def read(context: Mapping) -> str:
        return " ".join(filter(None, (lookup(path)(context) for path in paths)))

    return read


# --- Placeholders any kind may offer: they read what every email's context holds.

PROGRAMME = Placeholder("programme", _("Nom du programme"), lookup("programme_name"))
PRIVACY = Placeholder(
    "donnees_personnelles",
    _("Adresse de la page « Données personnelles » du portail"),
    lookup("privacy_url"),
)
