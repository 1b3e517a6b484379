"""The canvas every page is drawn on (``canvas_class``), and the print settings it applies
(``PrintSettings``: bleed, crop marks, CMYK, PDF/X), for one page at a time or imposed on sheets.

Real bleed: the page (MediaBox) is the trim size plus the bleed on each side (plus a slug for crop
marks); everything is drawn in trim coordinates shifted by that offset, TrimBox and BleedBox say
where to cut, and backgrounds reach the bleed edge. ReportLab's own ``bleedWidth`` only stretches
the page, so it is not used. CMYK: every colour goes through ``PrintSettings.to_cmyk`` on its way
to the PDF (brand colours through the ICC profile, greys and text in black ink only), and black
text overprints. PDF/X: see pdfx.py.

Every file gets its own identity, made from what is on its pages: the document ID in the trailer
and the six-letter tag of each font subset (ReportLab's invariant mode gives every file the same
ID and the tag AAAAAA, which confuses print workflows that cache fonts and files by them). The same
inputs still give the same bytes.

What this needs of ReportLab's insides (pages kept back, the file's ID, the subset tags) is in
reportlab_private.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import reportlab_private as rl
from . import tagging
from .icc import Profile, rgb_to_cmyk
from .metadata import add_metadata

SLUG = 10 * mm  # room outside the bleed for the crop marks
MARK_LENGTH = 6 * mm
MARK_WIDTH = 0.25


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
class PrintSettings:
    """How the file is to be printed: what the canvas does to every page."""

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

    def boxes(self, trim: tuple[float, float]) -> tuple[tuple[float, float, float, float] | None, ...]:
        """TrimBox and BleedBox (None, None: the page is the trim)."""
        if not self.offset and not self.pdfx:
            return None, None
        o, b = self.offset, self.bleed
        w, h = trim
        return (o, o, o + w, o + h), (o - b, o - b, o + w + b, o + h + b)


def draw_crop_marks(canvas: Canvas, trim: tuple[float, float], printing: PrintSettings) -> None:
    """Hairlines at each corner, in the slug, stopping short of the bleed so they never print on the job."""
    w, h = trim
    start = printing.bleed + 2  # points beyond the trim where a mark begins
    with tagging.artifact(canvas, "Pagination"):
        _crop_marks(canvas, w, h, start, printing)


def _crop_marks(canvas: Canvas, w: float, h: float, start: float, printing: PrintSettings) -> None:
    canvas.saveState()
    canvas.setStrokeColor(CMYKColor(1, 1, 1, 1) if printing.cmyk else Color(0, 0, 0))
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


def canvas_class(
    printing: PrintSettings,
    decorate: PageDecor | None = None,
    imposition: Imposition | None = None,
    tagged: bool = True,
) -> type[Canvas]:
    """A canvas class that holds pages back to the end (for "Page X of Y" and imposition),
    shifts them for bleed, adds crop marks and boxes, and forces CMYK when asked. ``tagged``:
    the pages get a structure tree (tagging.py); imposed sheets never do (a print-shop file whose
    pages are not in reading order)."""

    page_offset = 0.0 if imposition else printing.offset

    class PrintCanvas(rl.TabbedPages):
        def __init__(self, filename, pagesize=None, **kwargs):
            if printing.cmyk:
                kwargs["enforceColorSpace"] = printing.to_cmyk
            self.overprint_black = printing.cmyk
            self.trim = imposition.sheet if imposition else pagesize
            super().__init__(
                filename, pagesize=(pagesize[0] + 2 * page_offset, pagesize[1] + 2 * page_offset), **kwargs
            )
            rl.set_boxes(self, *printing.boxes(self.trim))
            self._held: list[dict] = []  # the pages drawn, kept until the total is known
            self._marks: dict[int, list[tuple[str, float, float]]] = {}  # page index -> bookmarks
            self.tagger = tagging.Tagger() if tagged and not imposition else None
            self._shift()

        def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
            entries = tagging.link_entries(self, tagging.link_contents(url, kind))
            super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **entries, **kw)
            tagging.link_made(self, entries)

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
            self._held.append(rl.page_state(self))
            tagging.page_ended(self)
            rl.start_page(self)
            self._shift()

        def save(self):
            """Decorate and write the held pages, with this file's own ID and subset tags."""
            digest = self._content_digest()
            rl.set_file_id(self, digest[:16])
            tagged = self.tagger is not None  # only a tagged file claims PDF/UA-1
            doc = rl.pdf_document(self)
            if printing.pdfx:
                from .pdfx import make_pdfx

                make_pdfx(doc, printing.profile, printing.published, digest, tagged)  # its metadata, with PDF/X's
            else:
                add_metadata(doc, tagged=tagged)
            with rl.subset_tags_from(digest):
                self._write_pages()

        def _content_digest(self) -> bytes:
            """What identifies this file: every page's drawing and the document information."""
            digest = hashlib.sha256()
            info = rl.pdf_document(self).info
            for text in (info.title, info.author, info.subject, info.keywords):
                digest.update(str(text).encode("utf-8", "replace") + b"\0")
            for state in self._held:
                digest.update("\n".join(rl.page_code(state)).encode("utf-8", "replace"))
            return digest.digest()

        def _write_pages(self):
            total = len(self._held)
            pages = []
            for number, state in enumerate(self._held, 1):
                rl.restore_page(self, state)
                if decorate:
                    decorate(self, number, total)
                if imposition:
                    pages.append(rl.page_state(self))
                    continue
                if printing.crop_marks:
                    draw_crop_marks(self, self.trim, printing)
                self._bookmarks(number - 1, printing.offset, printing.offset)
                Canvas.showPage(self)
            if imposition:
                self._emit_sheets(pages)
            tagging.finish(self)
            Canvas.save(self)

        def _emit_sheets(self, pages: list[dict]) -> None:
            assert imposition is not None  # called for an imposed booklet only
            w, h = imposition.sheet
            pw, b = imposition.page_width, printing.bleed
            for sheet in imposition.order(len(pages)):
                merged = rl.new_sheet(
                    [f"1 0 0 1 {printing.offset:.4f} {printing.offset:.4f} cm"] if printing.offset else []
                )
                for slot, index in enumerate(sheet):
                    if index is None:
                        continue
                    # Clip to the page's half of the sheet, letting it bleed only on the outer edges.
                    left = slot * pw - (b if slot == 0 else 0)
                    right = (slot + 1) * pw + (b if slot == 1 else 0)
                    rl.place_on_sheet(
                        merged,
                        pages[index],
                        [
                            "q",
                            f"{left:.4f} {-b:.4f} {right - left:.4f} {h + 2 * b:.4f} re W n",
                            f"1 0 0 1 {slot * pw:.4f} 0 cm",
                        ],
                        ["Q"],
                    )
                rl.restore_page(self, merged)
                rl.set_media_size(self, printing.media((w, h)))
                if printing.crop_marks:
                    draw_crop_marks(self, (w, h), printing)  # the code above already shifted by the offset
                for slot, index in enumerate(sheet):
                    if index is not None:
                        self._bookmarks(index, printing.offset + slot * pw, printing.offset)
                Canvas.showPage(self)

    return PrintCanvas
