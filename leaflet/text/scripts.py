"""Which script a leaflet's language is written in, and what that asks of the layout: its direction,
the Noto family shipped for it, line spacing, whether letters are shaped, and where lines break."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .catalogues import _subtags


@dataclass(frozen=True)
class Script:
    code: str  # ISO 15924: Latn, Arab, Beng, Guru, Hans
    rtl: bool = False
    family: str | None = None  # the shipped family its text is set in (None: the brand's fonts)
    leading: float = 1.0  # line spacing, relative to the brand's (Nastaliq's stacked letters need more)
    cjk: bool = False  # lines break between characters, not only at spaces
    climbs: bool = False  # a word's letters climb off the line (Nastaliq): read back whole only by /ActualText


LATIN = Script("Latn")
SCRIPTS = {
    "Arab": Script("Arab", rtl=True, family="Noto Sans Arabic", leading=1.15),
    "Beng": Script("Beng", family="Noto Sans Bengali", leading=1.1),
    "Guru": Script("Guru", family="Noto Sans Gurmukhi", leading=1.1),
    "Hans": Script("Hans", family="Noto Sans SC", leading=1.05, cjk=True),
}
# Urdu is read in the Nastaliq style: its letters climb to the left and need the most room.
LANGUAGES = {"ur": Script("Arab", rtl=True, family="Noto Nastaliq Urdu", leading=1.4, climbs=True)}

# Characters that need OpenType shaping (joining, conjuncts, vowel signs) or are right to left.
COMPLEX = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff\u200c\u200d]"
)
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u061c]")
# Unicode blocks -> the shipped family that draws them (a fallback for text in any leaflet).
BLOCK_FAMILIES = (
    ((0x0600, 0x08FF), "Noto Sans Arabic"),
    ((0xFB50, 0xFDFF), "Noto Sans Arabic"),
    ((0x0964, 0x0965), "Noto Sans Bengali"),
    ((0xFE70, 0xFEFF), "Noto Sans Arabic"),
    ((0x0980, 0x09FF), "Noto Sans Bengali"),
    ((0x0A00, 0x0A7F), "Noto Sans Gurmukhi"),
    ((0x3000, 0x303F), "Noto Sans SC"),
    ((0x4E00, 0x9FFF), "Noto Sans SC"),
    ((0xFF00, 0xFFEF), "Noto Sans SC"),
)


@lru_cache(maxsize=64)
def script_of(language: str) -> Script:
    """The script a BCP 47 language tag is written in (``pa`` is Gurmukhi, ``zh`` simplified)."""
    code, script = _subtags(language)
    return LANGUAGES.get(code) or SCRIPTS.get(script or "", LATIN)


def family_for_char(ch: str) -> str | None:
    """The shipped family for a character of a script the brand's fonts never cover."""
    point = ord(ch)
    return next((family for (low, high), family in BLOCK_FAMILIES if low <= point <= high), None)


# Runs that read left to right whatever surrounds them: phone numbers, email and web addresses,
# prices, ranges, dates and versions in Latin digits, Latin words, names and cited English titles
# (with the spaces and sentence punctuation between their words), and citation brackets such as
# "[1]" or "[2, 3]". A token starts with a Latin letter or a digit (or "+", "(" or a currency sign)
# and ends with one (or "/", "%", ")" or a currency sign); its parentheses must pair.
_LATIN = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_TOKEN = (
    rf"\(?[+\u00a3\u20ac$]?[{_LATIN}]"
    rf"(?:[{_LATIN}@\u00a3\u20ac$%&/:.,()\-\u2013_'\u2019#?=~+*]*[{_LATIN}/%\u00a3\u20ac$)])?"
)
_ISOLATED = re.compile(rf"\[\d+(?:[,;\u2013-][ \u00a0]?\d+)*\]|{_TOKEN}(?:[.,:;!?]?[ \u00a0]+{_TOKEN})*")


def isolated_runs(text: str) -> list[tuple[int, int]]:
    """Where the runs that must read left to right start and end in right-to-left text. A bracket
    at either end without its partner inside the run is left to the text around it."""
    runs = []
    for match in _ISOLATED.finditer(text):
        begin, end = match.span()
        if text[begin] == "(" and text.count(")", begin, end) < text.count("(", begin, end):
            begin += 1
        if text[end - 1] == ")" and text.count("(", begin, end) < text.count(")", begin, end):
            end -= 1
        # (looked for in the last few characters only: a long run of ". 1. 1. 1" stays linear)
        while (number := _NUMBER_AT_END.search(text, max(begin, end - 40), end)) and RTL.match(
            text, end + _gap(text, end)
        ):
            end = number.start()  # "... teamwork. 25 نومبر": the date is the Urdu words'
        if _SENTENCE_END.match(text, end) and _starts_sentence(text, begin):
            end += 1  # a whole sentence in Latin script: its full stop is its own, not the paragraph's
        if begin < end:
            runs.append((begin, end))
    return runs


# A run that starts a sentence (at the start of the text, or after a sentence's end) and ends where
# its sentence does is a sentence of its own: "... منه. Harbour Skin Clinic Ltd. Registered in
# England." Its full stop reads left to right with it, at its right end, never at the start of the
# next line. A Latin word that ends a right-to-left sentence leaves that sentence its full stop.
_SENTENCE_END = re.compile(r"[.!?](?=[\s\u00a0]|$)")


def _starts_sentence(text: str, at: int) -> bool:
    """Whether ``at`` starts the text, or follows a sentence's end (". ", "؟ ", "۔ ") and spaces."""
    before = at
    while before and text[before - 1] in " \u00a0\t\n":
        before -= 1
    return before == 0 or (before < at and text[before - 1] in ".!?:\u061f\u06d4")


_NUMBER_AT_END = re.compile(r"[.,:;!?][ \u00a0]+[\d.,/\u2013-]+$")


_SPACES_AT = re.compile(r"[ \u00a0]*")


def _gap(text: str, at: int) -> int:
    """How many spaces follow ``at``."""
    spaces = _SPACES_AT.match(text, at)
    assert spaces is not None  # the pattern matches no space too
    return spaces.end() - at
