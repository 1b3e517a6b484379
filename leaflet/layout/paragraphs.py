"""Paragraphs that parse their markup once per process and break their lines once per width.

A batch sets the same words in the same styles leaflet after leaflet, and tables, lists and
keep-together blocks measure one paragraph several times at the same width; plain ReportLab
parses and breaks lines afresh every time (a fifth of a warm build).
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

PARSED = 4096  # (markup, style) pairs kept: bounded, so a long batch's memory stays flat


@lru_cache(maxsize=PARSED)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[ParagraphStyle, tuple]:
    """The style and fragments ReportLab's parser gives. Styles come from make_styles' cache, so
    the same style object recurs across leaflets; the cache's reference keeps its identity unique."""
    paragraph = Paragraph(markup, style)
    return paragraph.style, tuple(paragraph.frags)


class Para(Paragraph):
    def __init__(self, text, style, bulletText=None, frags=None, **kw):
        if frags is None and not bulletText:  # ReportLab's own splits pass their fragments in
            style, parsed = _parsed(text, style)
            frags = list(parsed)
        super().__init__(text, style, bulletText, frags, **kw)

    def wrap(self, availWidth, availHeight):
        # The height never depends on availHeight; a split drops blPara, so that forces a re-break.
        if self.__dict__.get("_wrapped_width") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size
