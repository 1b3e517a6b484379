"""Register a brand's TrueType families with ReportLab (embedded, subset) and know their glyphs."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import LeafletError
from ..load import Brand, problem_at
from ..load.assets import FALLBACK_FAMILY, FontFamily, find_family, font_bytes
from ..load.files import FileProblem
from ..text.scripts import LATIN, Script, family_for_char


@lru_cache(maxsize=None)
def _covers_ascii(chars: frozenset[int]) -> bool:
    return all(point in chars for point in range(0x21, 0x7F))


@dataclass(frozen=True)
class RegisteredFamily:
    """ReportLab font names for one family, and the characters its regular face can draw."""

    regular: str
    bold: str
    chars: frozenset[int]

    @property
    def ascii(self) -> bool:
        """Whether it draws every printable ASCII character (a script's Noto family may not)."""
        return _covers_ascii(self.chars)


@lru_cache(maxsize=None)
def register(family_name: str) -> RegisteredFamily:
    """Register a family once per process; later brands using it reuse the parsed fonts."""
    return _register(find_family(family_name))


def _register(family: FontFamily) -> RegisteredFamily:
    """The regular and bold faces only: a leaflet never prints italics (they are hard to read), so
    parsing those faces would only slow every cold start. Italic markup falls back to upright."""
    key = "".join(ch for ch in family.name if ch.isalnum())[-40:]
    names = {}
    for style in ("regular", "bold"):
        name, path = f"{key}-{style}", getattr(family, style)
        data = font_bytes(path)  # an ordinary file within the limit: never a pipe or a device
        try:
            font = TTFont(name, io.BytesIO(data))
        except Exception as exc:  # a damaged file fails in many ways inside the TrueType parser
            raise FileProblem(f"the font file '{path.name}' cannot be used: it is damaged or not a "
                              f"TrueType font ({type(exc).__name__})",
                              "Replace it with a working copy of the font, or choose a family shipped "
                              "with leaflet.") from None
        pdfmetrics.registerFont(font)
        names[style] = name
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(names["regular"], bold, italic, names["bold" if bold else "regular"])
    chars = frozenset(pdfmetrics.getFont(names["regular"]).face.charToGlyph)
    return RegisteredFamily(chars=chars, **names)


@dataclass(frozen=True)
class FontSet:
    """The fonts of one leaflet: body, headings, and the fonts for characters they lack.

    A leaflet in Arabic, Urdu, Bengali, Gurmukhi or Chinese is set in the Noto family shipped for
    its script (text/scripts.py); the brand's own family then draws the Latin words in it (the
    clinic's name, a web address). Every leaflet falls back to the shipped family for a character
    of another script, and to DejaVu Sans for symbols. Fallbacks are registered only when some
    character needs one: parsing a font costs more than everything else a cold start does with fonts.
    """

    body: RegisteredFamily
    headings: RegisteredFamily
    latin: str | None = None  # the brand's family, when body and headings are a script's

    @property
    def fallback(self) -> RegisteredFamily:
        return register(FALLBACK_FAMILY)

    def _chain(self, ch: str):
        if self.latin:
            yield self.latin
        script = family_for_char(ch)
        if script:
            yield script
        yield FALLBACK_FAMILY

    def face(self, ch: str, family: RegisteredFamily, bold: bool = False) -> str | None:
        """The face that draws ``ch`` where ``family`` cannot (None: ``family`` can, or nothing can)."""
        if ord(ch) in family.chars or ch.isspace():
            return None
        for name in self._chain(ch):
            other = register(name)
            if ord(ch) in other.chars:
                return other.bold if bold else other.regular
        return None

    def fallback_for(self, family: RegisteredFamily, bold: bool = False):
        """For markup: the font to use for a character ``family`` cannot draw, if one can."""
        def choose(ch: str, strong: bool = False) -> str | None:
            return self.face(ch, family, bold or strong)
        choose.every_char = not family.ascii
        return choose

    def missing(self, text: str, family: RegisteredFamily) -> list[str]:
        """Characters that neither ``family`` nor a fallback can draw (they would print as boxes)."""
        if family.ascii:  # most of a text, and none missing: taken out in runs, not looked at one by one
            text = _PRINTABLE_ASCII.sub("", text)
        lacking = {ch for ch in set(text) if ord(ch) not in family.chars and not ch.isspace() and ord(ch) >= 0x20
                   and ch not in INVISIBLE}
        return sorted(ch for ch in lacking if self.face(ch, family) is None) if lacking else []


_PRINTABLE_ASCII = re.compile(r"[ -~]+")
# Bidirectional marks (Babel writes Arabic money with one) steer the order of a line and print nothing.
INVISIBLE = frozenset("\u200e\u200f\u061c\u200c\u200d")


def font_set(brand: Brand, script: Script = LATIN) -> FontSet:
    """The brand's fonts (or its script's), registered; a font that cannot be used is an error at
    its brand line."""
    families = {}
    for role in ("body", "headings"):
        try:
            families[role] = register(getattr(brand.fonts, role))
        except FileProblem as exc:
            raise LeafletError(problem_at(brand, ("fonts", role), str(exc), exc.hint)) from None
    if script.family:
        own = register(script.family)
        return FontSet(body=own, headings=own, latin=brand.fonts.body)
    return FontSet(**families)
