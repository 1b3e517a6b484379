"""Fillable fields (AcroForm widgets) whose every font is embedded.

ReportLab's own fields name Helvetica and ZapfDingbats, which are never embedded, against "every
font embedded". Here text fields fill in a whole, embedded copy of the form's own TrueType face (a
Type0 font with Identity-H encoding, so a viewer or pypdf can draw any character the face has, not
only the subset the page used), and check boxes and radio buttons show a tick or a dot drawn as
paths, with no font at all. The form's AcroForm names that face in /DR and /DA. In a tagged file
each widget is in a Form structure element where it is drawn (tagging.widget_entries).

    fields = FormFields(canvas)
    fields.text(box, "patient_name", "Name", font_name, size, value="", rtl=False)
    fields.check(box, "risk_1_discussed", "the risk", ink)
    fields.radio(box, "question_1", "yes", "Are you pregnant?", ink, "Yes")

``box`` is (x0, y0, x1, y1) on the page. The same calls in the same order give the same bytes.
"""

from __future__ import annotations

import math

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from . import reportlab_private as rl
from . import tagging

CHECKED = "Yes"  # a ticked box's state; radio buttons take their own values ("yes", "no")
_MULTILINE, _RADIO, _NO_TOGGLE_TO_OFF = 1 << 12, 1 << 15, 1 << 14
_HIDDEN, _PRINT = 2, 4  # annotation flags
LEADING = 1.2  # a multi-line field's line height, in ems
PADDING = 4  # between a filled-in value and its box's sides, in points


def _stream(doc, content: str | bytes, **entries) -> PDFStream:
    stream = PDFStream(
        PDFDictionary(entries), content, filters=[pdfdoc.PDFStreamFilterZCompress()] if doc.compression else None
    )
    return stream


def _appearance(doc, width: float, height: float, content: str, resources: PDFDictionary | None = None):
    """A form XObject: one state of a widget."""
    entries = dict(
        Type=PDFName("XObject"),
        Subtype=PDFName("Form"),
        FormType=1,
        BBox=PDFArray([0, 0, round(width, 3), round(height, 3)]),
    )
    if resources is not None:
        entries["Resources"] = resources
    return doc.Reference(_stream(doc, content, **entries))


def _rgb(ink) -> str:
    return " ".join(f"{round(v, 4)}" for v in ink.rgb())


class Face:
    """A registered TrueType face as the fields use it: its glyphs, advances and shaping."""

    def __init__(self, font_name: str):
        self.face = pdfmetrics.getFont(font_name).face

    def advance(self, gid: int) -> int:
        metrics = self.face.hmetrics
        return round(metrics[min(gid, len(metrics) - 1)][0] * 1000 / self.face.unitsPerEm)

    def covers(self, text: str) -> bool:
        return all(ord(ch) in self.face.charToGlyph for ch in text if not ch.isspace())

    def shaped(self, text: str) -> list[tuple[int, int]]:
        """(glyph id, advance in 1/1000 em) in the order they print, shaped by HarfBuzz."""
        import uharfbuzz

        hb_font = self.__dict__.get("_hb")
        if hb_font is None:
            hb_font = self._hb = uharfbuzz.Font(uharfbuzz.Face(rl.font_program(self.face)))
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        uharfbuzz.shape(hb_font, buffer, {})
        return [(info.codepoint, self.advance(info.codepoint)) for info in buffer.glyph_infos]

    def width(self, text: str, size: float) -> float:
        return sum(advance for _, advance in self.shaped(text)) * size / 1000

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """``text`` in lines no wider than ``width`` (at word spaces; a longer word stands alone)."""
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line = ""
            for word in paragraph.split():
                trial = f"{line} {word}" if line else word
                if line and self.width(trial, size) > width:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        return lines

    def text_height(self, value: str, size: float, width: float) -> float:
        """The height a multi-line field needs to show ``value`` whole."""
        return len(self.wrap(value, size, width - 2 * PADDING)) * size * LEADING + 4 + size * 0.3


class FieldFont(Face):
    """A face embedded whole, as a Type0 font (Identity-H: a character code is a glyph id), with a
    ToUnicode map so filled-in text copies out as written."""

    def __init__(self, doc, font_name: str, key: str):
        super().__init__(font_name)
        face, self.key = self.face, key
        base = face.name.decode("ascii", "replace") if isinstance(face.name, bytes) else str(face.name)
        file = PDFStream(
            PDFDictionary({"Length1": len(rl.font_program(face))}),
            rl.font_program(face),
            filters=[pdfdoc.PDFZCompress] if doc.compression else None,
        )
        descriptor = PDFDictionary(
            dict(
                Type=PDFName("FontDescriptor"),
                FontName=PDFName(base),
                Flags=(face.flags & ~32) | 4,
                FontBBox=PDFArray(face.bbox),
                ItalicAngle=face.italicAngle,
                Ascent=face.ascent,
                Descent=face.descent,
                CapHeight=face.capHeight,
                StemV=face.stemV,
                FontFile2=doc.Reference(file),
            )
        )
        cid = PDFDictionary(
            dict(
                Type=PDFName("Font"),
                Subtype=PDFName("CIDFontType2"),
                BaseFont=PDFName(base),
                CIDSystemInfo=PDFDictionary(
                    dict(Registry=PDFString("Adobe"), Ordering=PDFString("Identity"), Supplement=0)
                ),
                FontDescriptor=doc.Reference(descriptor),
                DW=face.defaultWidth,
                W=PDFArray([0, PDFArray([self.advance(gid) for gid in range(face.numGlyphs)])]),
                CIDToGIDMap=PDFName("Identity"),
            )
        )
        self.ref = doc.Reference(
            PDFDictionary(
                dict(
                    Type=PDFName("Font"),
                    Subtype=PDFName("Type0"),
                    BaseFont=PDFName(base),
                    Encoding=PDFName("Identity-H"),
                    DescendantFonts=PDFArray([doc.Reference(cid)]),
                    ToUnicode=doc.Reference(_stream(doc, self._to_unicode())),
                )
            )
        )

    def _to_unicode(self) -> str:
        def own(code: int) -> bool:  # not one of the private-use codes shaping hands out
            return code <= 0xFFFF and not 0xE000 <= code < 0xF900

        pairs = sorted(
            (gid, min(c for c in chars if own(c)))
            for gid, chars in self.face.glyphToChar.items()
            if any(own(c) for c in chars)
        )
        blocks = []
        for start in range(0, len(pairs), 100):
            chunk = pairs[start : start + 100]
            blocks.append(
                f"{len(chunk)} beginbfchar\n"
                + "\n".join(f"<{gid:04X}> <{code:04X}>" for gid, code in chunk)
                + "\nendbfchar"
            )
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )


class FormFields:
    """The fields of one document's AcroForm, with the fonts they fill in."""

    def __init__(self, canvas):
        self.canvas, self.doc, self.form = canvas, rl.pdf_document(canvas), canvas.acroForm
        self.fonts: dict[str, FieldFont] = {}
        self._radios: dict[str, tuple[PDFDictionary, PDFArray]] = {}
        self._font_resources = PDFDictionary({})
        self.form.extras["DR"] = PDFDictionary({"Font": self._font_resources})
        self._blank: dict[tuple[float, float], object] = {}

    @classmethod
    def of(cls, canvas) -> FormFields:
        """The one FormFields of the canvas's document (made at its first field)."""
        doc = rl.pdf_document(canvas)
        found = getattr(doc, "_leaflet_form_fields", None)
        if found is None:
            found = doc._leaflet_form_fields = cls(canvas)
        found.canvas = canvas
        return found

    def font(self, font_name: str) -> FieldFont:
        if font_name not in self.fonts:
            key = f"LFf{len(self.fonts)}"
            self.fonts[font_name] = FieldFont(self.doc, font_name, key)
            self._font_resources.dict[key] = self.fonts[font_name].ref
            if "DA" not in self.form.extras:
                self.form.extras["DA"] = PDFString(f"/{key} 0 Tf 0 g")
        return self.fonts[font_name]

    def add(self, box, entries: dict) -> None:
        """A field of the caller's own making (a signature, a hidden value) as a widget at ``box``."""
        self._add(self._widget(box, **entries))

    def _add(self, widget: dict) -> None:
        self.form.fields.append(self.doc.Reference(self._annotate(widget)))

    def _annotate(self, widget: dict, alt: str | None = None) -> PDFDictionary:
        """The widget on the page being drawn, in a tagged file inside a Form element (a hidden
        one, holding a value for clinic systems only, is in none)."""
        entries = {} if widget.get("F", 0) & _HIDDEN else tagging.widget_entries(self.canvas, alt)
        obj = PDFDictionary({**widget, **entries})
        rl.add_annotation(self.canvas, obj)
        tagging.link_made(self.canvas, entries)
        return obj

    @staticmethod
    def _widget(box, **entries) -> dict:
        return {
            "Type": PDFName("Annot"),
            "Subtype": PDFName("Widget"),
            "F": _PRINT,
            "Rect": PDFArray([round(v, 3) for v in box]),
            **entries,
        }

    def _off(self, width: float, height: float):
        key = (round(width, 3), round(height, 3))
        if key not in self._blank:
            self._blank[key] = _appearance(self.doc, width, height, "")
        return self._blank[key]

    def check(self, box, name: str, tooltip: str, ink) -> None:
        """A tick box: ticked, it shows a tick drawn as a path."""
        w, h = box[2] - box[0], box[3] - box[1]
        line = max(1.2, h * 0.12)
        tick = (
            f"q {_rgb(ink)} RG {round(line, 3)} w 1 J 1 j {round(w * 0.2, 3)} {round(h * 0.52, 3)} m "
            f"{round(w * 0.42, 3)} {round(h * 0.25, 3)} l {round(w * 0.8, 3)} {round(h * 0.78, 3)} l S Q"
        )
        states = PDFDictionary({CHECKED: _appearance(self.doc, w, h, tick), "Off": self._off(w, h)})
        self._add(
            self._widget(
                box,
                FT=PDFName("Btn"),
                T=PDFString(name),
                TU=PDFString(tooltip),
                V=PDFName("Off"),
                AS=PDFName("Off"),
                AP=PDFDictionary({"N": states}),
            )
        )

    def radio(self, box, name: str, value: str, tooltip: str, ink, label: str = "") -> None:
        """One button of the radio group ``name`` (the group is made at its first button); chosen,
        it shows a dot drawn as a path. ``label``: the words beside it ("Yes")."""
        w, h = box[2] - box[0], box[3] - box[1]
        if name not in self._radios:
            kids = PDFArray([])
            parent = PDFDictionary(
                dict(
                    FT=PDFName("Btn"),
                    T=PDFString(name),
                    TU=PDFString(tooltip),
                    Ff=_RADIO | _NO_TOGGLE_TO_OFF,
                    V=PDFName("Off"),
                    Kids=kids,
                )
            )
            self.form.fields.append(self.doc.Reference(parent))
            self._radios[name] = (parent, kids)
        parent, kids = self._radios[name]
        dot = f"q {_rgb(ink)} rg {_circle(w / 2, h / 2, h * 0.28)} f Q"
        states = PDFDictionary({value: _appearance(self.doc, w, h, dot), "Off": self._off(w, h)})
        kid = self._annotate(
            self._widget(box, Parent=self.doc.Reference(parent), AS=PDFName("Off"), AP=PDFDictionary({"N": states})),
            alt=(f"{tooltip} {label}" if tooltip[-1:] in "?.:" else f"{tooltip}: {label}") if label else None,
        )
        kids.sequence.append(self.doc.Reference(kid))

    def text(
        self,
        box,
        name: str,
        tooltip: str,
        font_name: str,
        size: float,
        ink,
        value: str = "",
        rtl: bool = False,
        multiline: bool = False,
    ) -> None:
        """A text field filled in ``font_name`` (embedded whole); ``value``, if any, is shown already
        filled in and stays editable. Right to left, text starts at the right."""
        font = self.font(font_name)
        w, h = box[2] - box[0], box[3] - box[1]
        size = round(size, 2)
        resources = PDFDictionary({"Font": PDFDictionary({font.key: font.ref})})
        shown = _text_appearance(font, value, w, h, size, ink, rtl, multiline) if value else ""
        entries = dict(
            FT=PDFName("Tx"),
            T=PDFString(name),
            TU=PDFString(tooltip),
            DA=PDFString(f"/{font.key} {size} Tf {_rgb(ink)} rg"),
            Q=2 if rtl else 0,
            V=PDFString(value),
            AP=PDFDictionary({"N": _appearance(self.doc, w, h, shown, resources)}),
        )
        if multiline:
            entries["Ff"] = _MULTILINE
        self._add(self._widget(box, **entries))


def _text_appearance(
    font: FieldFont, value: str, w: float, h: float, size: float, ink, rtl: bool, multiline: bool
) -> str:
    lines = font.wrap(value, size, w - 2 * PADDING) if multiline else [" ".join(value.split())]
    leading = size * LEADING
    top = h - 2 - font.face.ascent * size / 1000 if multiline else (h - size * 0.7) / 2
    out = ["/Tx BMC q BT", f"{_rgb(ink)} rg", f"/{font.key} {size} Tf"]
    for n, line in enumerate(lines):
        glyphs = font.shaped(line)
        width = sum(advance for _, advance in glyphs) * size / 1000
        x = w - PADDING - width if rtl else PADDING
        out.append(
            f"1 0 0 1 {round(x, 3)} {round(top - n * leading, 3)} Tm <{''.join(f'{gid:04X}' for gid, _ in glyphs)}> Tj"
        )
    return "\n".join(out + ["ET Q EMC"])


def _circle(cx: float, cy: float, r: float) -> str:
    k = r * 4 * (math.sqrt(2) - 1) / 3
    p = lambda x, y: f"{round(x, 3)} {round(y, 3)}"  # noqa: E731
    return (
        f"{p(cx + r, cy)} m {p(cx + r, cy + k)} {p(cx + k, cy + r)} {p(cx, cy + r)} c "
        f"{p(cx - k, cy + r)} {p(cx - r, cy + k)} {p(cx - r, cy)} c "
        f"{p(cx - r, cy - k)} {p(cx - k, cy - r)} {p(cx, cy - r)} c "
        f"{p(cx + k, cy - r)} {p(cx + r, cy - k)} {p(cx + r, cy)} c h"
    )
