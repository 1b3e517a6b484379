"""Register a brand's TrueType families with ReportLab (embedded, subset) and know their glyphs."""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ..errors import LeafletError
from ..load import Brand, problem_at
from ..load.assets import FALLBACK_FAMILY, find_family, is_shipped, read_font
from ..load.files import FileProblem
from ..load.fontfile import CheckedFont
from ..text.scripts import LATIN, Script, family_for_char


@lru_cache(maxsize=None)
def _covers_ascii(chars: frozenset[int]) -> bool:
    return all(point in chars for point in range(0x21, 0x7F))


class _ShapedFont(TTFont):
    """A TrueType face whose glyphs with no character of their own (ligatures and contextual forms
    that shaping picks) get character codes and widths that depend on the font alone.

    ReportLab's ``hbAddPrivate`` hands such glyphs private-use codes in the order a process first
    meets them, with the advance HarfBuzz gave that first time (kerning included), so a leaflet in a
    shaped script had other bytes after other leaflets than in a fresh process. Here the n-th such
    glyph of the font (in glyph order) always takes the n-th private-use code the font leaves free,
    with its own advance from the font's metrics."""

    def hbFont(self, fontSize=10):
        hb_font = super().hbFont(fontSize)
        self.hbAddPrivate = self._private_code  # ReportLab sets its own at each call
        return hb_font

    def _private_code(self, name, gid, advance):
        face = self.face
        codes = self.__dict__.get("_private_codes")
        if codes is None:
            own = set(face.charToGlyph)
            free = (code for code in range(0xE000, 0xF900) if code not in own)
            unencoded = (glyph for glyph in range(face.numGlyphs) if glyph not in face.glyphToChar)
            codes = self._private_codes = dict(zip(unencoded, free))
        code = codes.get(gid)
        if code is None:  # more unencoded glyphs than private-use codes: ReportLab's own numbering
            return self._TTFont__addPrivate(name, gid, advance)
        if code not in face.charToGlyph:
            self._bind(code, gid)
        return code

    def _bind(self, code: int, gid: int) -> None:
        face = self.face
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])

    def code_for(self, gid: int, text: str) -> int:
        """The code a shaped glyph is drawn with, standing for ``text`` (the characters of its
        cluster, or "" for a cluster's further glyphs: a dot, a mark, a piece of a stroke).

        A glyph that is its own character's (an "a" for "a") keeps that character's code. Any other
        (a Nastaliq letter's form, a ligature, a Bengali conjunct, an Arabic presentation form) gets
        a code of its own for this glyph and this text, in plane 15's private use area, and the PDF's
        ToUnicode map says that code is ``text`` (see addObjects): a glyph does not stand for one
        text everywhere (Nastaliq draws ب, ت and ن with one dotless glyph and separate dots), so
        one code per glyph could not be read back right. The numbers depend on what the process
        shaped first; the PDF does not (it writes each subset's own numbering and these texts)."""
        chars = [code for code in self.face.glyphToChar.get(gid, ()) if code < _TEXT_CODES]
        own = " " if text == "\u00a0" else text
        for code in chars:
            if chr(code) == own:
                return code
        if len(text) > 1:  # a ligature the font encodes (Arabic lam-alef): one character that stands
            for code in chars:  # for it, which no reader reorders (poppler reverses "لا" read right to left)
                if unicodedata.normalize("NFKC", chr(code)) == text:
                    return code
        texts = self.__dict__.setdefault("_text_codes", {})
        code = texts.get((gid, text))
        if code is None:
            code = texts[(gid, text)] = _TEXT_CODES + len(texts)
            self.__dict__.setdefault("_code_texts", {})[code] = text
            self._bind(code, gid)
        return code

    def addObjects(self, doc):
        """ReportLab's font objects, with a ToUnicode map that gives each text-keyed code's text
        (ReportLab's says the code itself: a private-use character no reader can use)."""
        texts = self.__dict__.get("_code_texts")
        state = self.state.get(doc)
        if not texts or state is None:
            return super().addObjects(doc)
        subsets = [(self.getSubsetInternalName(n, doc)[1:], list(subset)) for n, subset in enumerate(state.subsets)]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in subsets:
            if any(code in texts for code in subset):
                cmap = doc.idToObject[fonts[name].ToUnicode.name]
                cmap.content = to_unicode_cmap(fonts[name].BaseFont, subset, texts)


_TEXT_CODES = 0xF0000  # the first code code_for gives (Supplementary Private Use Area-A: 65,534 codes)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap for one subset (as ReportLab's makeToUnicodeCMap), each code given the text
    it stands for: its own character, or ``texts[code]``. A code that stands for nothing (a
    cluster's dot or mark, whose letter its first glyph gives) maps to no character at all."""
    entries = [f"<{index:02X}> <{_utf16(texts[code] if code in texts else chr(code))}>"
               for index, code in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


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


def register(family_name: str) -> RegisteredFamily:
    """A family's regular and bold faces, registered under names made from their contents.

    ReportLab keeps one font per PostScript name for the whole process: a brand font that calls
    itself "AtkinsonHyperlegible-Regular" would otherwise stand in for the shipped one in every
    later leaflet of the process. So the name ReportLab knows a face by, and the name written into
    the PDF, come from the hash of the family's files, never from inside them; the same files give
    the same names (and bytes) in every process, whatever was built before. A brand's own files are
    checked whole (load/fontfile.py) each time their contents change.
    """
    family = find_family(family_name)
    check = not is_shipped(family.regular)
    regular = read_font(family.regular, check)
    return _register(regular, read_font(family.bold, check))


@lru_cache(maxsize=None)
def _register(regular: CheckedFont, bold: CheckedFont) -> RegisteredFamily:
    """The regular and bold faces only: a leaflet never prints italics (they are hard to read), so
    parsing those faces would only slow every cold start. Italic markup falls back to upright.

    Keyed by both faces: the bold that ``<b>`` finds is mapped from the regular's name, so two
    families sharing a regular file but not a bold one must not share that name either."""
    family = hashlib.sha256((regular.digest + bold.digest).encode()).hexdigest()[:20]
    names = {}
    for style, face in (("regular", regular), ("bold", bold)):
        if style == "bold" and bold.digest == regular.digest:  # no bold face (or a copy of the regular)
            names[style] = names["regular"]
            break
        name = f"LF{family}-{style}"
        font = _ShapedFont(name, io.BytesIO(face.data))  # checked, or one of leaflet's own
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
    latin: str | None = None  # the brand's family, when body and headings are a script's
    # the fallback families by name, registered when first needed (a build asks character by character)
    _others: dict = field(default_factory=dict, compare=False, repr=False)

    def _family(self, name: str) -> RegisteredFamily:
        if name not in self._others:
            self._others[name] = register(name)
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
