"""Register a brand's TrueType families with ReportLab (embedded, subset) and know their glyphs."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts

from ..load import Brand
from ..load.assets import FALLBACK_FAMILY
from ..load.fontfile import CheckedFont
from ..load.media import FontFiles, Fonts
from ..text.scripts import LATIN, Script, family_for_char
from .reportlab_private import ShapedFont


@cache
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


def register(files: FontFiles) -> RegisteredFamily:
    """A family's regular and bold faces (read and checked before layout: load/media.py),
    registered under names made from their contents.

    ReportLab keeps one font per PostScript name for the whole process: a brand font that calls
    itself "AtkinsonHyperlegible-Regular" would otherwise stand in for the shipped one in every
    later leaflet of the process. So the name ReportLab knows a face by, and the name written into
    the PDF, come from the hash of the family's files, never from inside them; the same files give
    the same names (and bytes) in every process, whatever was built before.
    """
    return _register(files.regular, files.bold)


@cache
def _register(regular: CheckedFont, bold: CheckedFont) -> RegisteredFamily:
    """The regular and bold faces only: a leaflet never prints italics (they are hard to read), so
    parsing those faces would only slow every cold start. Italic markup falls back to upright.

    Keyed by both faces: the bold that ``<b>`` finds is mapped from the regular's name, so two
    families sharing a regular file but not a bold one must not share that name either."""
    family = hashlib.sha256((regular.digest + bold.digest).encode()).hexdigest()[:20]
    names: dict[str, str] = {}
    for style, face in (("regular", regular), ("bold", bold)):
        if style == "bold" and bold.digest == regular.digest:  # no bold face (or a copy of the regular)
            names[style] = names["regular"]
            break
        name = f"LF{family}-{style}"
        font = ShapedFont(name, io.BytesIO(face.data))  # checked, or one of leaflet's own
        # The PDF's /BaseFont: the file's PostScript name for people reading the PDF (preflight
        # lists it), made unique by the family's hash, as ReportLab also keys faces by it.
        own = font.face.name.decode("ascii", "replace")[:40]
        font.face.name = ttfonts.TTFNameBytes(f"{own}-{family}{style[0].upper()}".encode("ascii"), "ascii")
        pdfmetrics.registerFont(font)
        names[style] = name
    for bold_, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(names["regular"], bold_, italic, names["bold" if bold_ else "regular"])
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
    files: Fonts = field(compare=False, repr=False)  # the families' files, by name
    latin: str | None = None  # the brand's family, when body and headings are a script's
    # the fallback families by name, registered when first needed (a build asks character by character)
    _others: dict = field(default_factory=dict, compare=False, repr=False)

    def _family(self, name: str) -> RegisteredFamily:
        if name not in self._others:
            self._others[name] = register(self.files.family(name))
        return self._others[name]

    @property
    def fallback(self) -> RegisteredFamily:
        return self._family(FALLBACK_FAMILY)

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
            other = self._family(name)
            if ord(ch) in other.chars:
                return other.bold if bold else other.regular
        return None

    def fallback_for(self, family: RegisteredFamily, bold: bool = False):
        """For markup: the font to use for a character ``family`` cannot draw, if one can."""

        def choose(ch: str, strong: bool = False) -> str | None:
            return self.face(ch, family, bold or strong)

        choose.every_char = not family.ascii  # type: ignore[attr-defined]  # a function's attribute, read by markup.inline
        return choose

    def missing(self, text: str, family: RegisteredFamily) -> list[str]:
        """Characters that neither ``family`` nor a fallback can draw (they would print as boxes)."""
        if family.ascii:  # most of a text, and none missing: taken out in runs, not looked at one by one
            text = _PRINTABLE_ASCII.sub("", text)
        lacking = {
            ch
            for ch in set(text)
            if ord(ch) not in family.chars and not ch.isspace() and ord(ch) >= 0x20 and ch not in INVISIBLE
        }
        return sorted(ch for ch in lacking if self.face(ch, family) is None) if lacking else []


_PRINTABLE_ASCII = re.compile(r"[ -~]+")
# Bidirectional marks (Babel writes Arabic money with one) steer the order of a line and print nothing.
INVISIBLE = frozenset("\u200e\u200f\u061c\u200c\u200d")


def font_set(files: Fonts, brand: Brand, script: Script = LATIN) -> FontSet:
    """The brand's fonts (or its script's), registered from their files (load.media.read_fonts)."""
    if script.family:
        own = register(files.family(script.family))
        return FontSet(body=own, headings=own, files=files, latin=brand.fonts.body)
    return FontSet(
        body=register(files.family(brand.fonts.body)),
        headings=register(files.family(brand.fonts.headings)),
        files=files,
    )
