"""Print-shop output, applied by the canvas that every page is drawn on.

Real bleed: the page (MediaBox) is the trim size plus the bleed on each side (plus a slug for crop
marks); everything is drawn in trim coordinates shifted by that offset, TrimBox and BleedBox say
where to cut, and backgrounds reach the bleed edge. ReportLab's own ``bleedWidth`` only stretches
the page, so it is not used. CMYK: every colour goes through ``Press.to_cmyk`` on its way to the
PDF (brand colours through the ICC profile, greys and text in black ink only), and black text
overprints. PDF/X: see pdfx.py.

Every file gets its own identity, made from what is on its pages: the document ID in the trailer
and the six-letter tag of each font subset (ReportLab's invariant mode gives every file the same
ID and the tag AAAAAA, which confuses print workflows that cache fonts and files by them). The same
inputs still give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText
from reportlab.pdfgen.canvas import Canvas, ExtGState

from .icc import Profile, rgb_to_cmyk

SLUG = 10 * mm  # room outside the bleed for the crop marks
MARK_LENGTH = 6 * mm
MARK_WIDTH = 0.25


_SUBSET_SEED: ContextVar[bytes | None] = ContextVar("subset_seed", default=None)
_reportlab_subset_tag = ttfonts.SUBSETN


def _subset_tag(n: int, *args) -> bytes:
    """A font subset's tag ("XKQBTR+"): from the file's content while it is written, else ReportLab's."""
    seed = _SUBSET_SEED.get()
    if seed is None:
        return _reportlab_subset_tag(n, *args)
    return bytes(65 + b % 26 for b in hashlib.sha256(seed + n.to_bytes(4, "big")).digest()[:6])


ttfonts.SUBSETN = _subset_tag  # looked up by name when ReportLab writes each subset

# zlib level for every compressed stream (pages, font subsets, forms). Measured on the benchmark
# leaflets (bench/run.py prints it again): the default, 6, spent 1.4 ms of a 12 ms warm build
# compressing; levels 1 to 3 (zlib's fast strategy) spend 0.8-0.9 ms for files 3-6% larger.
ZLIB_LEVEL = 1


class _Flate(pdfdoc.PDFStreamFilterZCompress):
    def encode(self, text):
        kept = _FONT_PROGRAMS.flated.get(id(text))
        if kept and kept[0] is text and kept[1] == ZLIB_LEVEL:
            return kept[2]
        flated = zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, ZLIB_LEVEL)
        if kept and kept[0] is text:
            _FONT_PROGRAMS.flated[id(text)] = (text, ZLIB_LEVEL, flated)
        return flated


class _FontPrograms:
    """Font subsets made once per font and glyph list, and compressed once.

    ReportLab cuts each font down to the glyphs a file uses, in the order it first used them, and
    compresses the result, for every file: a twentieth of a build, and most of the bytes zlib is
    given. Leaflets of a batch use the same few glyph lists over and over (10 brands x 2 texts x 4
    formats: 160 subsets, 3 different). Cutting a font is a pure function of the font and the
    list, so the same bytes are kept (the most recent ``size``) and given out again.
    """

    def __init__(self, size: int = 32):
        self.size = size
        self.made: dict[tuple, bytes] = {}  # (font, glyph list) -> the subset's font program
        # id of each of those programs -> (program, zlib level, compressed), level None until
        # compressed: what _Flate looks for
        self.flated: dict[int, tuple[bytes, int | None, bytes | None]] = {}

    def subset(self, font: ttfonts.TTFontFile, glyphs: list[int]) -> bytes:
        key = (font, tuple(glyphs))
        program = self.made.pop(key, None)
        if program is None:
            program = _reportlab_make_subset(font, glyphs)
            if len(self.made) >= self.size:
                oldest = self.made.pop(next(iter(self.made)))
                del self.flated[id(oldest)]  # its id may now be given to other bytes
            self.flated[id(program)] = (program, None, None)
        self.made[key] = program  # now the most recent
        return program


_FONT_PROGRAMS = _FontPrograms()
_reportlab_make_subset = ttfonts.TTFontFile.makeSubset
ttfonts.TTFontFile.makeSubset = lambda font, subset: _FONT_PROGRAMS.subset(font, subset)


# ReportLab looks it up by name each time it writes a stream: every ReportLab document the process
# makes is compressed at this level.
pdfdoc.PDFZCompress = _Flate()

_reportlab_pdfdoc_enc = pdfdoc.pdfdocEnc
_NOT_PDFDOC = re.compile("[\x18-\x1f]")  # the only ASCII characters PDFDocEncoding lacks


def _pdfdoc_bytes(text):
    """Text as PDFDocEncoding bytes, as ReportLab's pdfdocEnc makes them. ReportLab encodes every
    name, number and operator of a file through its PDFDocEncoding codec, written in Python: 7% of
    a build. Those are ASCII, which the codec leaves as they are, so ASCII is encoded directly."""
    if isinstance(text, str) and text.isascii() and not _NOT_PDFDOC.search(text):
        return text.encode("ascii")
    return _reportlab_pdfdoc_enc(text)


# Looked up by name as each object of a file is written (pdfdoc.format).
pdfdoc.pdfdocEnc = _pdfdoc_bytes


def prints_black(colour) -> bool:
    """Near-black neutral ink (the body text colour): printed as 100% K, overprinting."""
    c = toColor(colour)
    if isinstance(c, CMYKColor):
        return c.cyan == c.magenta == c.yellow == 0 and c.black >= 0.8
    return c.red == c.green == c.blue and c.red <= 0.2


@contextmanager
def overprinting(canvas):
    """Black text printed over what is under it, not knocked out of it: no white halo where the
    plates are a hair out of register (CMYK output only; nothing white is ever drawn this way)."""
    canvas.saveState()
    canvas.setFillOverprint(True)
    canvas.setOverprintMask(True)
    try:
        yield
    finally:
        canvas.restoreState()


@dataclass(frozen=True)
class Press:
    bleed: float = 0.0  # points on each side
    crop_marks: bool = False
    cmyk: bool = False
    profile: Profile | None = None  # the CMYK output profile (needed for cmyk and pdfx)
    pdfx: bool = False
    published: dt.date | None = None  # dates a PDF/X file

    def to_cmyk(self, colour) -> CMYKColor:
        """Any colour as CMYK: greys in black ink only (near-black as solid black, so text is never
        a screened tint), other colours through the ICC profile."""
        c = toColor(colour)
        if isinstance(c, CMYKColor):
            return c
        if not isinstance(c, Color):
            raise ValueError(f"not a colour: {colour!r}")
        if c.red == c.green == c.blue:
            return CMYKColor(0, 0, 0, 1.0 if prints_black(c) else round(1 - c.red, 4), alpha=c.alpha)
        rgb = tuple(round(v * 255) for v in (c.red, c.green, c.blue))
        return CMYKColor(*rgb_to_cmyk(self.profile, rgb), alpha=c.alpha)

    @property
    def offset(self) -> float:
        return self.bleed + (SLUG if self.crop_marks else 0.0)

    def media(self, trim: tuple[float, float]) -> tuple[float, float]:
        return trim[0] + 2 * self.offset, trim[1] + 2 * self.offset

    def boxes(self, trim: tuple[float, float]) -> dict[str, tuple[float, float, float, float] | None]:
        if not self.offset and not self.pdfx:
            return {"_trimBox": None, "_bleedBox": None}
        o, b = self.offset, self.bleed
        w, h = trim
        return {"_trimBox": (o, o, o + w, o + h), "_bleedBox": (o - b, o - b, o + w + b, o + h + b)}


def _merge_states(sheet: ExtGState, page: ExtGState, code: list[str]) -> list[str]:
    """A page's graphics states (overprint, say) added to its sheet's, its code renamed to match:
    each page numbers its own states from gRLs0, so two pages on a sheet would clash."""
    renames = {}
    for setting, name in page._c.items():
        renames[name] = sheet._c.setdefault(setting, f"gRLs{len(sheet._c)}")
    if all(old == new for old, new in renames.items()):
        return code
    pattern = re.compile(r"/(gRLs\d+) gs")
    return [pattern.sub(lambda m: f"/{renames.get(m.group(1), m.group(1))} gs", line) for line in code]


def draw_crop_marks(canvas: Canvas, trim: tuple[float, float], press: Press) -> None:
    """Hairlines at each corner, in the slug, stopping short of the bleed so they never print on the job."""
    w, h = trim
    start = press.bleed + 2  # points beyond the trim where a mark begins
    canvas.saveState()
    canvas.setStrokeColor(CMYKColor(1, 1, 1, 1) if press.cmyk else Color(0, 0, 0))
    canvas.setLineWidth(MARK_WIDTH)
    for x, sx in ((0, -1), (w, 1)):
        for y, sy in ((0, -1), (h, 1)):
            canvas.line(x + sx * start, y, x + sx * (start + MARK_LENGTH), y)
            canvas.line(x, y + sy * start, x, y + sy * (start + MARK_LENGTH))
    canvas.restoreState()


@dataclass(frozen=True)
class Imposition:
    """Place finished pages side by side on sheets: ``order(n)`` lists each sheet's pages (None = blank)."""

    sheet: tuple[float, float]
    page_width: float
    order: Callable[[int], list[tuple[int | None, int | None]]]


PageDecor = Callable[[Canvas, int, int], None]  # draws on page n of total, once the total is known


def press_canvas(press: Press, decorate: PageDecor | None = None,
                 imposition: Imposition | None = None) -> type[Canvas]:
    """A canvas class that holds pages back to the end (for "Page X of Y" and imposition),
    shifts them for bleed, adds crop marks and boxes, and forces CMYK when asked."""

    page_offset = 0.0 if imposition else press.offset

    class PressCanvas(Canvas):
        def __init__(self, filename, pagesize=None, **kwargs):
            if press.cmyk:
                kwargs["enforceColorSpace"] = press.to_cmyk
            self.overprint_black = press.cmyk
            self._trim = imposition.sheet if imposition else pagesize
            super().__init__(filename, pagesize=(pagesize[0] + 2 * page_offset,
                                                 pagesize[1] + 2 * page_offset), **kwargs)
            self.__dict__.update(press.boxes(self._trim))
            self._held: list[dict] = []
            self._marks: dict[int, list[tuple[str, float, float]]] = {}  # page index -> bookmarks
            self._shift()

        def mark(self, key: str, x: float, top: float) -> None:
            """A bookmark at (x, top) of the page being drawn, made when its page is written."""
            self._marks.setdefault(len(self._held), []).append((key, x, top))

        def _bookmarks(self, index: int, dx: float, dy: float) -> None:
            for key, x, top in self._marks.get(index, ()):
                self.bookmarkPage(key, fit="XYZ", left=round(x + dx, 2), top=round(top + dy, 2))

        def setPageSize(self, size):  # the document asks for the trim size; the sheet is larger
            super().setPageSize((size[0] + 2 * page_offset, size[1] + 2 * page_offset))

        def _shift(self) -> None:
            if page_offset:
                self.translate(page_offset, page_offset)

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()
            self._shift()

        def save(self):
            """Decorate and write the held pages, with this file's own ID and subset tags."""
            digest = self._content_digest()
            ident = PDFText(digest[:16], enc="raw").format(DummyDoc())
            self._doc._ID = b"\n[" + ident + ident + b"]\n"
            if press.pdfx:
                from .pdfx import make_pdfx
                make_pdfx(self._doc, press.profile, press.published, digest)
            token = _SUBSET_SEED.set(digest)
            try:
                self._write_pages()
            finally:
                _SUBSET_SEED.reset(token)

        def _content_digest(self) -> bytes:
            """What identifies this file: every page's drawing and the document information."""
            digest = hashlib.sha256()
            info = self._doc.info
            for text in (info.title, info.author, info.subject, info.keywords):
                digest.update(str(text).encode("utf-8", "replace") + b"\0")
            for state in self._held:
                digest.update("\n".join(state["_code"]).encode("utf-8", "replace"))
            return digest.digest()

        def _write_pages(self):
            total = len(self._held)
            pages = []
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                if decorate:
                    decorate(self, number, total)
                if imposition:
                    pages.append(dict(self.__dict__))
                    continue
                if press.crop_marks:
                    draw_crop_marks(self, self._trim, press)
                self._bookmarks(number - 1, press.offset, press.offset)
                Canvas.showPage(self)
            if imposition:
                self._emit_sheets(pages)
            Canvas.save(self)

        def _emit_sheets(self, pages: list[dict]) -> None:
            assert imposition is not None  # called for an imposed booklet only
            w, h = imposition.sheet
            pw, b = imposition.page_width, press.bleed
            for sheet in imposition.order(len(pages)):
                code = [f"1 0 0 1 {press.offset:.4f} {press.offset:.4f} cm"] if press.offset else []
                merged = {"_formsinuse": [], "_annotationrefs": [], "_colorsUsed": {}, "_shadingUsed": {},
                          "_extgstate": ExtGState()}
                for slot, index in enumerate(sheet):
                    if index is None:
                        continue
                    page = pages[index]
                    # Clip to the page's half of the sheet, letting it bleed only on the outer edges.
                    left = slot * pw - (b if slot == 0 else 0)
                    right = (slot + 1) * pw + (b if slot == 1 else 0)
                    code += ["q", f"{left:.4f} {-b:.4f} {right - left:.4f} {h + 2 * b:.4f} re W n",
                             f"1 0 0 1 {slot * pw:.4f} 0 cm",
                             *_merge_states(merged["_extgstate"], page["_extgstate"], page["_code"]), "Q"]
                    merged["_formsinuse"] += [f for f in page["_formsinuse"] if f not in merged["_formsinuse"]]
                    merged["_annotationrefs"] += page["_annotationrefs"]
                    merged["_colorsUsed"].update(page["_colorsUsed"])
                    merged["_shadingUsed"].update(page["_shadingUsed"])
                self.__dict__.update(merged)
                self._code = code
                self._pagesize = press.media((w, h))
                if press.crop_marks:
                    draw_crop_marks(self, (w, h), press)  # the code above already shifted by the offset
                for slot, index in enumerate(sheet):
                    if index is not None:
                        self._bookmarks(index, press.offset + slot * pw, press.offset)
                Canvas.showPage(self)

    return PressCanvas
