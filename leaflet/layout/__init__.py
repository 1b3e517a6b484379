"""Layout: validated data in, PDF bytes out (ReportLab platypus). Layout reads no file: the fonts,
the logo and the output profile come in as data (load/media.py), and a problem it finds at a field
is raised as errors.FieldError, for the API to place at its file:line:col (load.placed)."""

from __future__ import annotations

from ..load.media import Media
from ..text.prepare import Prepared
from ..text.scripts import script_of
from . import paragraphs
from .blocks import StyledLeaflet
from .fonts import font_set
from .formats import body_size, render
from .glyphs import check_glyphs
from .options import LayoutOptions
from .report import LayoutReport
from .reportlab_private import drawing
from .styles import make_styles


def render_pdf(prepared: Prepared, options: LayoutOptions, media: Media) -> bytes:
    """Lay out a prepared leaflet (text.prepare); the same inputs give the same bytes."""
    return lay_out(prepared, options, media)[0]


def lay_out(prepared: Prepared, options: LayoutOptions, media: Media) -> tuple[bytes, LayoutReport]:
    """The PDF, and the layout report: what the page breaks could not avoid (LF6xx)."""
    leaflet = prepared.leaflet
    with drawing():  # ReportLab as leaflet needs it, for this thread, until the PDF is made
        styled, meta = start(prepared, options, media)
        meta.update(title=leaflet.title, subject=leaflet.subtitle or leaflet.title)
        return render(styled, options, meta)


def start(prepared: Prepared, options: LayoutOptions, media: Media) -> tuple[StyledLeaflet, dict]:
    """What every document made from a leaflet starts from (the leaflet, its consent form): its
    fonts checked for every character, its styles, and the document's metadata."""
    leaflet, brand = prepared.leaflet, prepared.brand
    paragraphs.new_build()
    script = script_of(leaflet.language)
    fonts = font_set(media.fonts, brand, script)
    check_glyphs(prepared, fonts)
    styles = make_styles(brand, fonts, body_size(options), options.large_print, options.cmyk or options.pdfx, script)
    meta = dict(
        author=brand.name,
        creator="leaflet",
        producer="leaflet (ReportLab)",
        lang=leaflet.language,
        displayDocTitle=True,
        invariant=1,
        initialFontName=fonts.body.regular,
        keywords=[k for k in (leaflet.reference, leaflet.version) if k],
    )
    if script.rtl:  # a viewer shows two-page spreads right to left, as the booklet is bound
        meta["direction"] = "R2L"
    return StyledLeaflet(prepared, styles, media), meta
