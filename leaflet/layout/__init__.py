"""Layout: validated data in, PDF bytes out (ReportLab platypus)."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus.doctemplate import LayoutError

from ..errors import LeafletError, Problem
from ..load import Brand, Leaflet
from ..text.money import effective_prices
from .blocks import Kit
from .document import story
from .fonts import font_set
from .glyphs import check_glyphs
from .options import LayoutOptions
from .pages import LeafletDoc
from .styles import make_styles

PAGE_SIZES = {"a4": A4, "letter": LETTER}


def render_pdf(leaflet: Leaflet, brand: Brand, options: LayoutOptions = LayoutOptions()) -> bytes:
    """Lay out a leaflet whose text is already rendered; the same inputs give the same bytes."""
    fonts = font_set(brand.fonts.body, brand.fonts.headings)
    currency, prices = effective_prices(leaflet, brand)
    check_glyphs(leaflet, brand, fonts, currency, prices)
    kit = Kit(leaflet, brand, make_styles(brand, fonts), currency)
    buffer = io.BytesIO()
    doc = LeafletDoc(
        buffer, kit, PAGE_SIZES[options.format],
        title=leaflet.title, author=brand.name, subject=leaflet.subtitle or leaflet.title,
        creator="leaflet", producer="leaflet (ReportLab)", lang=leaflet.language,
        displayDocTitle=True, invariant=1, initialFontName=fonts.body.regular,
        keywords=[k for k in (leaflet.reference, leaflet.version) if k],
    )
    try:
        doc.build(story(kit, doc.frame_width, prices), canvasmaker=doc.canvasmaker)
    except LayoutError:
        message = "part of this section is taller than a page and cannot be split"
        hint = "Shorten the longest table cell, or split the text into shorter paragraphs."
        index = doc.section_index
        source = leaflet._source
        if source is None or index is None:
            raise LeafletError(Problem(message, hint=hint)) from None
        raise LeafletError(source.problem(("sections", index), message, hint)) from None
    return buffer.getvalue()
