"""The branded band across the top of the first page: logo on a white tile, name and tagline."""
from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Paragraph

from . import Kit

LOGO_BOX = (58 * mm, 20 * mm)  # the most room a logo gets, keeping its proportions
PAD = 6 * mm
TILE_PAD = 2.5 * mm


def _logo(path: str):
    """(draw(canvas, x, y, w, h), natural width, natural height) for a PNG, JPEG or SVG logo."""
    if path.lower().endswith(".svg"):
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(path)

        def draw_svg(canvas, x, y, w, h):
            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(w / drawing.width, h / drawing.height)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()

        return draw_svg, drawing.width, drawing.height
    image = ImageReader(path)
    iw, ih = image.getSize()

    def draw_bitmap(canvas, x, y, w, h):
        canvas.drawImage(image, x, y, w, h, mask="auto")

    return draw_bitmap, iw, ih


class HeaderBand:
    """Measured once, drawn on the first page by the page template."""

    def __init__(self, kit: Kit, page_width: float, margin: float):
        self.kit, self.page_width, self.margin = kit, page_width, margin
        brand, s = kit.brand, kit.styles
        self.logo = None
        tile_w = 0.0
        if brand.logo:
            draw, iw, ih = _logo(brand.logo)
            scale = min(LOGO_BOX[0] / iw, LOGO_BOX[1] / ih)
            self.logo = (draw, iw * scale, ih * scale)
            tile_w = iw * scale + 2 * TILE_PAD
        self.tile_w = tile_w
        self.text_x = margin + (tile_w + 5 * mm if tile_w else 0)
        text_w = page_width - margin - self.text_x
        self.lines: list[Paragraph] = [kit.para(brand.name, s.band_name)]
        if brand.tagline:
            self.lines.append(kit.para(brand.tagline, s.band_tagline))
        self.text_h = sum(p.wrap(text_w, 1000)[1] for p in self.lines) + 2 * (len(self.lines) - 1)
        tile_h = self.logo[2] + 2 * TILE_PAD if self.logo else 0
        self.height = max(self.text_h, tile_h, 14 * mm) + 2 * PAD

    def draw(self, canvas, page_height: float) -> None:
        colours = self.kit.styles.colours
        top = page_height
        canvas.saveState()
        canvas.setFillColor(HexColor(colours.band))
        canvas.rect(0, top - self.height, self.page_width, self.height, stroke=0, fill=1)
        mid = top - self.height / 2
        if self.logo:
            draw, w, h = self.logo
            canvas.setFillColor(white)
            canvas.roundRect(self.margin, mid - h / 2 - TILE_PAD, w + 2 * TILE_PAD, h + 2 * TILE_PAD,
                             2 * mm, stroke=0, fill=1)
            draw(canvas, self.margin + TILE_PAD, mid - h / 2, w, h)
        y = mid + self.text_h / 2
        for para in self.lines:
            y -= para.height
            para.drawOn(canvas, self.text_x, y)
            y -= 2
        canvas.restoreState()
