"""Paragraphs that parse their markup and break their lines once per process.

A batch sets the same words in the same styles leaflet after leaflet, and tables, lists and
keep-together blocks measure one paragraph several times at one width; plain ReportLab parses and
breaks lines afresh every time (a third of a warm build). Line breaking marks the fragments it
reads (so a second break of the same fragments can differ in trailing spaces); every paragraph
therefore gets fresh copies, and each (markup, style, width) is broken once, from fresh copies. A
PDF then depends on its inputs only: tests/test_build.py checks that it is the one a fresh process
makes, whatever was built before it.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

KEPT = 2048  # paragraphs (and widths) remembered, about 8 KiB each: at most ~17 MiB, however long the batch
_WRAPPED = ("width", "height", "blPara", "_wrapWidths")  # what Paragraph.wrap sets


@lru_cache(maxsize=KEPT)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[ParagraphStyle, tuple]:
    """The style and fragments ReportLab's parser gives. Styles come from make_styles' cache, so
    one style object recurs across leaflets; the cache's reference keeps its identity unique."""
    paragraph = Paragraph(markup, style)
    return paragraph.style, tuple(paragraph.frags)


@lru_cache(maxsize=KEPT)
def _wrapped(markup: str, style: ParagraphStyle, width: float) -> dict:
    paragraph = Para(markup, style)
    Paragraph.wrap(paragraph, width, 0)  # the height never depends on the height available
    return {name: paragraph.__dict__[name] for name in _WRAPPED}


class Para(Paragraph):
    """A paragraph of our markup in one of our styles, whose parse and line breaks are shared.

    The style must come from make_styles (never a clone made while laying out): a new style object
    per leaflet would miss the stores every time and crowd out the entries that do recur.
    """

    def __init__(self, text, style, bulletText=None, frags=None, **kw):
        self._source = None
        if frags is None and not bulletText:  # ReportLab's own splits pass their fragments in
            self._source = (text, style)
            style, parsed = _parsed(text, style)
            frags = [frag.clone() for frag in parsed]  # line breaking marks the fragments it reads
        super().__init__(text, style, bulletText, frags, **kw)

    def wrap(self, availWidth, availHeight):
        if self._source is None or availWidth <= 0:
            return super().wrap(availWidth, availHeight)
        self.__dict__.update(_wrapped(*self._source, availWidth))
        return self.width, self.height
