"""Register a brand's TrueType families with ReportLab (embedded, subset) and know their glyphs."""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import LeafletError
from ..load import Brand, problem_at
from ..load.assets import FALLBACK_FAMILY, FontFamily, find_family, font_bytes
from ..load.files import FileProblem


@dataclass(frozen=True)
class RegisteredFamily:
    """ReportLab font names for one family, and the characters its regular face can draw."""

    regular: str
    bold: str
    chars: frozenset[int]


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
    """The fonts of one leaflet: body, headings, and the bundled fallback for missing glyphs.

    The fallback is registered only when some character needs it: parsing DejaVu Sans costs more
    than everything else a cold start does with fonts.
    """

    body: RegisteredFamily
    headings: RegisteredFamily

    @property
    def fallback(self) -> RegisteredFamily:
        return register(FALLBACK_FAMILY)

    def fallback_for(self, family: RegisteredFamily):
        """For markup: the font to use for a character ``family`` cannot draw, if one can."""
        def choose(ch: str) -> str | None:
            if ord(ch) in family.chars or ch.isspace():
                return None
            return self.fallback.regular if ord(ch) in self.fallback.chars else None
        return choose

    def missing(self, text: str, family: RegisteredFamily) -> list[str]:
        """Characters that neither ``family`` nor the fallback can draw (they would print as boxes)."""
        lacking = {ch for ch in text if ord(ch) not in family.chars and not ch.isspace() and ord(ch) >= 0x20}
        return sorted(ch for ch in lacking if ord(ch) not in self.fallback.chars) if lacking else []


def font_set(brand: Brand) -> FontSet:
    """The brand's fonts, registered; a font that cannot be used is an error at its brand line."""
    families = {}
    for role in ("body", "headings"):
        try:
            families[role] = register(getattr(brand.fonts, role))
        except FileProblem as exc:
            raise LeafletError(problem_at(brand, ("fonts", role), str(exc), exc.hint)) from None
    return FontSet(**families)
