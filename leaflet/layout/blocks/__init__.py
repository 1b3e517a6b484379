"""One module per thing the patient sees; the StyledLeaflet turns plain text into styled flowables."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.validators import isBoolean
from reportlab.platypus import Flowable, TableStyle

from ...errors import LeafletError, Problem
from ...load import Brand, Leaflet
from ...load.media import Media
from ...text import markup
from ...text.prepare import Prepared
from .. import report, tagging
from .. import reportlab_private as rl
from ..flow import fresh
from ..paragraphs import Para
from ..styles import Styles

CELL_PADDING = 7  # points at each side of a table cell's text


class FlowTable(rl.MeasuredTable):
    """A table that splits between rows, and inside a row only when that row cannot fit even a
    fresh page: such a row starts where it is (it is split wherever it starts), and a row that
    does not fit at the top of a page is split there; that split is reported (LF605). Splitting
    inside a row that a fresh page could hold leaves a word or two stranded on the next page.

    Its structure (tagging.TableEvents) follows ``tag_as``: "table", "list", or a layout (a box)."""

    def __init__(self, *args, **kw):
        kw.setdefault("renderCB", tagging.table_events)
        super().__init__(*args, **kw)

    def split(self, availWidth, availHeight):
        between = super().split(availWidth, availHeight)
        tall = self._next_row_taller_than_a_page(availHeight)
        parts = []
        if tall or (not between and fresh(self)):
            before, self.splitInRow = self.splitInRow, 1
            try:
                parts = rl.split_inside_row(self, availHeight) if tall else super().split(availWidth, availHeight)
            finally:  # the table may be laid out again (a tri-fold's trials)
                self.splitInRow = before
            for part in parts:  # the rest splits by the same rule (ReportLab gives them its splitInRow)
                part.splitInRow = before
            if len(parts) == 2:
                parts[0]._row_split = True
        parts = parts if len(parts) == 2 else between
        tagging.split_table(self, parts)
        return parts

    def _next_row_taller_than_a_page(self, height: float) -> bool:
        """Whether the first row that ``height`` cannot hold could not fit a fresh page either
        (under the repeated header): it is split wherever it starts, so it starts here."""
        frame = rl.frame_of(self)
        row, header = rl.row_after_split(self, height)
        return frame is not None and row + header > rl.frame_capacity(frame) + 1e-6

    def drawOn(self, canvas, x, y, _sW=0):
        if getattr(self, "_row_split", False):
            report.note(canvas, report.SPLIT_ROW, "a table row is taller than the page and runs onto the next")
        if report.trial(canvas):
            self._check_cells(canvas)
        else:
            super().drawOn(canvas, x, y, _sW)

    def _check_cells(self, canvas) -> None:
        """What drawing the cells checks, and nothing drawn (a trial layout): each cell's flowables
        wrapped as drawing wraps them, then given the canvas."""
        self.canv = canvas
        try:
            for flowables in self.cells_wrapped():
                for flowable in flowables:
                    flowable.drawOn(canvas, 0, 0)
        finally:
            del self.canv


class Figure(Drawing):
    """A vector drawing in the text (an icon, a step's number), drawn in no trial layout. An
    artifact (decoration), unless it is ``content`` of the element it is drawn in (a step's number,
    its list item's label)."""

    _attrMap = AttrMap(BASE=Drawing, content=AttrMapValue(isBoolean, desc="content, not decoration"))
    content = False

    def drawOn(self, canvas, x, y, _sW=0):
        if report.trial(canvas):
            return
        if self.content:
            with tagging.marked(canvas):
                super().drawOn(canvas, x, y, _sW)
        else:
            with tagging.artifact(canvas):
                super().drawOn(canvas, x, y, _sW)


_MIRROR = {
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
}


def mirror(rows: list, widths: list[float], cmds: list[tuple]) -> tuple[list, list[float], list[tuple]]:
    """A table's columns from right to left: cells, widths and style commands (a command's columns,
    its left and right lines and paddings, its alignment)."""
    n = len(widths)

    def col(c: int) -> int:
        return n - 1 - (c if c >= 0 else n + c)

    out = []
    rows = [list(row)[::-1] for row in rows]
    for name, (c0, r0), (c1, r1), *rest in cmds:
        a, b = sorted((col(c0), col(c1)))
        if name == "ALIGN" and rest and rest[0] in ("LEFT", "RIGHT"):
            rest = ["RIGHT" if rest[0] == "LEFT" else "LEFT"]
        if name == "SPAN":  # a span shows its first cell: the content moves to the new first column
            for r in range(r0 % len(rows), r1 % len(rows) + 1):
                rows[r][a], rows[r][b] = rows[r][b], rows[r][a]
        out.append((_MIRROR.get(name, name), (a, r0), (b, r1), *rest))
    return rows, list(widths)[::-1], out


def _spaced(para: Para, space: float) -> Para:
    """The same paragraph with more space after it (the end of a list)."""
    para.spaceAfter = space
    return para


@dataclass(frozen=True)
class StyledLeaflet:
    """The leaflet as every block draws it: its prepared text (prices, sources, locale), its
    styles, and the files it is drawn with (fonts, logo, output profile: read before layout)."""

    prepared: Prepared
    styles: Styles
    media: Media

    @property
    def leaflet(self) -> Leaflet:
        return self.prepared.leaflet

    @property
    def brand(self) -> Brand:
        return self.prepared.brand

    @property
    def locale(self) -> str:
        return self.prepared.locale

    @property
    def rtl(self) -> bool:
        return self.styles.body.wordWrap == "RTL"

    def table(
        self, rows: list, widths: list[float], cmds: list[tuple], cls: type[FlowTable] | None = None, **kw
    ) -> FlowTable:
        """A table with its style, its columns from right to left in a right-to-left leaflet."""
        if self.rtl:
            rows, widths, cmds = mirror(rows, widths, cmds)
        table = (cls or FlowTable)(rows, colWidths=widths, **kw)
        table.tag_rtl = self.rtl  # its cells read from the right
        table.setStyle(TableStyle(cmds))
        return table

    @property
    def words(self):
        """The leaflet's own words in its language (text/phrases.py)."""
        return self.prepared.words

    def _family(self, style: ParagraphStyle):
        fonts = self.styles.fonts
        return fonts.headings if style.fontName in (fonts.headings.regular, fonts.headings.bold) else fonts.body

    def _fallback(self, style: ParagraphStyle, bold: bool = False):
        family = self._family(style)
        return self.styles.fonts.fallback_for(family, bold=bold or style.fontName == family.bold)

    def para(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Para:
        """Plain text (with **bold**) as a paragraph; every other character prints as itself."""
        style = style or self.styles.body
        inner = self.markup(text, style, bold and not self.styles.fonts.body.ascii)
        return Para(f"<b>{inner}</b>" if bold else inner, style)

    def markup(self, text: str, style: ParagraphStyle, bold: bool = False) -> str:
        """Text (with **bold**) as paragraph markup in ``style``, every character in a font."""
        missing = self.styles.fonts.missing(text, self._family(style))
        if missing:  # check_glyphs names the line first; this guards text made in layout itself
            raise LeafletError(
                Problem(
                    f"the character '{missing[0]}' (U+{ord(missing[0]):04X}) in \"{text[:60]}\" is not "
                    "in the fonts and would print as an empty box",
                    hint="Choose fonts that have it (fonts: in the brand file).",
                )
            )
        return markup.inline(text, self._fallback(style, bold))

    def drawing(self, width: float, height: float, **kw) -> Figure:
        """A vector drawing whose default font is ours (ReportLab's default, Helvetica, is not embedded)."""
        drawing = Figure(width, height, **kw)
        drawing.initialFontName = self.styles.fonts.body.regular
        return drawing

    def heading(self, text: str, style: ParagraphStyle | None = None) -> Para:
        """A heading: a bookmark in the PDF's outline, kept with the start of what follows it; it
        opens a section of the structure (H2), or is the leaflet's title (H1)."""
        para = self.subheading(text, style or self.styles.heading)
        para.outline_title = text
        para.tag_role = "H1" if style is self.styles.title else "H2"
        para.tag_section = para.tag_role == "H2"
        return para

    def subheading(self, text: str, style: ParagraphStyle | None = None) -> Para:
        """A heading that is no bookmark ("Other side effects"), kept with what follows it."""
        para = self.para(text, style or self.styles.subheading)
        para.keep_next = True
        para.tag_role = "H3"
        return para

    def rich(self, text: str) -> list[Flowable]:
        """Multi-paragraph text with bullet lists; a lead-in ending in ':' stays with its list."""
        out: list[Flowable] = []
        for block in markup.blocks(text, self._fallback(self.styles.body)):
            if isinstance(block, markup.Paragraph):
                out.append(Para(block.markup, self.styles.body))
            else:
                if out and out[-1].text.rstrip().endswith(":"):
                    out[-1].keep_next = True
                out += self.bullets([Para(item, self.styles.bullet) for item in block.items])
        return out

    def bullets(self, items: list[Para], numbered: bool = False) -> list[Para]:
        """List items are paragraphs that draw their own bullet, so a page can break between any
        two of them and a lead-in can be kept with the first; the last has the list's space after."""
        if numbered:  # "1." reads ".1" from the right
            items = [
                Para(item.text, self.styles.numbered, bulletText=f".{n}" if self.rtl else f"{n}.")
                for n, item in enumerate(items, 1)
            ]
        if items:
            items[-1] = _spaced(items[-1], self.styles.body.spaceAfter)
        key = object()  # the items are one list (L) in the structure
        for item in items:
            item.list_key = key
        return items

    def table_style(self, header: bool = True) -> list[tuple]:
        """The common table look; fonts are always set, so no cell falls back to Helvetica."""
        colours = self.styles.colours
        cmds = [
            ("FONTNAME", (0, 0), (-1, -1), self.styles.fonts.body.regular),
            ("FONTSIZE", (0, 0), (-1, -1), self.styles.cell.fontSize),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, HexColor(colours.rule)),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, HexColor(colours.heading)),
        ]
        if header:
            cmds += [
                ("FONTNAME", (0, 0), (-1, 0), self.styles.fonts.body.bold),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor(colours.glance_tint)),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, HexColor(colours.heading)),
            ]
        return cmds
