"""French text to comparable terms: the same on every database.

A term is a word lowercased, stripped of its accents and reduced to its Snowball stem (the
algorithm PostgreSQL's `french_stem` dictionary uses), French stop words left out. "Énergétique"
and "energetique" give the same term; "robots" and "robotique" too.
"""

import re
from functools import lru_cache

import snowballstemmer

# Lowercase, without accents, ligatures spelled out: the same folding as every search.
from pmi_aqt.search import fold as unaccent

# PostgreSQL's french.stop (Snowball's list), unaccented, and a few more empty words. Words
# frequent in the directory ("projet", "entreprise") are not stop words: their rarity weighs
# them down (ranking.py).
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant etante
    etants etantes suis es est sommes sont serai seras sera serons serez seront serais serait
    serions seriez seraient etais etait etions etiez etaient fus fut fumes futes furent sois
    soit soyons soyez soient fusse fusses fussions fussiez fussent ayant ayante ayantes ayants
    eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait
    aurions auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies
    ait ayons ayez aient eusse eusses eut eussions eussiez eussent plus tres tout tous toute
    toutes autre autres sans sous entre vers chez afin ainsi aussi dont cette cet leurs etc
    deja selon lors apres avant
    """.split()  # noqa: SIM905 (a list to read as prose)
)
MIN_LENGTH = 2
WORD = re.compile(r"[a-z0-9]+")

_stemmer = snowballstemmer.stemmer("french")


def words(text: str) -> list[str]:
    """The words of a text that carry meaning, unaccented, in order."""
    return [
        word
        for word in WORD.findall(unaccent(text or ""))
        if len(word) >= MIN_LENGTH and word not in STOP_WORDS and not word.isdigit()
    ]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """The text's terms, in order, repeated as often as the words are."""
    return [stem(word) for word in words(text)]


@lru_cache(maxsize=100_000)
def _term(word: str) -> str:
    """The word's term, or '' for a word that carries no meaning (as `words` leaves out)."""
    if len(word) < MIN_LENGTH or word in STOP_WORDS or word.isdigit():
        return ""
    return stem(word)


def term_set(*texts: str) -> set[str]:
    """The distinct terms of the texts: `terms` without order or repeats, each distinct word
    judged once (reading the words of tens of thousands of projects)."""
    found = {_term(word) for word in set(WORD.findall(unaccent("\n".join(texts))))}
    found.discard("")
    return found


def terms_with_words(text: str) -> list[tuple[str, str]]:
    """(term, the word as written, accents kept) for each word, to show people which of their
    words matched."""
    shown = {}
    for match in re.finditer(r"\w+", (text or "").lower()):
        written = match.group(0)
        for word in words(written):
            shown.setdefault(word, written)
    return [(stem(word), shown.get(word, word)) for word in words(text)]


def phrases(text: str) -> list[str]:
    """A list typed as "four, énergie; chaleur fatale" (commas, semicolons or new lines)."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]
