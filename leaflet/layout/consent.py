"""The consent form's pages: the leaflet's header band and footer (PagedDoc), its styles and
right-to-left tables (StyledLeaflet), and fillable fields (an AcroForm) drawn where the boxes are.

Every box is also drawn on the page itself, so the form prints and is filled by hand as well as on
a tablet; the fields on top of the boxes have no border or fill of their own. In a right-to-left
form the StyledLeaflet mirrors each table, so the tick boxes are on the right.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfdoc import PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..consent.form import FORM_VERSION, ConsentForm, Item
from ..load.media import Media
from . import reportlab_private as rl
from . import tagging
from .blocks import CELL_PADDING, FlowTable, StyledLeaflet
from .flow import Block, chain
from .fonts import register
from .formats import MEASURE, PAGE_TOP_BOTTOM, build, min_size
from .formats.paged import PagedDoc
from .formfields import Face, FormFields
from .options import LayoutOptions
from .print_canvas import PrintSettings


class Box(Flowable):
    """A box drawn on the page with a fillable field on it: ``kind`` is check, text, signature,
    radio or hidden (a read-only value, not shown). A text field may come filled in (``value``,
    still editable), on several lines (``multiline``); a radio button's ``value`` is its label."""

    def __init__(
        self,
        styled: StyledLeaflet,
        kind: str,
        name: str,
        tooltip: str,
        width: float,
        height: float,
        value: str = "",
        multiline: bool = False,
    ):
        super().__init__()
        self.styled, self.kind, self.name, self.tooltip, self.value = styled, kind, name, tooltip, value
        self.width, self.height, self.multiline = width, height, multiline
        self.hAlign = "RIGHT" if styled.rtl else "LEFT"  # a line shorter than the column starts where the text does

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        ink = HexColor(self.styled.styles.colours.ink)
        if self.kind != "hidden":  # the box to write in is page furniture; the field is what is read
            with tagging.artifact(canvas):
                self._draw_box(canvas, ink)
        (x0, y0), (x1, y1) = canvas.absolutePosition(0, 0), canvas.absolutePosition(self.width, self.height)
        box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        fields = FormFields.of(canvas)
        if self.kind == "check":
            fields.check(box, self.name, self.tooltip, ink)
        elif self.kind == "radio":
            name, value = self.name.rsplit("=", 1)
            fields.radio(box, name, value, self.tooltip, ink, self.value)
        elif self.kind == "text":
            fields.text(
                box,
                self.name,
                self.tooltip,
                field_font(self.styled, self.value, digits=self.name.endswith("_date")),
                self.font_size,
                ink,
                self.value,
                rtl=self.styled.rtl,
                multiline=self.multiline,
            )
        else:
            self._raw_field(fields, box)

    def _draw_box(self, canvas, ink) -> None:
        canvas.saveState()
        canvas.setStrokeColor(ink)
        canvas.setLineWidth(1.2)
        if self.kind == "radio":
            canvas.circle(self.width / 2, self.height / 2, self.height / 2, stroke=1, fill=0)
        elif self.kind in ("text", "signature") and self.height < 40 and not self.multiline:
            canvas.line(0, 0, self.width, 0)  # a line to write on
        else:
            canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()

    @property
    def font_size(self) -> float:
        size = self.styled.styles.body.fontSize
        return size if self.multiline else min(size, self.height * 0.6)

    def _raw_field(self, fields: FormFields, box) -> None:
        """A signature field, or a hidden read-only value."""
        field = dict(T=PDFString(self.name), TU=PDFString(self.tooltip))
        if self.kind == "signature":
            field.update(FT=PDFName("Sig"))
            fields.add(box, field)
        else:
            field.update(FT=PDFName("Tx"), V=PDFString(self.value), F=2, Ff=1)  # hidden; read-only
            fields.add(box, field)


def field_font(styled: StyledLeaflet, value: str = "", digits: bool = False) -> str:
    """The face a text field fills in (embedded whole, so it draws whatever is typed that it has).

    Empty, it is the form's body face, which has the letters of the form's language: Arabic typed
    into an Arabic form's field shows in the Arabic face. A date field (``digits``) takes the first
    face with the digits of a date (a Bengali face has only its own digits). A field that comes
    filled in takes the first face with every character of its ``value`` (the brand's Latin face
    beside a script's for a product's name)."""
    fonts = styled.styles.fonts
    faces = [fonts.body.regular] + ([register(fonts.files.family(fonts.latin)).regular] if fonts.latin else [])
    wanted = value or ("0123456789-" if digits else "")
    return next((name for name in faces if Face(name).covers(wanted)), faces[0])


# A risk may run on to the next page only when it is long (LONG_LINES lines or more), and only where
# at least FIRST_LINES of its lines stay on the first page, with its tick box and initials, and
# LAST_LINES go on to the next (a typesetter's orphans and widows); a shorter risk moves whole.
FIRST_LINES, LAST_LINES, LONG_LINES = 3, 2, 6


class RiskTable(FlowTable):
    """The risks to tick: it splits between risks, and inside a long risk (between its lines) when
    moving that risk whole would leave a large gap at the foot of the page."""

    def __init__(self, *args, remake=None, logical_rows=(), text_width: float = 0, **kw):
        super().__init__(*args, **kw)
        # the rows in reading order, how to make a table of such rows, and the width of a risk's text
        self._remake, self._rows, self._text_width = remake, list(logical_rows), text_width

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        found = self._split_in_risk(availWidth, availHeight, parts)
        if found:
            return found
        self._hand_on(parts)
        return parts

    def _hand_on(self, parts) -> None:
        """ReportLab makes a split's parts afresh, without what this table knows: each part learns
        its rows, so a risk on a later page may run on too (a part split inside a row cannot)."""
        if self._remake is None or len(parts) != 2 or getattr(parts[0], "_row_split", False):
            return
        first, rest = parts
        n0, n1 = rl.table_size(first)[0], rl.table_size(rest)[0]
        if n0 + n1 - 1 != len(self._rows):  # the header, repeated, and every row once
            return
        for part, rows in ((first, self._rows[:n0]), (rest, self._rows[:1] + self._rows[n0:])):
            part._remake, part._rows, part._text_width = self._remake, rows, self._text_width

    def _split_in_risk(self, availWidth, availHeight, parts):
        if self._remake is None or len(parts) not in (0, 2):
            return None
        header, rows = self._rows[0], self._rows[1:]
        whole, used = 0, self._remake([header]).wrap(availWidth, availHeight)[1]  # the risks that fit whole
        while whole < len(rows):
            height = self._remake([header] + rows[: whole + 1]).wrap(availWidth, availHeight)[1]
            if height > availHeight:
                break
            whole, used = whole + 1, height
        if whole >= len(rows):
            return None
        box, text, initials = rows[whole]
        style = text.style
        room = availHeight - used - 13  # the row's padding
        if room < FIRST_LINES * style.leading:
            return None
        column = self._text_width
        halves = text.split(column, room)
        if len(halves) != 2:
            return None
        for half in halves:
            half.wrap(column, availHeight)
        lines = [len(half.blPara.lines) for half in halves]
        if lines[0] < FIRST_LINES or lines[1] < LAST_LINES or sum(lines) < LONG_LINES:
            return None
        first = self._remake([header] + rows[:whole] + [[box, halves[0], initials]], top_last=True)
        rest = self._remake([header] + [["", halves[1], ""]] + rows[whole + 1 :], top_last=False)
        tagging.split_table(self, [first, rest])  # the risk's two parts read as one row
        return [first, rest]


def _tick_rows(styled: StyledLeaflet, items: tuple[Item, ...], width: float, initials: bool = False) -> list[Flowable]:
    """A table of lines to tick: the box, the words, and room for initials."""
    s = styled.styles
    size = s.body.fontSize * 1.5
    header = styled.words.CONSENT_RISK_COLUMNS[0]
    label = (
        max((stringWidth(word, s.cell_bold.fontName, s.cell_bold.fontSize) for word in header.split()), default=0)
        if initials
        else 0
    )
    box_col = min(max(size, label) + 16, width * 0.25)  # the header's longest word on a line
    initials_col = s.body.fontSize * 6 if initials else 0
    rows = []
    for item in items:
        words = f"**{styled.words.CONSENT_SERIOUS}** {item.text}" if item.serious else item.text
        row = [Box(styled, "check", item.field, item.text, size, size), styled.para(words, s.cell)]
        if initials:
            row.append(
                Box(
                    styled,
                    "text",
                    item.field.replace("_discussed", "_initials"),
                    f"{styled.words.CONSENT_RISK_COLUMNS[2]}: {item.text}",
                    initials_col - 14,
                    size,
                )
            )
        rows.append(row)
    widths = [box_col, width - box_col - initials_col] + ([initials_col] if initials else [])
    cmds = styled.table_style(header=initials)
    if initials:
        rows.insert(0, [styled.para(c, s.cell_bold) for c in styled.words.CONSENT_RISK_COLUMNS])
    cmds += [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if not initials:
        table = styled.table(rows, widths, cmds)
        table.tag_as = "list"  # each line a list item: its tick box the label, its words the body
        return [Block([table])]  # a short list read whole: on one page unless that leaves half a page empty

    def remake(part: list, top_last: bool = False) -> RiskTable:
        """A table of these rows; ``top_last``: its last row is the first part of a risk that runs
        on, so its box and initials sit at its first line."""
        last = [("VALIGN", (0, len(part) - 1), (-1, len(part) - 1), "TOP")] if top_last else []
        table = styled.table(
            part,
            widths,
            cmds + last,
            cls=RiskTable,
            remake=remake,
            logical_rows=part,
            text_width=widths[1] - 2 * CELL_PADDING,
            repeatRows=1,
        )
        table.tag_as = "table"  # read as a table: a row per risk, under its column headers
        return table

    return [remake(rows)]


def _questions(styled: StyledLeaflet, items: tuple[Item, ...], width: float) -> list[Flowable]:
    s = styled.styles
    size = s.body.fontSize * 1.4
    answer = s.body.fontSize * 4.2 + 2 * CELL_PADDING
    rows = []
    for item in items:
        rows.append(
            [styled.para(item.text, s.cell)]
            + [
                [
                    Box(styled, "radio", f"{item.field}={value}", item.text, size, size, label),
                    styled.para(label, s.cell),
                ]
                for value, label in (("yes", styled.words.CONSENT_YES), ("no", styled.words.CONSENT_NO))
            ]
        )
    cmds = styled.table_style(header=False) + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    return [
        styled.table(
            [[_inline(styled, cell) if isinstance(cell, list) else cell for cell in row] for row in rows],
            [width - 2 * answer, answer, answer],
            cmds,
        )
    ]


def _inline(styled: StyledLeaflet, parts: list[Flowable]) -> Flowable:
    """A radio button and its label side by side (the button on the right, right to left)."""
    box, label = parts
    pad = [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
    pad.append(("LEFTPADDING", (1, 0), (1, 0), 5))  # between the button and its label (mirrored right to left)
    return styled.table(
        [[box, label]],
        [box.width, styled.styles.body.fontSize * 2.8],
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), styled.styles.fonts.body.regular)]
        + pad,
    )


def _labelled_line(
    styled: StyledLeaflet,
    label: str,
    name: str,
    width: float,
    kind: str = "text",
    tall: bool = False,
    kept: bool = True,
    value: str = "",
) -> list[Flowable]:
    """A label, and a line (or a signature box) to write on under it, kept together unless the
    caller keeps a larger block together (``kept=False``). With a ``value`` the line is a box that
    comes filled in with it, as many lines high as it needs, still editable."""
    s = styled.styles
    height = s.body.fontSize * (3.6 if tall else 2.0)
    if value:
        height = max(height, Face(field_font(styled, value)).text_height(value, s.body.fontSize, width))
    box = Box(styled, kind, name, label, width, height, value, multiline=bool(value))
    pair = [styled.para(f"**{label}**", s.cell), box]
    return [KeepTogether(pair) if kept else pair[0], *([] if kept else pair[1:]), Spacer(1, s.body.fontSize * 0.7)]


def _signatures(styled: StyledLeaflet, who: str, width: float, intro: str | None = None) -> list[Flowable]:
    w = styled.words
    out: list[Flowable] = [styled.subheading(w.CONSENT_PATIENT if who == "patient" else w.CONSENT_PRACTITIONER)]
    if intro:
        out.append(styled.para(intro))
    out += _labelled_line(styled, w.CONSENT_SIGNATURE, f"{who}_signature", width, "signature", tall=True, kept=False)
    out += _labelled_line(styled, w.CONSENT_NAME, f"{who}_name", width, kept=False)
    out += _labelled_line(styled, w.CONSENT_DATE, f"{who}_date", width * 0.5, kept=False)
    return _kept(out)


def form_story(styled: StyledLeaflet, form: ConsentForm, width: float) -> list[Flowable]:
    w, s, lf = styled.words, styled.styles, styled.leaflet
    out: list[Flowable] = [styled.heading(w.CONSENT_TITLE, s.title), styled.para(lf.title, s.subtitle)]
    out += [Box(styled, "hidden", name, name, 1, 0.01, value) for name, value in form.hidden]
    out += [styled.para(w.CONSENT_INTRO), styled.para(f"**{form.leaflet_line}**")]
    out += [styled.para(line) for line in form.translation_lines]
    out += _labelled_line(styled, w.CONSENT_GIVEN_ON, "leaflet_given_date", width * 0.5)
    out += [styled.heading(w.CONSENT_CLINIC)]  # the treatment as this clinic gives it, before its risks
    brand = styled.brand  # what the brand says of its products and practitioners comes filled in
    treated_by = "\n".join(", ".join(p for p in (who.name, who.profession) if p) for who in brand.practitioners or [])
    out += _labelled_line(styled, w.CONSENT_PRODUCTS, "clinic_products", width, value=(brand.products or "").strip())
    out += _labelled_line(styled, w.CONSENT_TREATED_BY, "clinic_treated_by", width, value=treated_by)
    # The heading keeps its lead-in; the table starts below it where its header and first risk fit,
    # else at the top of the next page under its header. Keeping all three together left a fifth
    # of page 1 empty on Letter (and on A4 in Arabic), a typesetter's "hole" before a section.
    out += [styled.heading(w.CONSENT_RISKS), styled.para(w.CONSENT_RISKS_INTRO)]
    out += _tick_rows(styled, form.risks, width, initials=True)
    out += [styled.heading(w.CONSENT_CHOICES)] + _tick_rows(styled, form.choices, width)
    if form.cooling_off:
        out += [styled.heading(w.CONSENT_TIME), styled.para(form.cooling_off)]
    if form.questions:
        out += [styled.heading(w.CONSENT_QUESTIONS)] + _questions(styled, form.questions, width)
    out += [styled.heading(w.CONSENT_AGREE)] + _tick_rows(styled, form.declarations, width)
    out += _signatures(styled, "patient", width)
    out += _signatures(styled, "practitioner", width, w.CONSENT_PRACTITIONER_SAYS)
    withdrawn = [styled.heading(w.CONSENT_WITHDRAWN), styled.para(w.CONSENT_WITHDRAWN_SAYS)]
    withdrawn += _labelled_line(
        styled, w.CONSENT_SIGNATURE, "withdrawn_signature", width, "signature", tall=True, kept=False
    )
    withdrawn += _labelled_line(styled, w.CONSENT_DATE, "withdrawn_date", width * 0.5, kept=False)
    return out + _kept(withdrawn)


def _kept(block: list[Flowable]) -> list[Flowable]:
    """``block`` kept on one page, its trailing spacer made the space after its last line, which a
    page foot absorbs: a block that fits but for that space stays on the page (and a spacer of its
    own never starts a page)."""
    *lines, last = block
    if isinstance(last, Spacer):
        lines[-1].spaceAfter = last.height
    else:
        lines.append(last)
    return [KeepTogether(lines)]


def form_pdf(form: ConsentForm, options: LayoutOptions, media: Media) -> bytes:
    """The consent form as PDF bytes: A4 or Letter, large print if asked; the same form, the same bytes."""
    from . import start

    with rl.drawing():  # ReportLab as leaflet needs it, for this thread, until the PDF is made
        styled, meta = start(form.prepared, options, media)
        lf = styled.leaflet
        meta.update(
            title=f"{styled.words.CONSENT_TITLE}: {lf.title}",
            subject=lf.title,
            keywords=meta["keywords"] + ["consent-form", f"consent-fields-{FORM_VERSION}"],
        )
        size = {"a4": A4, "letter": LETTER}[options.format]
        printing = PrintSettings(published=lf.published)
        buffer = io.BytesIO()
        doc = PagedDoc(
            buffer,
            styled,
            size,
            ((size[0] - MEASURE) / 2, PAGE_TOP_BOTTOM),
            printing,
            min_size(options),
            **meta,
        )
        build(doc, chain(form_story(styled, form, doc.frame_width)))
        return buffer.getvalue()
