"""Write the French catalog of plurals: locale/fr/LC_MESSAGES/django.po and its .mo.

The portal is written in French, so its strings need no translation — except the plural ones.
A message absent from every catalog is chosen by the English rule (singular for 1 only), which
gave "0 projets trouvés"; French says "0 projet trouvé". This catalog holds every plural message
of the code and templates (extracted by makemessages) with its two French forms, under the
French rule `plural=(n > 1)`. Other strings are left out: they are their own translation.

    manage.py plural_catalog           rewrite the .po and compile the .mo
    manage.py plural_catalog --check   fail if the .po misses or holds a stale plural
"""

import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

HEADER = r"""# The French plural forms of the portal, written by `manage.py plural_catalog`:
# do not edit by hand; run it after adding a plural message, then commit the .po and .mo.
msgid ""
msgstr ""
"Project-Id-Version: PMI en AQT\n"
"Language: fr\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"""

# What makemessages reads: the portal's own code and templates, not the tests, the tooling or
# the virtual environment.
IGNORED = [".venv", "var", "tests/*", "tooling/*", "static/*", "locale"]


def catalog_path() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"


def plural_entries(po_text: str) -> list[str]:
    """The plural entries of a .po written with --no-wrap, each with both French forms filled
    from its msgid and msgid_plural (the source is French), sorted for a stable file."""
    entries = []
    for block in re.split(r"\n\s*\n", po_text):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fields = {}
        flags = []
        for line in lines:
            if line.startswith("#,"):
                flags.append(line)
            for key in ("msgctxt", "msgid_plural", "msgid"):
                if line.startswith(key + " "):
                    fields.setdefault(key, line[len(key) + 1 :])
                    break
        if "msgid_plural" not in fields:
            continue
        entry = [*flags]
        if "msgctxt" in fields:
            entry.append(f"msgctxt {fields['msgctxt']}")
        entry += [
            f"msgid {fields['msgid']}",
            f"msgid_plural {fields['msgid_plural']}",
            f"msgstr[0] {fields['msgid']}",
            f"msgstr[1] {fields['msgid_plural']}",
        ]
        entries.append("\n".join(entry))
    return sorted(set(entries), key=lambda entry: entry.split("\nmsgid ", 1)[-1])


def extracted_catalog() -> str:
    """The catalog as the code stands: makemessages run over it into a scratch directory (the
    committed files are never touched, so tests may read them meanwhile), its plurals kept."""
    # makemessages gives each file the first locale directory whose parent holds it: the
    # scratch one sits beside the project's (and hidden, so not walked), and comes first.
    scratch_dir = tempfile.TemporaryDirectory(dir=Path.cwd(), prefix=".plural-catalog-")
    with scratch_dir as scratch, override_settings(LOCALE_PATHS=[scratch]):
        call_command(
            "makemessages",
            locale=["fr"],
            no_location=True,
            no_wrap=True,
            no_obsolete=True,
            ignore_patterns=IGNORED,
            verbosity=0,
        )
        extracted = (Path(scratch) / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return HEADER + "".join(f"\n{entry}\n" for entry in plural_entries(extracted))


class Command(BaseCommand):
    help = "Écrit le catalogue des pluriels français (locale/fr) et le compile."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Échoue si le catalogue ne correspond plus aux messages du code.",
        )

    def handle(self, *args, check: bool = False, **options):
        path = catalog_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        wanted = extracted_catalog()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if current != wanted:
                raise CommandError(
                    "Le catalogue des pluriels n'est plus à jour : lancez "
                    "`manage.py plural_catalog` et committez locale/fr."
                )
            return
        path.write_text(wanted, encoding="utf-8")
        call_command("compilemessages", locale=["fr"], ignore_patterns=IGNORED, verbosity=0)
        self.stdout.write(f"{wanted.count('msgid_plural')} messages au pluriel dans {path}")
