"""The branded band across the top of the first page: logo on a white tile, name and tagline."""

from __future__ import annotations

import io
from copy import copy as _copy
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.platypus import Paragraph

from ...errors import AtField, FieldError
from ...load.assets import Logo
from .. import reportlab_private as rl
from .. import tagging
from ..icc import Profile, image_to_cmyk
from . import StyledLeaflet

LOGO_BOX = (58 * mm, 20 * mm)  # the most room a logo gets, keeping its proportions
PAD = 6 * mm
TILE_PAD = 2.5 * mm


class _Undrawable(ValueError):
    """A logo that passed its checks but cannot be drawn; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def _logo(styled: StyledLeaflet, cmyk: Profile | None):
    """(draw(canvas, x, y, w, h), natural width, natural height) for the brand's PNG, JPEG or SVG
    logo, read and checked before layout (load/media.py: size, pixels from the header, SVG
    references).

    Parsed and encoded once per process and logo (a batch draws the same logo hundreds of times).
    For CMYK output a bitmap is flattened onto white (it sits on a white tile anyway) and
    converted through the ICC profile (``cmyk``) that converts the vector colours, so no RGB image
    reaches the print shop and the logo's brand colour matches the band's; SVG colours go through
    the canvas. A logo that cannot be drawn is an error at the brand's logo line.
    """
    try:
        return _cached_logo(styled.media.logo, styled.media.logo_name, cmyk)
    except _Undrawable as exc:
        raise FieldError(AtField(styled.brand, ("logo",), str(exc), exc.hint)) from None


@lru_cache(maxsize=32)
def _cached_logo(logo: Logo, name: str, cmyk: Profile | None):
    if logo.kind == "SVG":
        return _svg_logo(logo.data, name)
    # The image and its transparency mask, decoded and zlib-compressed here once (ReportLab's
    # drawImage would redo both for every PDF: a quarter of a warm build). Each document gets its
    # own copies, registered under the name drawImage gives a file name, so drawImage finds them.
    # The name comes from the file's bytes, not its date, so the same logo gives the same PDF.
    key = f"logo-{rl.digest(logo.data)}-{rl.digest(cmyk.data) if cmyk else 'rgb'}"
    image = PDFImageXObject(
        rl.digest(f"{key}auto".encode()),
        ImageReader(_cmyk_bitmap(logo.data, cmyk) if cmyk else io.BytesIO(logo.data)),
        mask="auto",
    )
    smask = rl.take_soft_mask(image)

    def draw_bitmap(canvas, x, y, w, h):
        doc = rl.pdf_document(canvas)
        name = doc.getXObjectName(image.name)
        if name not in doc.idToObject:
            copy = _copy(image)
            if smask is not None:
                copy.smask = doc.Reference(_copy(smask), doc.getXObjectName(smask.name))
            doc.Reference(copy, name)
        canvas.drawImage(key, x, y, w, h, mask="auto")

    return draw_bitmap, image.width, image.height


def _svg_logo(data: bytes, name: str):
    from svglib.svglib import svg2rlg

    try:
        drawing = svg2rlg(io.BytesIO(data))
    except Exception as exc:  # svglib meets every oddity of hand-made SVG with a different error
        raise _Undrawable(
            f"the SVG logo '{name}' cannot be drawn ({type(exc).__name__})",
            "Export the logo again as SVG (plain shapes), PNG or JPEG.",
        ) from None
    width, height = (drawing.width, drawing.height) if drawing is not None else (0, 0)
    if not (0.01 < width < 1e5 and 0.01 < height < 1e5):
        raise _Undrawable(
            f"the SVG logo '{name}' has no usable size (width {width:g}, height {height:g})",
            "Give its <svg> element a width and a height, or a viewBox, in your design program.",
        )

    def draw_svg(canvas, x, y, w, h):
        # The drawing has no text (read_logo refuses SVG text), but ReportLab's renderer still
        # selects its default font, Helvetica, which would then be listed unembedded in the PDF.
        drawing.initialFontName = rl.initial_font_name(canvas)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w / width, h / height)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()

    return draw_svg, width, height


def _cmyk_bitmap(data: bytes, profile: Profile):
    from PIL import Image

    with Image.open(io.BytesIO(data)) as original:
        rgba = original.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return image_to_cmyk(profile, flat)


SHRINK = (1.0, 0.9, 0.8)  # the clinic's name may be set this much smaller to fit on one line


@lru_cache(maxsize=64)
def _scaled(style: ParagraphStyle, factor: float) -> ParagraphStyle:
    """The band-name style at a smaller size: one object per (style, size), so the paragraph
    stores see the same style every time (see paragraphs.py)."""
    if factor == 1.0:
        return style
    return style.clone(f"{style.name}-{factor:g}", fontSize=style.fontSize * factor, leading=style.leading * factor)


def fitted_name(styled: StyledLeaflet, name: str, width: float) -> Paragraph:
    """The clinic's name on one line, a little smaller if it needs to be; if it still needs two
    lines or more, broken at the narrowest width that keeps that many lines, so the lines come out
    balanced ("Harbour / Skin Clinic", never "Harbour Skin / Clinic"). Returned wrapped."""
    for factor in SHRINK:
        para = styled.para(name, _scaled(styled.styles.band_name, factor))
        if len(_lines(para, width)) == 1:
            return para
    count = len(_lines(para, width))
    low, high = width / 2, width
    for _ in range(10):
        middle = (low + high) / 2
        if len(_lines(para, middle)) == count:
            high = middle
        else:
            low = middle
    para.wrap(high, 1000)
    return para


def _lines(para: Paragraph, width: float) -> list:
    para.wrap(width, 1000)
    return para.blPara.lines


class HeaderBand:
    """The band across the top of a page or panel: measured once, drawn by the page template.

    ``left`` and ``width`` give the band's box; ``inset`` keeps the logo and text inside the safe
    area. ``bleed`` (left, top, right) extends the colour past the trim where the band meets it.
    """

    def __init__(self, styled: StyledLeaflet, left: float, width: float, inset: float, cmyk: Profile | None = None):
        self.styled, self.left, self.width = styled, left, width
        brand, s = styled.brand, styled.styles
        self.logo = None
        tile_w = 0.0
        self.logo_x = left + inset
        if styled.media.logo:
            draw, iw, ih = _logo(styled, cmyk)
            scale = min(LOGO_BOX[0] / iw, LOGO_BOX[1] / ih, (width - 2 * inset - 2 * TILE_PAD) / iw)
            self.logo = (draw, iw * scale, ih * scale)
            tile_w = iw * scale + 2 * TILE_PAD
        text_w = width - 2 * inset - (tile_w + 5 * mm if tile_w else 0)
        if tile_w and text_w < 40 * mm:  # a narrow panel: the name goes under the logo
            self.text_x, text_w, self.stacked = left + inset, width - 2 * inset, True
        else:
            self.text_x, self.stacked = left + inset + (tile_w + 5 * mm if tile_w else 0), False
        if styled.rtl:  # mirrored: the logo on the right, the name (set right-aligned) to its left
            self.logo_x = left + width - inset - tile_w
            if not self.stacked:
                self.text_x = left + inset
        self.lines: list[Paragraph] = [fitted_name(styled, brand.name, text_w)]
        if brand.tagline:
            tagline = styled.para(brand.tagline, s.band_tagline)
            tagline.wrap(text_w, 1000)
            self.lines.append(tagline)
        self.text_h = sum(p.height for p in self.lines) + 2 * (len(self.lines) - 1)
        self.tile_h = self.logo[2] + 2 * TILE_PAD if self.logo else 0
        body = self.tile_h + 4 * mm + self.text_h if self.stacked else max(self.text_h, self.tile_h)
        self.height = max(body, 14 * mm) + 2 * PAD

    def draw(self, canvas, top: float, bleed: tuple[float, float, float] = (0, 0, 0)) -> None:
        colours = self.styled.styles.colours
        b_left, b_top, b_right = bleed
        canvas.saveState()
        with tagging.artifact(canvas):
            canvas.setFillColor(HexColor(colours.band))
            canvas.rect(
                self.left - b_left,
                top - self.height,
                self.width + b_left + b_right,
                self.height + b_top,
                stroke=0,
                fill=1,
            )
        if self.stacked:
            logo_mid = top - PAD - self.tile_h / 2
            text_top = top - PAD - self.tile_h - 4 * mm
        else:
            logo_mid = top - self.height / 2
            text_top = logo_mid + self.text_h / 2
        if self.logo:
            draw, w, h = self.logo
            with tagging.artifact(canvas):
                canvas.setFillColor(white)
                canvas.roundRect(
                    self.logo_x,
                    logo_mid - h / 2 - TILE_PAD,
                    w + 2 * TILE_PAD,
                    h + 2 * TILE_PAD,
                    2 * mm,
                    stroke=0,
                    fill=1,
                )
            with tagging.figure(canvas, tagging.logo_alt(self.styled.brand)):
                draw(canvas, self.logo_x + TILE_PAD, logo_mid - h / 2, w, h)
        y = text_top
        for para in self.lines:
            y -= para.height
            para.drawOn(canvas, self.text_x, y)
            y -= 2
        canvas.restoreState()
