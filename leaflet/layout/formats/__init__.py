"""Each format lays the same story out for its paper: pages (A4, Letter), an A5 booklet, a DL tri-fold."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.platypus.doctemplate import LayoutError

from ...errors import LeafletError
from ...load import problem_at
from ..blocks import Kit
from ..document import opening, sections, story
from ..options import LayoutOptions
from ..press import Press
from .booklet import FOLDED_PAGE, IMPOSITION
from .paged import PagedDoc
from .trifold import TrifoldDoc, TrifoldOverflow, cover_story, overflow_problem

PAGE_MARGIN = 18 * mm  # clear of every office printer's unprintable edge
BOOKLET_MARGIN = 13 * mm
TRIFOLD_SIZE = 12.0  # the minimum body size, so as much as possible fits six panels


def body_size(options: LayoutOptions) -> float:
    if options.format == "dl-trifold" and not (options.large_print or options.body_size):
        return TRIFOLD_SIZE
    return options.size


def render(kit: Kit, options: LayoutOptions, meta: dict) -> bytes:
    press = Press(bleed=options.bleed * mm, crop_marks=options.crop_marks, cmyk=options.cmyk)
    buffer = io.BytesIO()
    if options.format == "dl-trifold":
        doc = TrifoldDoc(buffer, kit, press, **meta)
        parts = sections(kit, doc.text_width)
        try:
            build(doc, cover_story(opening(kit, doc.text_width)) + [f for _, part in parts for f in part])
        except TrifoldOverflow:
            raise overflow_problem(kit, doc, opening(kit, doc.text_width), sections(kit, doc.text_width),
                                   body_size(options), options.large_print) from None
        if doc.back_overflow:
            raise LeafletError(problem_at(kit.brand, ("address",),
                                          "the contact details and dates do not fit the tri-fold's back panel",
                                          "Shorten the address or the footer line in the brand file."))
        return buffer.getvalue()
    if options.format == "a5-booklet":
        size, margin = (FOLDED_PAGE if options.impose else A5), BOOKLET_MARGIN
        imposition = IMPOSITION if options.impose else None
    else:
        size, margin, imposition = {"a4": A4, "letter": LETTER}[options.format], PAGE_MARGIN, None
    doc = PagedDoc(buffer, kit, size, margin, press, imposition, **meta)
    build(doc, story(kit, doc.frame_width))
    return buffer.getvalue()



def build(doc, flowables: list) -> None:
    """Lay out, naming the section when something is taller than a page and cannot split."""
    try:
        doc.build(flowables)
    except LayoutError:
        message = "part of this section is taller than a page and cannot be split"
        hint = "Shorten the longest table cell, or split the text into shorter paragraphs."
        index = doc.section_index
        raise LeafletError(problem_at(doc.kit.leaflet, ("sections",) if index is None else ("sections", index),
                                      message, hint)) from None
