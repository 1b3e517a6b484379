"""The consent form's pages: the leaflet's header band and footer (PagedDoc), its styles and
right-to-left tables (Kit), and fillable fields (an AcroForm) drawn where the boxes are.

Every box is also drawn on the page itself, so the form prints and is filled by hand as well as on
a tablet; the fields on top of the boxes have no border or fill of their own. In a right-to-left
form the Kit mirrors each table, so the tick boxes are on the right.
"""
from __future__ import annotations

import io

from reportlab.lib.colors import HexColor, transparent
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..consent.form import FORM_VERSION, ConsentForm, Item
from . import reportlab_private as rl
from .blocks import CELL_PADDING, Kit
from .flow import chain
from .formats import MEASURE, PAGE_TOP_BOTTOM, build, min_size
from .formats.paged import PagedDoc
from .options import LayoutOptions
from .press import Press

FIELD_FONT = "Helvetica"  # what a viewer fills text in (AcroForm fonts are the standard 14; ours are subsets)


class Box(Flowable):
    """A box drawn on the page with a fillable field on it: ``kind`` is check, text, signature,
    radio or hidden (a read-only value, not shown)."""

    def __init__(self, kit: Kit, kind: str, name: str, tooltip: str, width: float, height: float,
                 value: str = ""):
        super().__init__()
        self.kit, self.kind, self.name, self.tooltip, self.value = kit, kind, name, tooltip, value
        self.width, self.height = width, height
        self.hAlign = "RIGHT" if kit.rtl else "LEFT"  # a line shorter than the column starts where the text does

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        if self.kind != "hidden":
            canvas.saveState()
            canvas.setStrokeColor(HexColor(self.kit.styles.colours.ink))
            canvas.setLineWidth(1.2)
            if self.kind == "radio":
                canvas.circle(self.width / 2, self.height / 2, self.height / 2, stroke=1, fill=0)
            elif self.kind in ("text", "signature") and self.height < 40:
                canvas.line(0, 0, self.width, 0)  # a line to write on
            else:
                canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
            canvas.restoreState()
        form = canvas.acroForm
        common = dict(name=self.name, tooltip=self.tooltip, relative=True, x=0, y=0)
        if self.kind == "check":
            form.checkbox(size=self.height, buttonStyle="check", borderWidth=0, fillColor=transparent,
                          borderColor=transparent, textColor=HexColor(self.kit.styles.colours.ink),
                          fieldFlags="", **common)
        elif self.kind == "radio":
            name, value = self.name.rsplit("=", 1)
            form.radio(**{**common, "name": name}, value=value, size=self.height, borderWidth=0,
                       fillColor=transparent, borderColor=transparent, fieldFlags="noToggleToOff radio",
                       textColor=HexColor(self.kit.styles.colours.ink))
        elif self.kind == "text":
            form.textfield(width=self.width, height=self.height, borderWidth=0, fillColor=transparent,
                           borderColor=transparent, fontName=FIELD_FONT,
                           fontSize=min(self.kit.styles.body.fontSize, self.height * 0.6),
                           maxlen=0, **common)
        else:
            self._raw_field(form)
        _drop_page_link(canvas)

    def _raw_field(self, form) -> None:
        """A signature field, or a hidden read-only value: ReportLab's AcroForm makes neither."""
        canvas = self.canv
        x, y = canvas.absolutePosition(0, 0)
        field = dict(Type=PDFName("Annot"), Subtype=PDFName("Widget"), T=PDFString(self.name),
                     TU=PDFString(self.tooltip), Rect=PDFArray([round(x, 3), round(y, 3), round(x + self.width, 3),
                                                               round(y + self.height, 3)]))
        if self.kind == "signature":
            field.update(FT=PDFName("Sig"), F=4)  # printed
        else:
            field.update(FT=PDFName("Tx"), V=PDFString(self.value), F=2, Ff=1)  # hidden; read-only
        obj = PDFDictionary(field)
        rl.add_annotation(canvas, obj)
        form.fields.append(form.getRef(obj))


def _drop_page_link(canvas) -> None:
    """The field just made names its page (/P) by the page count so far; PagedDoc's canvas holds
    every page back to the end (for "Page 1 of 3"), so that count is wrong. /P is optional."""
    obj = rl.last_annotation(canvas)
    if isinstance(obj, PDFDictionary):
        obj.dict.pop("P", None)


def _tick_rows(kit: Kit, items: tuple[Item, ...], width: float, initials: bool = False) -> list[Flowable]:
    """A table of lines to tick: the box, the words, and room for initials."""
    s = kit.styles
    size = s.body.fontSize * 1.5
    header = kit.words.CONSENT_RISK_COLUMNS[0]
    label = max((stringWidth(word, s.cell_bold.fontName, s.cell_bold.fontSize) for word in header.split()),
                default=0) if initials else 0
    box_col = min(max(size, label) + 16, width * 0.25)  # the header's longest word on a line
    initials_col = s.body.fontSize * 6 if initials else 0
    rows = []
    for item in items:
        words = f"**{kit.words.CONSENT_SERIOUS}** {item.text}" if item.serious else item.text
        row = [Box(kit, "check", item.field, item.text, size, size), kit.para(words, s.cell)]
        if initials:
            row.append(Box(kit, "text", item.field.replace("_discussed", "_initials"),
                           f"{kit.words.CONSENT_RISK_COLUMNS[2]}: {item.text}", initials_col - 14, size))
        rows.append(row)
    widths = [box_col, width - box_col - initials_col] + ([initials_col] if initials else [])
    cmds = kit.table_style(header=initials)
    if initials:
        rows.insert(0, [kit.para(c, s.cell_bold) for c in kit.words.CONSENT_RISK_COLUMNS])
    cmds += [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    return [kit.table(rows, widths, cmds, repeatRows=1 if initials else 0)]


def _questions(kit: Kit, items: tuple[Item, ...], width: float) -> list[Flowable]:
    s = kit.styles
    size = s.body.fontSize * 1.4
    answer = s.body.fontSize * 4.2 + 2 * CELL_PADDING
    rows = []
    for item in items:
        rows.append([kit.para(item.text, s.cell)] + [
            [Box(kit, "radio", f"{item.field}={value}", item.text, size, size), kit.para(label, s.cell)]
            for value, label in (("yes", kit.words.CONSENT_YES), ("no", kit.words.CONSENT_NO))])
    cmds = kit.table_style(header=False) + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    return [kit.table([[_inline(kit, cell) if isinstance(cell, list) else cell for cell in row] for row in rows],
                      [width - 2 * answer, answer, answer], cmds)]


def _inline(kit: Kit, parts: list[Flowable]) -> Flowable:
    """A radio button and its label side by side (the button on the right, right to left)."""
    box, label = parts
    pad = [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
    pad.append(("LEFTPADDING", (1, 0), (1, 0), 5))  # between the button and its label (mirrored right to left)
    return kit.table([[box, label]], [box.width, kit.styles.body.fontSize * 2.8],
                     [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1),
                                                                kit.styles.fonts.body.regular)] + pad)


def _labelled_line(kit: Kit, label: str, name: str, width: float, kind: str = "text",
                   tall: bool = False, kept: bool = True) -> list[Flowable]:
    """A label, and a line (or a signature box) to write on under it, kept together unless the
    caller keeps a larger block together (``kept=False``)."""
    s = kit.styles
    height = s.body.fontSize * (3.6 if tall else 2.0)
    pair = [kit.para(f"**{label}**", s.cell), Box(kit, kind, name, label, width, height)]
    return [KeepTogether(pair) if kept else pair[0], *([] if kept else pair[1:]), Spacer(1, s.body.fontSize * 0.7)]


def _signatures(kit: Kit, who: str, width: float, intro: str | None = None) -> list[Flowable]:
    w = kit.words
    out: list[Flowable] = [kit.subheading(w.CONSENT_PATIENT if who == "patient" else w.CONSENT_PRACTITIONER)]
    if intro:
        out.append(kit.para(intro))
    out += _labelled_line(kit, w.CONSENT_SIGNATURE, f"{who}_signature", width, "signature", tall=True, kept=False)
    out += _labelled_line(kit, w.CONSENT_NAME, f"{who}_name", width, kept=False)
    out += _labelled_line(kit, w.CONSENT_DATE, f"{who}_date", width * 0.5, kept=False)
    return [KeepTogether(out)]


def form_story(kit: Kit, form: ConsentForm, width: float) -> list[Flowable]:
    w, s, lf = kit.words, kit.styles, kit.leaflet
    out: list[Flowable] = [kit.heading(w.CONSENT_TITLE, s.title), kit.para(lf.title, s.subtitle)]
    out += [Box(kit, "hidden", name, name, 1, 0.01, value) for name, value in form.hidden]
    out += [kit.para(w.CONSENT_INTRO), kit.para(f"**{form.leaflet_line}**")]
    out += [kit.para(line) for line in form.translation_lines]
    out += _labelled_line(kit, w.CONSENT_GIVEN_ON, "leaflet_given_date", width * 0.5)
    out += [kit.heading(w.CONSENT_CLINIC)]  # the treatment as this clinic gives it, before its risks
    out += _labelled_line(kit, w.CONSENT_PRODUCTS, "clinic_products", width)
    out += _labelled_line(kit, w.CONSENT_TREATED_BY, "clinic_treated_by", width)
    intro = kit.para(w.CONSENT_RISKS_INTRO)
    intro.keep_next = True  # with the table's first rows
    out += [kit.heading(w.CONSENT_RISKS), intro]
    out += _tick_rows(kit, form.risks, width, initials=True)
    out += [kit.heading(w.CONSENT_CHOICES)] + _tick_rows(kit, form.choices, width)
    if form.cooling_off:
        out += [kit.heading(w.CONSENT_TIME), kit.para(form.cooling_off)]
    if form.questions:
        out += [kit.heading(w.CONSENT_QUESTIONS)] + _questions(kit, form.questions, width)
    out += [kit.heading(w.CONSENT_AGREE)] + _tick_rows(kit, form.declarations, width)
    out += _signatures(kit, "patient", width)
    out += _signatures(kit, "practitioner", width, w.CONSENT_PRACTITIONER_SAYS)
    withdrawn = [kit.heading(w.CONSENT_WITHDRAWN), kit.para(w.CONSENT_WITHDRAWN_SAYS)]
    withdrawn += _labelled_line(kit, w.CONSENT_SIGNATURE, "withdrawn_signature", width, "signature", tall=True,
                                kept=False)
    withdrawn += _labelled_line(kit, w.CONSENT_DATE, "withdrawn_date", width * 0.5, kept=False)
    return out + [KeepTogether(withdrawn)]


def form_pdf(form: ConsentForm, options: LayoutOptions = LayoutOptions()) -> bytes:
    """The consent form as PDF bytes: A4 or Letter, large print if asked; the same form, the same bytes."""
    from . import start

    with rl.drawing():  # ReportLab as leaflet needs it, for this thread, until the PDF is made
        kit, meta = start(form.prepared, options)
        lf = kit.leaflet
        meta.update(title=f"{kit.words.CONSENT_TITLE}: {lf.title}", subject=lf.title,
                    keywords=meta["keywords"] + ["consent-form", f"consent-fields-{FORM_VERSION}"])
        size = {"a4": A4, "letter": LETTER}[options.format]
        press = Press(published=lf.published)
        buffer = io.BytesIO()
        doc = PagedDoc(buffer, kit, size, ((size[0] - MEASURE) / 2, PAGE_TOP_BOTTOM), press, min_size(options), **meta)
        build(doc, chain(form_story(kit, form, doc.frame_width)))
        return buffer.getvalue()

