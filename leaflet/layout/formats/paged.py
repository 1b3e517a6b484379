"""Page-by-page formats (A4, US Letter, A5): a header band on page one, a footer on every page."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer

from ...errors import AtField, FieldError
from ...limits import HINT, PAGES
from .. import report, tagging
from .. import reportlab_private as rl
from ..blocks import StyledLeaflet
from ..blocks.header import HeaderBand
from ..flow import HALF, used
from ..print_canvas import Imposition, PrintSettings, canvas_class

FOOTER_GAP = 5 * mm


class Footer:
    """What a patient needs on every page: who to call, and where they are ("Page 2 of 8").

    At the body size (12 pt at least; the large-print size in large print), on one line where the
    page is wide enough, else two: the clinic and its number, then the page. A name too long for
    the line gives way to the number alone. Reference, version, dates and the brand's footer line
    are in "About this leaflet".
    """

    def __init__(self, styled: StyledLeaflet, width: float, margin: float, bottom: float):
        self.styled, self.margin, self.bottom = styled, margin, bottom
        style = styled.styles.footer
        self.bold, self.size, self.leading = styled.styles.fonts.body.bold, style.fontSize, style.leading
        self.width = width - 2 * margin
        label_w = stringWidth(styled.words.PAGE_OF.format(page=88, pages=88), self.bold, self.size)
        text = contact_line(styled.brand)
        if stringWidth(text, style.fontName, self.size) > self.width:
            text = contact_line(styled.brand, with_name=False)
        self.contact = styled.para(text, style)
        # A script that climbs (Nastaliq): the contact line set as low as the page label, on one baseline
        self.contact._climbs = bool(getattr(style, "ink_above", 0.0))
        self.one_line = stringWidth(text, style.fontName, self.size) + 2 * self.size + label_w <= self.width
        self.height = self.leading * (1 if self.one_line else 2) + 2

    def draw(self, canvas, page_width: float) -> None:
        """The rule and the contact line (the page number comes once the total is known): page
        furniture, not in the structure."""
        with tagging.artifact(canvas, "Pagination", "Footer"):
            self._draw(canvas, page_width)

    def _draw(self, canvas, page_width: float) -> None:
        canvas.saveState()
        top = self.bottom + self.height
        canvas.setStrokeColor(HexColor(self.styled.styles.colours.rule))
        canvas.setLineWidth(0.6)
        canvas.line(self.margin, top + 3, page_width - self.margin, top + 3)
        self.contact.wrapOn(canvas, self.width, self.leading)
        self.contact.drawOn(canvas, self.margin, top - self.leading)
        canvas.restoreState()

    def page_number(self, canvas, number: int, total: int, page_width: float) -> None:
        with tagging.artifact(canvas, "Pagination", "Footer"):
            self._page_number(canvas, number, total, page_width)

    def _page_number(self, canvas, number: int, total: int, page_width: float) -> None:
        canvas.saveState()
        if getattr(canvas, "overprint_black", False):
            canvas.setFillOverprint(True)
            canvas.setOverprintMask(True)
        label = self.styled.words.PAGE_OF.format(page=number, pages=total)
        lines = 1 if self.one_line else 2
        baseline = self.bottom + self.height - lines * self.leading + (self.leading - self.size) / 2 + 1
        style = self.styled.styles.footer
        if style.shaping or style.wordWrap:  # shaped, right to left or Chinese: set as a paragraph
            para = self.styled.para(label, _label_style(style, self.styled.rtl), bold=True)
            para.wrap(self.width, 2 * self.leading)
            if getattr(style, "ink_above", 0.0):  # on the contact line's baseline, its letters under the rule
                para.drawOn(canvas, self.margin, self.bottom + self.height - (lines - 1) * self.leading - para.height)
            else:
                first = para.blPara.lines[0]
                ascent = getattr(first, "ascent", style.fontSize)
                para.drawOn(canvas, self.margin, baseline - (para.height - ascent))
        else:
            canvas.setFont(self.bold, self.size)
            canvas.setFillColor(HexColor(self.styled.styles.colours.ink))
            canvas.drawRightString(page_width - self.margin, baseline, label)
        canvas.restoreState()


@lru_cache(maxsize=16)
def _label_style(style: ParagraphStyle, rtl: bool) -> ParagraphStyle:
    """The page label at the footer's outer end: the left in a right-to-left leaflet."""
    return style.clone(f"{style.name}-page", alignment=TA_LEFT if rtl else TA_RIGHT)


def contact_line(brand, with_name: bool = True) -> str:
    """The clinic and the one way to reach it that a footer has room for: the phone, else email or web."""
    reach = brand.phone or brand.email or (brand.website or "").split("://")[-1]
    return " · ".join(p for p in (brand.name if with_name else "", reach or "") if p)


def stop_past_page_limit(doc) -> None:
    """The last guard on the work of one build: no leaflet lays out more than PAGES pages."""
    if doc.page > PAGES.value:
        raise FieldError(
            AtField(
                doc.styled.leaflet,
                ("sections",),
                f"the leaflet runs to more than {PAGES} (the '{PAGES.name}' limit)",
                f"Split it into several leaflets. {HINT}",
                key=True,
            )
        )


class Outlined:
    """For document templates: headings become bookmarks where they are drawn, the section being
    laid out is remembered (so layout errors and notes can name it), and how full each frame was
    left is kept for the near-empty page rule."""

    def _start_outline(self, min_size: float) -> None:
        self.report = report.LayoutReport(min_size=min_size)
        self.section_index: int | None = None
        self._bookmarks = 0
        self.fill: dict[int, tuple[float, int | None]] = {}  # page -> its least full frame, and section
        self.exempt: set[int] = set()  # pages meant to be partly empty: notes, the back cover
        self.defer_outline = False  # while drawing what is read last but drawn first (a tri-fold's back)
        self._deferred: list[tuple[str, str]] = []

    def heading_drawn(self, para, canvas, x: float, top: float) -> None:
        # Headings that open no section (sources, contact, notes) end the last section's stretch.
        self.section_index = getattr(para, "section_index", None)
        title = getattr(para, "outline_title", None)
        if title:
            key = f"section-{self._bookmarks}"
            self._bookmarks += 1
            canvas.mark(key, x, top)
            if self.defer_outline:
                self._deferred.append((title, key))
            else:
                canvas.addOutlineEntry(title, key, level=0, closed=False)

    trial = False  # a trial layout (a tri-fold's balancing): laid out and checked, never written

    def _endBuild(self):
        """The outline in reading order: entries drawn early but read last go at its end."""
        rl.end_build_unsaved(self, super()._endBuild)
        for title, key in self._deferred:
            self.canv.addOutlineEntry(title, key, level=0, closed=False)
        if not self.trial:  # writing the file (fonts, compression) was most of a trial's time
            self.canv.save()

    def handle_frameEnd(self, resume=0):
        fill = min(self.fill.get(self.page, (1.0, None))[0], used(self.frame))
        self.fill[self.page] = (fill, self.section_index)
        super().handle_frameEnd(resume)

    def near_empty_pages(self, last_flow_page: int) -> None:
        """LF604 for each page before the text's last that is more than half empty."""
        for page, (fill, section) in sorted(self.fill.items()):
            if page < last_flow_page and page not in self.exempt and fill < HALF:
                self.report.add(
                    report.EMPTY_PAGE,
                    page,
                    f"page {page} is {round(100 * (1 - fill))}% empty: what follows could not start there",
                    section,
                )


class PadToBackCover(Flowable):
    """Where the booklet's text ends: lined notes pages are added so that, with the back cover,
    the page count is a multiple of four (see PagedDoc.handle_flowable)."""

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class NotesLines(Flowable):
    """Writing lines filling the rest of the frame, for the patient's notes and questions."""

    def __init__(self, styled: StyledLeaflet):
        super().__init__()
        self.styled = styled
        self.pitch = max(9 * mm, styled.styles.body.leading * 1.5)

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, max(0.0, availHeight - 1)
        return self.width, self.height

    def draw(self):
        doc = rl.doc_template(self.canv)
        doc.exempt.add(doc.page)
        with tagging.artifact(self.canv):
            self.canv.setStrokeColor(HexColor(self.styled.styles.colours.rule))
            self.canv.setLineWidth(0.6)
            y = self.height - self.pitch
            while y >= 0:
                self.canv.line(0, y, self.width, y)
                y -= self.pitch


class PagedDoc(Outlined, BaseDocTemplate):
    """Pages of one size: the first with the header band, every one with the footer.

    A booklet's story holds a PadToBackCover: notes pages fill it out to a multiple of four and
    ``back_cover`` (the contact details) goes on the last page.
    """

    def __init__(
        self,
        buffer,
        styled: StyledLeaflet,
        pagesize,
        margins: tuple[float, float],
        printing: PrintSettings,
        min_size: float,
        imposition: Imposition | None = None,
        back_cover: list[Flowable] | None = None,
        tagged: bool = True,
        **meta,
    ):
        side, top = margins
        super().__init__(buffer, pagesize=pagesize, leftMargin=side, rightMargin=side, topMargin=top, **meta)
        width, height = pagesize
        self.styled, self.margin, self.printing = styled, side, printing
        self.back_cover = back_cover or []
        self._start_outline(min_size)
        self.band = HeaderBand(styled, 0, width, side, cmyk=printing.profile if printing.cmyk else None)
        self.footer = Footer(styled, width, side, top)
        bottom = top + self.footer.height + FOOTER_GAP + 3
        self.bottomMargin = bottom
        self.canvasmaker = canvas_class(
            printing, lambda canvas, n, total: self.footer.page_number(canvas, n, total, width), imposition, tagged
        )
        first_top = height - self.band.height - 7 * mm
        frame = dict(leftPadding=0, rightPadding=0)
        self.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    [Frame(side, bottom, self.frame_width, first_top - bottom, **frame)],
                    onPage=self._first_page,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [Frame(side, bottom, self.frame_width, height - top - bottom, **frame)],
                    onPage=self._later_page,
                ),
            ]
        )
        self.last_flow_page = 0

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin

    def _first_page(self, canvas, doc) -> None:
        b = self.printing.bleed
        self.band.draw(canvas, self.pagesize[1], (b, b, b))
        self.footer.draw(canvas, self.pagesize[0])

    def _later_page(self, canvas, doc) -> None:
        self.footer.draw(canvas, self.pagesize[0])

    def beforePage(self) -> None:
        stop_past_page_limit(self)

    def handle_flowable(self, flowables):
        if flowables and isinstance(flowables[0], PadToBackCover):
            del flowables[0]
            self.last_flow_page = self.page
            pads = -(self.page + self._back_cover_pages()) % 4
            notes: list[Flowable] = []
            for n in range(pads):
                notes += [
                    PageBreak(),
                    self.styled.heading(self.styled.words.NOTES)
                    if n == 0
                    else self.styled.para(self.styled.words.NOTES, self.styled.styles.heading),
                    NotesLines(self.styled),
                ]
            flowables[0:0] = notes + [PageBreak(), _BackCoverStart(), *self.back_cover]
            return
        super().handle_flowable(flowables)

    def _back_cover_pages(self) -> int:
        """The pages the back cover takes: one, unless its contact details are taller than a page
        (Nastaliq in large print), so notes pages, not blank ones, make up the multiple of four."""
        frame = self.pageTemplates[-1].frames[0]
        width, room = rl.frame_size(frame)
        height = sum(f.wrapOn(self.canv, width, room)[1] for f in self.back_cover)
        return max(1, -(-int(height) // int(room)))

    def build(self, story: list[Flowable]) -> None:
        super().build(story, canvasmaker=self.canvasmaker)
        self.near_empty_pages(self.last_flow_page or self.page)


class _BackCoverStart(Spacer):
    """Marks the back cover as a page meant to hold only the contact details."""

    def __init__(self):
        super().__init__(1, 0)

    def draw(self):
        doc = rl.doc_template(self.canv)
        doc.exempt.add(doc.page)
