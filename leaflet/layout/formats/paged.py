"""Page-by-page formats (A4, US Letter, A5): a header band on page one, a footer on every page."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from ...errors import LeafletError
from ...limits import HINT, PAGES
from ...load import problem_at
from ...text import phrases
from ...text.money import long_date
from ..blocks import Kit
from ..blocks.header import HeaderBand
from ..press import Imposition, Press, press_canvas

FOOTER_GAP = 5 * mm
PAGE_NUMBER_WIDTH = 28 * mm


class Footer:
    """Clinic contact, reference, version and dates, and the brand's footer line."""

    def __init__(self, kit: Kit, width: float, margin: float):
        brand, s = kit.brand, kit.styles
        contact = " · ".join(x for x in (brand.name, brand.phone, brand.email, brand.website) if x)
        texts = [contact, facts_line(kit)] + ([brand.footer] if brand.footer else [])
        self.kit, self.margin = kit, margin
        self.width = width - 2 * margin - PAGE_NUMBER_WIDTH
        self.lines: list[Paragraph] = [kit.para(t, s.footer) for t in texts]
        self.height = sum(p.wrap(self.width, 1000)[1] for p in self.lines) + 4

    def draw(self, canvas, page_width: float) -> None:
        canvas.saveState()
        y = self.margin + self.height
        canvas.setStrokeColor(HexColor(self.kit.styles.colours.rule))
        canvas.setLineWidth(0.6)
        canvas.line(self.margin, y + 3, page_width - self.margin, y + 3)
        for para in self.lines:
            y -= para.height
            para.drawOn(canvas, self.margin, y)
        canvas.restoreState()

    def page_number(self, canvas, number: int, total: int, page_width: float) -> None:
        style = self.kit.styles.footer
        canvas.setFont(self.kit.styles.fonts.body.bold, style.fontSize)
        canvas.setFillColor(HexColor(self.kit.styles.colours.ink))
        canvas.drawRightString(page_width - self.margin, self.margin + self.height - style.fontSize,
                               phrases.PAGE_OF.format(page=number, pages=total))


def facts_line(kit: Kit) -> str:
    """Reference, version and dates: printed on every page, panel or sheet of every format."""
    lf = kit.leaflet
    facts = [f"{phrases.REFERENCE} {lf.reference}" if lf.reference else "",
             f"{phrases.VERSION} {lf.version}" if lf.version else "",
             f"{phrases.PUBLISHED} {long_date(lf.published, kit.locale)}",
             f"{phrases.REVIEW_BY} {long_date(lf.review_by, kit.locale)}"]
    return " · ".join(f for f in facts if f)


def stop_past_page_limit(doc) -> None:
    """The last guard on the work of one build: no leaflet lays out more than PAGES pages."""
    if doc.page > PAGES.value:
        raise LeafletError(problem_at(
            doc.kit.leaflet, ("sections",), f"the leaflet runs to more than {PAGES} (the '{PAGES.name}' limit)",
            f"Split it into several leaflets. {HINT}", key=True))


class PagedDoc(BaseDocTemplate):
    """Pages of one size: the first with the header band, every one with the footer.

    Headings become bookmarks in the outline (unless ``outline`` is off, as for imposed sheets),
    and the section being laid out is remembered so a layout error can name it.
    """

    def __init__(self, buffer, kit: Kit, pagesize, margin: float, press: Press,
                 imposition: Imposition | None = None, **meta):
        super().__init__(buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
                         topMargin=margin, **meta)
        width, height = pagesize
        self.kit, self.margin, self.press = kit, margin, press
        self.outline = imposition is None
        self.band = HeaderBand(kit, 0, width, margin, cmyk=press.cmyk)
        self.footer = Footer(kit, width, margin)
        bottom = margin + self.footer.height + FOOTER_GAP + 3
        self.bottomMargin = bottom
        self.canvasmaker = press_canvas(
            press, lambda canvas, n, total: self.footer.page_number(canvas, n, total, width), imposition)
        first_top = height - self.band.height - 7 * mm
        frame = dict(leftPadding=0, rightPadding=0)
        self.addPageTemplates([
            PageTemplate("first", [Frame(margin, bottom, self.frame_width, first_top - bottom, **frame)],
                         onPage=self._first_page, autoNextPageTemplate="later"),
            PageTemplate("later", [Frame(margin, bottom, self.frame_width, height - margin - bottom, **frame)],
                         onPage=self._later_page),
        ])
        self._bookmarks = 0
        self.section_index: int | None = None  # the section being laid out, for error messages

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin

    def _first_page(self, canvas, doc) -> None:
        b = self.press.bleed
        self.band.draw(canvas, self.pagesize[1], (b, b, b))
        self.footer.draw(canvas, self.pagesize[0])

    def _later_page(self, canvas, doc) -> None:
        self.footer.draw(canvas, self.pagesize[0])

    def beforePage(self) -> None:
        stop_past_page_limit(self)

    def afterFlowable(self, flowable: Flowable) -> None:
        self.section_index = getattr(flowable, "section_index", self.section_index)
        title = getattr(flowable, "outline_title", None)
        if title and self.outline:
            key = f"section-{self._bookmarks}"
            self._bookmarks += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0, closed=False)

    def build(self, story: list[Flowable]) -> None:
        super().build(story, canvasmaker=self.canvasmaker)
