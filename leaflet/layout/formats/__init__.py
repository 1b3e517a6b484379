"""Each format lays the same story out for its paper: pages (A4, Letter), an A5 booklet, a DL tri-fold."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.platypus.doctemplate import LayoutError

from ...errors import AtField, FieldError
from ..blocks import StyledLeaflet
from ..blocks.closing import about_block, contact_block
from ..document import opening, sections, story
from ..flow import Block, chain
from ..options import LARGE_PRINT_SIZE, MIN_LARGE_PRINT, LayoutOptions
from ..print_canvas import PrintSettings
from ..report import LayoutReport
from .booklet import FOLDED_PAGE, IMPOSITION, IMPOSITION_RIGHT_TO_LEFT
from .paged import PadToBackCover, PagedDoc
from .trifold import TrifoldDoc, TrifoldOverflow, cover_story, overflow_problem

# A4 and Letter: 14 pt body text on a 162 mm measure (24 mm margins on A4) sets about 75 characters
# to a full line (RNIB's Clear Print asks for 60-70; 85-92 at 12.5 pt between 18 mm margins was too
# long to follow back to the next line). Letter, 6 mm wider, keeps the same measure with wider
# margins. Top and bottom stay 18 mm, clear of any office printer's edge.
PAGE_SIZE = 14.0
MEASURE = A4[0] - 2 * 24 * mm
PAGE_TOP_BOTTOM = 18 * mm
BOOKLET_SIZE = 12.5  # A5: about 55 characters to the line already
BOOKLET_MARGINS = (13 * mm, 13 * mm)
TRIFOLD_SIZE = 12.0  # the minimum body size, so as much as possible fits six panels
MIN_SIZE = 12.0  # no text smaller, in any format (LF606)


def body_size(options: LayoutOptions) -> float:
    if options.body_size:
        return options.body_size
    if options.large_print:
        return LARGE_PRINT_SIZE
    return {"a4": PAGE_SIZE, "letter": PAGE_SIZE, "dl-trifold": TRIFOLD_SIZE}.get(options.format, BOOKLET_SIZE)


def min_size(options: LayoutOptions) -> float:
    return MIN_LARGE_PRINT if options.large_print or options.body_size else MIN_SIZE


def render(styled: StyledLeaflet, options: LayoutOptions, meta: dict) -> tuple[bytes, LayoutReport]:
    """The PDF and what its layout could not avoid."""
    cmyk = options.cmyk or options.pdfx
    printing = PrintSettings(
        bleed=options.bleed_mm * mm,
        crop_marks=options.crop_marks,
        cmyk=cmyk,
        profile=styled.media.profile if cmyk else None,
        pdfx=options.pdfx,
        published=styled.leaflet.published,
    )
    buffer = io.BytesIO()
    if options.format == "dl-trifold":
        doc = TrifoldDoc(buffer, styled, printing, min_size(options), **meta)
        cover, parts, flow = trifold_story(styled, doc.text_width)
        try:
            doc.balance(flow)
            build(doc, flow)
        except TrifoldOverflow:
            raise overflow_problem(styled, doc, cover, parts, body_size(options), options.large_print) from None
        if doc.back_overflow:
            raise FieldError(
                AtField(
                    styled.brand,
                    ("address",),
                    "the contact details and dates do not fit the tri-fold's back panel",
                    "Shorten the address or the footer line in the brand file.",
                )
            )
        return buffer.getvalue(), doc.report
    if options.format == "a5-booklet":
        size, margins = (FOLDED_PAGE if options.impose else A5), BOOKLET_MARGINS
        imposition = (IMPOSITION_RIGHT_TO_LEFT if styled.rtl else IMPOSITION) if options.impose else None
        # The contact details on the back cover; "about" (dates, reference) ends the text inside.
        doc = PagedDoc(
            buffer,
            styled,
            size,
            margins,
            printing,
            min_size(options),
            imposition,
            back_cover=[Block(contact_block(styled, size[0] - 2 * margins[0]))],
            **meta,
        )
        width = doc.frame_width
        flow = (
            opening(styled, width)
            + [f for _, part in sections(styled, width) for f in part]
            + [Block(about_block(styled)), PadToBackCover()]
        )
    else:
        size = {"a4": A4, "letter": LETTER}[options.format]
        margins = ((size[0] - MEASURE) / 2, PAGE_TOP_BOTTOM)
        doc = PagedDoc(buffer, styled, size, margins, printing, min_size(options), **meta)
        flow = story(styled, doc.frame_width)
    build(doc, chain(flow))
    return buffer.getvalue(), doc.report


def trifold_story(styled: StyledLeaflet, width: float) -> tuple[list, list, list]:
    """The tri-fold's opening (for the cover) and sections, and the story they make."""
    cover, parts = opening(styled, width), sections(styled, width)
    return cover, parts, chain(cover_story(cover) + [f for _, part in parts for f in part])


def build(doc, flowables: list) -> None:
    """Lay out, naming the section when something is taller than a page and cannot split."""
    try:
        doc.build(flowables)
    except LayoutError:
        message = "part of this section is taller than a page and cannot be split"
        hint = "Shorten the longest table cell, or split the text into shorter paragraphs."
        index = doc.section_index
        raise FieldError(
            AtField(doc.styled.leaflet, ("sections",) if index is None else ("sections", index), message, hint)
        ) from None
