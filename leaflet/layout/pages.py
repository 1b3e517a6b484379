"""Page templates: the header band on page one, and a footer with "Page X of Y" on every page."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from ..text import phrases
from ..text.money import long_date
from .blocks import Kit
from .blocks.header import HeaderBand

MARGIN = 18 * mm  # clear of every office printer's unprintable edge
FOOTER_GAP = 5 * mm
PAGE_NUMBER_WIDTH = 28 * mm


class Footer:
    """Clinic contact, reference, version and dates, and the brand's footer line."""

    def __init__(self, kit: Kit, page_width: float):
        lf, brand, s = kit.leaflet, kit.brand, kit.styles
        contact = " · ".join(x for x in (brand.name, brand.phone, brand.email, brand.website) if x)
        facts = [f"{phrases.REFERENCE} {lf.reference}" if lf.reference else "",
                 f"{phrases.VERSION} {lf.version}" if lf.version else "",
                 f"{phrases.PUBLISHED} {long_date(lf.published, kit.locale)}",
                 f"{phrases.REVIEW_BY} {long_date(lf.review_by, kit.locale)}"]
        texts = [contact, " · ".join(f for f in facts if f)] + ([brand.footer] if brand.footer else [])
        self.width = page_width - 2 * MARGIN - PAGE_NUMBER_WIDTH
        self.lines: list[Paragraph] = [kit.para(t, s.footer) for t in texts]
        self.height = sum(p.wrap(self.width, 1000)[1] for p in self.lines) + 4
        self.kit = kit

    def draw(self, canvas) -> None:
        canvas.saveState()
        y = MARGIN + self.height
        canvas.setStrokeColor(HexColor(self.kit.styles.colours.rule))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y + 3, canvas._pagesize[0] - MARGIN, y + 3)
        for para in self.lines:
            y -= para.height
            para.drawOn(canvas, MARGIN, y)
        canvas.restoreState()


def numbered_canvas(kit: Kit, footer_top: float):
    """A canvas class that holds pages back until the end, so each can say "Page X of Y"."""
    style = kit.styles.footer

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self.setFont(kit.styles.fonts.body.bold, style.fontSize)
                self.setFillColor(HexColor(kit.styles.colours.ink))
                self.drawRightString(self._pagesize[0] - MARGIN, footer_top - style.fontSize,
                                     phrases.PAGE_OF.format(page=self._pageNumber, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


class LeafletDoc(BaseDocTemplate):
    """A4 or Letter pages: the first with the header band, every one with the footer."""

    def __init__(self, buffer, kit: Kit, pagesize, **meta):
        super().__init__(buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, **meta)
        width, height = pagesize
        self.band = HeaderBand(kit, width, MARGIN)
        self.footer = Footer(kit, width)
        bottom = MARGIN + self.footer.height + FOOTER_GAP + 3
        self.bottomMargin = bottom
        self.canvasmaker = numbered_canvas(kit, MARGIN + self.footer.height)
        first_top = height - self.band.height - 7 * mm
        self.addPageTemplates([
            PageTemplate("first", [Frame(MARGIN, bottom, self.frame_width, first_top - bottom,
                                         id="first", leftPadding=0, rightPadding=0)],
                         onPage=self._first_page, autoNextPageTemplate="later"),
            PageTemplate("later", [Frame(MARGIN, bottom, self.frame_width, height - MARGIN - bottom,
                                         id="later", leftPadding=0, rightPadding=0)],
                         onPage=self._later_page),
        ])
        self._bookmarks = 0
        self.section_index: int | None = None  # the section being laid out, for error messages

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN

    def _first_page(self, canvas, doc) -> None:
        self.band.draw(canvas, self.pagesize[1])
        self.footer.draw(canvas)

    def _later_page(self, canvas, doc) -> None:
        self.footer.draw(canvas)

    def afterFlowable(self, flowable) -> None:
        """Headings become bookmarks in the PDF's outline."""
        self.section_index = getattr(flowable, "section_index", self.section_index)
        title = getattr(flowable, "outline_title", None)
        if title:
            key = f"section-{self._bookmarks}"
            self._bookmarks += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0, closed=False)
