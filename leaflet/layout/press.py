"""Print-shop output, applied by the canvas that every page is drawn on.

Real bleed: the page (MediaBox) is the trim size plus the bleed on each side (plus a slug for crop
marks); everything is drawn in trim coordinates shifted by that offset, TrimBox and BleedBox say
where to cut, and backgrounds reach the bleed edge. ReportLab's own ``bleedWidth`` only stretches
the page, so it is not used. CMYK: every colour goes through ``to_cmyk`` on its way to the PDF.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

SLUG = 10 * mm  # room outside the bleed for the crop marks
MARK_LENGTH = 6 * mm
MARK_WIDTH = 0.25


@dataclass(frozen=True)
class Press:
    bleed: float = 0.0  # points on each side
    crop_marks: bool = False
    cmyk: bool = False

    @property
    def offset(self) -> float:
        return self.bleed + (SLUG if self.crop_marks else 0.0)

    def media(self, trim: tuple[float, float]) -> tuple[float, float]:
        return trim[0] + 2 * self.offset, trim[1] + 2 * self.offset

    def boxes(self, trim: tuple[float, float]) -> dict[str, tuple[float, float, float, float] | None]:
        if not self.offset:
            return {"_trimBox": None, "_bleedBox": None}
        o, b = self.offset, self.bleed
        w, h = trim
        return {"_trimBox": (o, o, o + w, o + h), "_bleedBox": (o - b, o - b, o + w + b, o + h + b)}


def to_cmyk(colour) -> CMYKColor:
    """Any colour as CMYK; greys become black ink only, so text is not printed in four inks."""
    c = toColor(colour)
    if isinstance(c, CMYKColor):
        return c
    if not isinstance(c, Color):
        raise ValueError(f"not a colour: {colour!r}")
    r, g, b = c.red, c.green, c.blue
    if r == g == b:
        return CMYKColor(0, 0, 0, 1 - r, alpha=c.alpha)
    k = 1 - max(r, g, b)
    return CMYKColor(*((1 - x - k) / (1 - k) for x in (r, g, b)), k, alpha=c.alpha)


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
                kwargs["enforceColorSpace"] = to_cmyk
            self._trim = imposition.sheet if imposition else pagesize
            super().__init__(filename, pagesize=(pagesize[0] + 2 * page_offset,
                                                 pagesize[1] + 2 * page_offset), **kwargs)
            self.__dict__.update(press.boxes(self._trim))
            self._held: list[dict] = []
            self._shift()

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
                Canvas.showPage(self)
            if imposition:
                self._emit_sheets(pages)
            Canvas.save(self)

        def _emit_sheets(self, pages: list[dict]) -> None:
            w, h = imposition.sheet
            pw, b = imposition.page_width, press.bleed
            for sheet in imposition.order(len(pages)):
                code = [f"1 0 0 1 {press.offset:.4f} {press.offset:.4f} cm"] if press.offset else []
                merged = {"_formsinuse": [], "_annotationrefs": [], "_colorsUsed": {}, "_shadingUsed": {}}
                for slot, index in enumerate(sheet):
                    if index is None:
                        continue
                    page = pages[index]
                    # Clip to the page's half of the sheet, letting it bleed only on the outer edges.
                    left = slot * pw - (b if slot == 0 else 0)
                    right = (slot + 1) * pw + (b if slot == 1 else 0)
                    code += ["q", f"{left:.4f} {-b:.4f} {right - left:.4f} {h + 2 * b:.4f} re W n",
                             f"1 0 0 1 {slot * pw:.4f} 0 cm", *page["_code"], "Q"]
                    merged["_formsinuse"] += [f for f in page["_formsinuse"] if f not in merged["_formsinuse"]]
                    merged["_annotationrefs"] += page["_annotationrefs"]
                    merged["_colorsUsed"].update(page["_colorsUsed"])
                    merged["_shadingUsed"].update(page["_shadingUsed"])
                self.__dict__.update(merged)
                self._code = code
                self._pagesize = press.media((w, h))
                if press.crop_marks:
                    draw_crop_marks(self, (w, h), press)  # the code above already shifted by the offset
                Canvas.showPage(self)

    return PressCanvas
